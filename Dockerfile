# Runs a headshot audit in a container:
#   docker build -t headshot-audit .
#   docker run --rm -v "$PWD/reports:/app/reports" headshot-audit audit https://example.com/team
# Reports, the history database and the HTTP cache live in the mounted /app/reports volume, so
# scheduled runs remember each other.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY auditor ./auditor
COPY configs ./configs
RUN pip install . && useradd --create-home auditor && mkdir -p reports && chown auditor reports
USER auditor
VOLUME ["/app/reports"]
ENTRYPOINT ["headshot-audit"]
CMD ["demo"]
