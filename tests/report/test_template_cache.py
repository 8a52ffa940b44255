"""The report's compiled templates are cached between runs, and the page embeds the very data
files written beside it, each rendered once (issue 20's fixed costs)."""

from __future__ import annotations

import base64
import os
import re

from jinja2 import FileSystemBytecodeCache

from auditor.config import ReportConfig
from auditor.report import write_reports
from auditor.report.formats.html import (
    PAGE_TEMPLATE,
    TEMPLATE_CACHE,
    TEMPLATES,
    HtmlFormat,
    RenderedOnce,
    TemplateCache,
    data_formats,
    make_environment,
    template_cache,
)
from auditor.report.formats.json import JsonFormat
from auditor.report.view import build_view
from tests.report.conftest import MEASURES, build_result

DATA_URI = re.compile(r'href="data:[\w/]+;charset=utf-8;base64,([\w+/=]+)" download="([\w.]+)"')


def test_a_cached_template_renders_the_same_page_as_a_freshly_compiled_one(tmp_path):
    result = build_result()
    fmt = HtmlFormat(MEASURES, ReportConfig())
    context = {
        "view": build_view(result, fmt.measures, fmt.config.title),
        "downloads": fmt.downloads(result),
        "style": "",
        "script": "",
        "csp": "",
    }
    fresh = make_environment(None).get_template(PAGE_TEMPLATE).render(**context)
    cache = template_cache(tmp_path)
    assert cache is not None
    first = make_environment(cache).get_template(PAGE_TEMPLATE).render(**context)
    entries = sorted((tmp_path / TEMPLATE_CACHE).iterdir())
    assert entries  # the page and the templates it includes, compiled and stored
    # A new process's environment: nothing in memory, every template loaded from the folder.
    again = template_cache(tmp_path)
    assert again is not None
    env = make_environment(again)
    source = (TEMPLATES / PAGE_TEMPLATE).read_text(encoding="utf-8")
    filename = str(TEMPLATES / PAGE_TEMPLATE)
    assert again.get_bucket(env, PAGE_TEMPLATE, filename, source).code is not None
    second = env.get_template(PAGE_TEMPLATE).render(**context)
    assert first == second == fresh
    assert sorted((tmp_path / TEMPLATE_CACHE).iterdir()) == entries


def test_the_cache_folder_is_private_and_a_shared_one_is_not_used(tmp_path):
    assert template_cache(tmp_path) is not None
    folder = tmp_path / TEMPLATE_CACHE
    assert folder.stat().st_mode & 0o777 == 0o700
    folder.chmod(0o777)  # another user could plant code there: compile instead
    assert template_cache(tmp_path) is None


def test_a_folder_that_cannot_be_made_means_no_cache(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert template_cache(blocker) is None


def test_a_cache_that_vanished_or_holds_garbage_still_renders(tmp_path):
    cache = template_cache(tmp_path)
    assert cache is not None
    env = make_environment(cache)
    env.get_template("brief.html.j2")
    for entry in (tmp_path / TEMPLATE_CACHE).iterdir():
        entry.write_bytes(b"not bytecode")
    assert make_environment(cache).get_template("brief.html.j2") is not None  # garbage: recompiled
    for entry in (tmp_path / TEMPLATE_CACHE).iterdir():
        entry.unlink()
    (tmp_path / TEMPLATE_CACHE).rmdir()
    assert make_environment(cache).get_template("brief.html.j2") is not None  # nowhere to write


def test_the_cache_key_covers_the_environment_options(tmp_path):
    """Compiled code depends on autoescape and whitespace options that Jinja's key ignores."""
    ours = TemplateCache(tmp_path).get_cache_key(PAGE_TEMPLATE)
    plain = FileSystemBytecodeCache(str(tmp_path)).get_cache_key(PAGE_TEMPLATE)
    assert ours != plain


def test_the_page_embeds_exactly_the_data_files_written_beside_it(tmp_path):
    paths = write_reports(build_result(), tmp_path, ReportConfig(), measures=MEASURES)
    html = paths["html"].read_text(encoding="utf-8")
    embedded = {name: base64.b64decode(data).decode() for data, name in DATA_URI.findall(html)}
    assert sorted(embedded) == ["actions.csv", "photos.csv", "report.json"]
    for name, text in embedded.items():
        assert (tmp_path / name).read_bytes().decode("utf-8") == text, name


def test_a_data_file_is_rendered_once_per_result():
    calls = []

    class Counting(JsonFormat):
        def render(self, result):
            calls.append(result)
            return super().render(result)

    once = RenderedOnce(Counting(MEASURES))
    result, other = build_result(), build_result(with_changes=False)
    assert once.render(result) == once.render(result) == JsonFormat(MEASURES).render(result)
    assert once.render(other) == JsonFormat(MEASURES).render(other)
    assert calls == [result, other]
    assert [fmt.filename for fmt in data_formats(MEASURES)] == [
        "actions.csv",
        "photos.csv",
        "report.json",
    ]


def test_the_user_cache_folder_follows_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = template_cache()
    assert cache is not None and cache.directory == os.fspath(tmp_path / TEMPLATE_CACHE)
