"""Report stage: serialise one `AuditResult` to JSON and CSV and render it as one HTML file.

Entry point: `write_reports(result, out_dir, config) -> dict[str, Path]`.
"""
