"""The command line end to end, against real HTTP servers on 127.0.0.1 and real photos."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import logging
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema
import pytest

from auditor.cli import EXIT_FINDINGS, EXIT_NOTHING_AUDITED, EXIT_OK, EXIT_USAGE, main
from auditor.crawl.render import find_chromium
from auditor.demo import DEMO_PEOPLE, serve_folder
from auditor.demo.photos import make_demo_photos
from tests.wording import jargon_in, visible_text

BAD_SEVERITIES = {"warning", "error"}
ROOT = Path(__file__).resolve().parents[1]


def _report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def _by_name(report: dict) -> dict[str, dict]:
    return {p["name"]: p for p in report["photos"]}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory) -> tuple[int, Path]:
    """`headshot-audit demo` run once for this module."""
    out = tmp_path_factory.mktemp("demo") / "report"
    code = main(["demo", "--out", str(out), "--quiet"])
    return code, out


def test_demo_writes_every_report(demo_run):
    code, out = demo_run
    assert code == EXIT_OK
    for name in (
        "report.html",
        "report.json",
        "photos.csv",
        "actions.csv",
        "junit.xml",
        "summary.md",
    ):
        assert (out / name).stat().st_size > 0
    report = _report(out)
    assert report["tool"]["name"] == "headshot-audit"
    assert len(report["photos"]) == 16
    rows = list(csv.DictReader(io.StringIO((out / "photos.csv").read_text(encoding="utf-8"))))
    assert [r["name"] for r in rows] == [p["name"] for p in report["photos"]]


def test_the_demo_report_matches_the_published_schema(demo_run):
    _, out = demo_run
    schema = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(_report(out))


def test_the_demo_report_reads_in_plain_words(demo_run):
    """A real audit's report, as the reader sees it (Details closed): no jargon anywhere."""
    html = (demo_run[1] / "report.html").read_text(encoding="utf-8")
    text = visible_text(html)
    assert "Action list" in text and "Summary" in text
    assert not jargon_in(text), sorted(set(jargon_in(text)))


def test_demo_flags_every_off_style_photo_and_spares_the_on_style_ones(demo_run):
    _, out = demo_run
    photos = _by_name(_report(out))
    expected = [p.off_style for p in make_demo_photos(count_on_style=8)]
    on_style_clean = 0
    on_style_total = 0
    for (name, _title), off_style in zip(DEMO_PEOPLE, expected, strict=True):
        flags = photos[name]["flags"]
        if off_style is None:
            on_style_total += 1
            on_style_clean += not any(f["severity"] in BAD_SEVERITIES for f in flags)
        else:
            codes = {f["code"] for f in flags}
            assert off_style in codes, f"{name} ({off_style}) was flagged only {sorted(codes)}"
    assert on_style_clean / on_style_total >= 0.8


def test_fail_on_warning_exits_1_when_the_demo_has_warnings(demo_run, tmp_path):
    code = main(["demo", "--out", str(tmp_path / "r"), "--quiet", "--fail-on", "warning"])
    assert code == EXIT_FINDINGS


def test_broken_missing_and_non_image_photos_are_failed_with_a_reason(demo_site, tmp_path):
    photos = sorted((demo_site / "photos").iterdir())
    photos[0].write_bytes(photos[0].read_bytes()[:300])  # truncated JPEG
    photos[1].write_text("<html><body>Not found</body></html>")  # HTML served as .jpg
    photos[2].unlink()  # 404
    with serve_folder(demo_site) as base:
        code = main(
            ["audit", base + "index.html", "--out", str(tmp_path / "r"), "--quiet", "--no-history"]
        )
    assert code == EXIT_OK
    report = _report(tmp_path / "r")
    assert len(report["photos"]) == 16
    failed = [p for p in report["photos"] if p["status"] == "failed"]
    assert len(failed) == 3
    for photo in failed:
        assert photo["error"] and len(photo["error"]) > 5
    ok = [p for p in report["photos"] if p["status"] in ("ok", "no_face")]
    assert len(ok) == 13


def test_folder_and_csv_sources(demo_site_template, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    photos = sorted((demo_site_template / "photos").iterdir())[:10]
    for path in photos:
        shutil.copy(path, folder / path.name)
    (folder / "notes.txt").write_text("not a photo")
    (folder / "Thumbs.db").write_bytes(b"\0" * 64)  # what Windows leaves: not worth a line
    shutil.copy(photos[0], folder / "Pat Lee.jfif")  # a JPEG under an extension not read
    code = main(["audit", str(folder), "--out", str(tmp_path / "a"), "--quiet", "--no-history"])
    assert code == EXIT_OK
    report = _report(tmp_path / "a")
    assert len(report["photos"]) == 10
    # the other files are not lost without a word: they are listed as left out, with why
    left_out = {item["text"]: item["reason"] for item in report["excluded"]}
    assert set(left_out) == {"notes.txt", "Pat Lee.jfif"}
    assert ".jfif file" in left_out["Pat Lee.jfif"]

    table = tmp_path / "team.csv"
    with table.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "photo"])
        for i, path in enumerate(photos):
            writer.writerow([f"Person {i}", str(path)])
        writer.writerow(["Nobody Here", str(tmp_path / "missing.jpg")])
    code = main(["audit", str(table), "--out", str(tmp_path / "b"), "--quiet", "--no-history"])
    assert code == EXIT_OK
    report = _by_name(_report(tmp_path / "b"))
    assert len(report) == 11
    assert report["Nobody Here"]["status"] == "failed"
    # a list has no team page to point at: the to-do names the list
    with (tmp_path / "b" / "actions.csv").open(newline="", encoding="utf-8") as fh:
        todo = {row["name"]: row["what_to_do"] for row in csv.DictReader(fh)}
    assert todo["Nobody Here"].startswith("Check the photo file or link in the list")


def test_usage_errors_exit_2(tmp_path):
    assert main(["audit", str(tmp_path / "no-such-folder"), "--out", str(tmp_path / "r")]) == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("[crawl]\nspeed = 'fast'\n")
    assert main(["audit", str(tmp_path), "--config", str(bad)]) == EXIT_USAGE
    assert main(["audit", str(tmp_path), "--fail-on", "sometimes"]) == EXIT_USAGE
    assert main([]) in (EXIT_OK, EXIT_USAGE)  # prints help


def test_a_page_without_photos_exits_3(tmp_path, capsys):
    (tmp_path / "index.html").write_text("<html><body><p>Under construction</p></body></html>")
    with serve_folder(tmp_path) as base:
        code = main(["audit", base + "index.html", "--out", str(tmp_path / "r"), "--no-history"])
    assert code == EXIT_NOTHING_AUDITED
    assert "No photo could be audited" in capsys.readouterr().err


def test_two_scheduled_runs_report_exactly_what_changed(demo_site, tmp_path):
    root = tmp_path / "reports"
    index = demo_site / "index.html"
    with serve_folder(demo_site) as base:
        url = base + "index.html"
        assert main(["audit", url, "--out", str(root / "20260101T000000Z"), "--quiet"]) == 0
        # One photo changes, one person leaves, one joins.
        page = index.read_text(encoding="utf-8")
        photos = demo_site / "photos"
        (photos / "on-style-04.jpg").write_bytes((photos / "on-style-06.jpg").read_bytes())
        leaving = DEMO_PEOPLE[1][0]
        start = page.index(f"<h3>{leaving}</h3>")
        card_start = page.rindex('<div class="card">', 0, start)
        card_end = page.index("</div>", start) + len("</div>")
        page = page[:card_start] + page[card_end:]
        page = page.replace(
            "</section>",
            '<div class="card"><img src="photos/on-style-01.jpg" alt="">'
            "<h3>New Starter</h3><p>Intern</p></div></section>",
        )
        index.write_text(page, encoding="utf-8")
        assert main(["audit", url, "--out", str(root / "20260108T000000Z"), "--quiet"]) == 0
    changes = _report(root / "20260108T000000Z")["changes"]
    assert changes["previous_run"]
    assert changes["new_people"] == ["New Starter"]
    assert changes["departed_people"] == [leaving]
    changed_name = DEMO_PEOPLE[3][0]
    assert changes["changed_photos"] == [changed_name]
    assert (root / "history.sqlite").exists()


def test_budgets_give_exit_1_exactly_when_broken(demo_site_template, tmp_path):
    with serve_folder(demo_site_template) as base:
        url = base + "index.html"
        args = ["audit", url, "--quiet", "--no-history"]
        loose = tmp_path / "loose.toml"
        loose.write_text("[budgets]\nmax_flagged_share = 1.0\nmin_score = 0\n")
        assert main([*args, "--out", str(tmp_path / "a"), "--config", str(loose)]) == EXIT_OK
        score = _report(tmp_path / "a")["team"]["score"]
        strict = tmp_path / "strict.toml"
        strict.write_text(f"[budgets]\nmin_score = {min(100, score + 1):.1f}\n")
        assert main([*args, "--out", str(tmp_path / "b"), "--config", str(strict)]) == 1
        just = tmp_path / "just.toml"
        just.write_text(f"[budgets]\nmin_score = {score - 0.5:.1f}\n")
        assert main([*args, "--out", str(tmp_path / "c"), "--config", str(just)]) == EXIT_OK
        share = tmp_path / "share.toml"
        share.write_text("[budgets]\nmax_flagged_share = 0.05\n")
        assert main([*args, "--out", str(tmp_path / "d"), "--config", str(share)]) == 1


def test_json_log_lines_for_schedulers(photo_folder, tmp_path, capsys):
    code = main(
        [
            "audit",
            str(photo_folder),
            "--out",
            str(tmp_path / "r"),
            "--log-format",
            "json",
            "--no-history",
        ]
    )
    assert code == EXIT_OK
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert lines, "progress should be logged"
    for line in lines:
        entry = json.loads(line)
        assert {"time", "level", "message"} <= entry.keys()
    measuring = [e for e in map(json.loads, lines) if e.get("phase") == "Measuring photos"]
    # Photos are measured while others download, yet the bar counts against everyone found,
    # once per quarter: a short cron mail that ends at done == total.
    assert 1 <= len(measuring) <= 5
    assert len({e["total"] for e in measuring}) == 1
    assert measuring[-1]["done"] == measuring[-1]["total"]


def test_quiet_prints_nothing_on_success(photo_folder, tmp_path, capsys):
    assert main(["audit", str(photo_folder), "--out", str(tmp_path / "r"), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_main_leaves_logging_levels_as_it_found_them(photo_folder, tmp_path):
    """A host process (or a later test) keeps hearing our warnings after a --quiet run."""
    own, root = logging.getLogger("auditor"), logging.getLogger()
    before = own.level, root.level
    assert main(["audit", str(photo_folder), "--out", str(tmp_path / "r"), "--quiet"]) == 0
    assert (own.level, root.level) == before


def test_default_output_root_keeps_latest_and_prunes_only_its_own_runs(
    photo_folder, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "keep.toml"
    config.write_text("[history]\nkeep_runs = 2\n")
    root = tmp_path / "reports"
    # Named like runs and holding a report.json, but not created by this tool: never pruned.
    for stamp in ("20250101T000000Z", "20250201T000000Z"):
        (root / stamp).mkdir(parents=True)
        (root / stamp / "report.json").write_text("{}")
        (root / stamp / "notes.txt").write_text("mine")
    (root / "keep-me").mkdir()
    args = ["audit", str(photo_folder), "--quiet", "--config", str(config)]
    for _ in range(3):
        assert main(args) == 0
    runs = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.is_symlink())
    assert {"keep-me", "20250101T000000Z", "20250201T000000Z"} <= set(runs)
    ours = [r for r in runs if r.startswith("20") and not r.startswith("2025")]
    assert len(ours) == 2  # three runs in quick succession: unique names, the oldest pruned
    latest = root / "latest"
    assert latest.is_symlink() and (latest / "report.html").exists()
    with sqlite3.connect(root / "history.sqlite") as db:
        (newest,) = db.execute("SELECT report_dir FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    assert latest.resolve() == Path(newest).resolve()
    assert (root / "history.sqlite").exists()


def test_unwritable_output_folder_exits_2_with_a_reason(photo_folder, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code = main(["audit", str(photo_folder), "--out", str(blocker / "r"), "--no-history"])
    assert code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "Cannot write the report" in err and "Traceback" not in err


def test_left_out_candidates_reach_report_json_and_a_page_of_none_says_why(tmp_path, capsys):
    """The crawl's left-out candidates travel through the audit into report.json; a page
    whose candidates are all left out names them in the error the CLI prints."""
    (tmp_path / "photos").mkdir()
    names = []
    for photo in make_demo_photos()[:2]:
        (tmp_path / "photos" / photo.filename).write_bytes(photo.data)
        names.append(photo.filename)
    cards = "".join(
        f'<div class="member"><img src="photos/{n}" alt=""><h3>Ann {chr(65 + i)}. Lee</h3>'
        '<p class="role">Engineer</p></div>'
        for i, n in enumerate(names)
    )
    (tmp_path / "index.html").write_text(
        f'<html><body><section id="team">{cards}</section><section id="clients">'
        f'<div class="c"><img src="photos/{names[0]}" alt=""><h4>Acme Corp</h4></div>'
        "</section></body></html>"
    )
    (tmp_path / "work.html").write_text(
        '<html><body><section id="portfolio"><div class="tile">'
        f'<img src="photos/{names[1]}" alt=""><h3>Harbour House</h3></div></section>'
        "</body></html>"
    )
    with serve_folder(tmp_path) as base:
        out = tmp_path / "r"
        assert main(["audit", base + "index.html", "--out", str(out), "--no-history"]) in (
            EXIT_OK,
            EXIT_FINDINGS,
        )
        report = _report(out)
        assert [(e["text"], "clients" in e["reason"]) for e in report["excluded"]] == [
            ("Acme Corp", True)
        ]
        assert report["excluded"][0]["page_url"] == base + "index.html"
        code = main(["audit", base + "work.html", "--out", str(tmp_path / "w"), "--no-history"])
    assert code == EXIT_NOTHING_AUDITED
    err = capsys.readouterr().err
    assert "No team members found among 1 candidates" in err and "Harbour House" in err


def test_what_the_crawler_noticed_about_a_person_reaches_the_report(tmp_path):
    """A photo whose alt text names someone else, and a name read only from the alt text,
    are worth a reader's look: the crawler's notes reach report.json and the person's card."""
    (tmp_path / "photos").mkdir()
    names = []
    for photo in make_demo_photos()[:3]:
        (tmp_path / "photos" / photo.filename).write_bytes(photo.data)
        names.append(photo.filename)
    (tmp_path / "index.html").write_text(
        '<html><body><section id="team">'
        f'<div class="member"><img src="photos/{names[0]}" alt="Portrait of Ben Ortiz">'
        '<h3>Ann Lee</h3><p class="role">Engineer</p></div>'
        f'<div class="member"><img src="photos/{names[1]}" alt="Carla Diaz"></div>'
        f'<div class="member"><img src="photos/{names[2]}" alt="">'
        '<h3>Dev Patel</h3><p class="role">Designer</p></div>'
        "</section></body></html>"
    )
    with serve_folder(tmp_path) as base:
        out = tmp_path / "r"
        main(["audit", base + "index.html", "--out", str(out), "--no-history"])
    notes = {p["name"]: p["notes"] for p in _report(out)["photos"]}
    assert any("does not match the visible name" in n for n in notes["Ann Lee"])
    assert any("alt text" in n for n in notes["Carla Diaz"])
    assert notes["Dev Patel"] == []
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "does not match the visible name" in html


def test_no_line_wrapping_off_a_terminal(photo_folder, tmp_path, capsys):
    out = tmp_path / ("a-very-long-folder-name-for-the-weekly-report-" * 3) / "run"
    assert main(["audit", str(photo_folder), "--out", str(out), "--no-history"]) == EXIT_OK
    stdout = capsys.readouterr().out
    assert f"Report: {out / 'report.html'}" in stdout.splitlines()


def test_library_warnings_go_through_the_same_log(photo_folder, tmp_path):
    """A library's log warning and a `warnings.warn` during the run come out as JSON lines.

    Planted in a child process (no library warns on these photos, and pytest intercepts
    `warnings` in-process): the routing is what is under test.
    """
    script = textwrap.dedent(
        f"""
        import logging, sys, warnings
        import auditor.audit
        real = auditor.audit.run_audit
        def noisy(*args, **kwargs):
            logging.getLogger("httpx").warning("a library's warning")
            logging.getLogger("httpx").info("a library's chatter")
            warnings.warn("a deprecated call", UserWarning)
            return real(*args, **kwargs)
        auditor.audit.run_audit = noisy
        from auditor.cli import main
        sys.exit(main(["audit", {str(photo_folder)!r}, "--out", {str(tmp_path / "r")!r},
                       "--no-history", "--log-format", "json"]))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == EXIT_OK, proc.stderr
    records = [json.loads(line) for line in proc.stderr.splitlines() if line.strip()]
    by_logger = {r.get("logger"): r for r in records}
    assert by_logger["httpx"]["message"] == "a library's warning"
    assert "a deprecated call" in by_logger["py.warnings"]["message"]
    assert not any("chatter" in r["message"] for r in records)  # libraries: warnings and up
    assert records[-1]["event"] == "summary"


@pytest.mark.browser
def test_pdf_option_writes_report_pdf_or_says_why_not(photo_folder, tmp_path, caplog):
    out = tmp_path / "r"
    code = main(["audit", str(photo_folder), "--out", str(out), "--no-history", "--pdf"])
    assert code == EXIT_OK  # a PDF that cannot be made never fails the audit
    pdf = out / "report.pdf"
    can_print = find_chromium() is not None and importlib.util.find_spec("playwright") is not None
    assert pdf.exists() is can_print
    assert (out / "actions.csv").exists()
    if can_print:
        assert pdf.read_bytes().startswith(b"%PDF-")
    else:
        assert "PDF skipped" in caplog.text
    # The PDF is part of the report folder: the next run replaces it with the rest.
    inode = out.stat().st_ino
    code = main(["audit", str(photo_folder), "--out", str(out), "--no-history", "--pdf"])
    assert code == EXIT_OK and out.stat().st_ino != inode
    assert pdf.exists() is can_print


def test_fixes_writes_drafts_beside_the_report_and_leaves_the_originals(
    demo_site_template, tmp_path
):
    photo_folder = tmp_path / "photos"
    shutil.copytree(demo_site_template / "photos", photo_folder)
    before = {p.name: p.read_bytes() for p in photo_folder.iterdir()}
    out = tmp_path / "r"
    args = ["audit", str(photo_folder), "--out", str(out), "--quiet", "--no-history"]
    assert main([*args, "--fixes"]) == EXIT_OK
    report = _report(out)
    drafts = [p for p in report["photos"] if p["fix"]]
    assert drafts, "the demo's cast, dark and teal-backdrop photos can be corrected"
    for photo in drafts:
        assert (out / photo["fix"]["path"]).is_file() and photo["fix"]["changes"]
        assert not photo["needs_new_photo"]
    assert any(p["needs_new_photo"] and p["fix_note"] for p in report["photos"])
    assert (out / "brief.html").is_file()
    assert {p.name: p.read_bytes() for p in photo_folder.iterdir()} == before
    # The same --out again: its fixes/ folder is the tool's own, so the folder is replaced.
    assert main([*args, "--fixes"]) == EXIT_OK
    # Without --fixes: no drafts, but the verdicts are there.
    assert main([*args[:3], str(tmp_path / "plain"), *args[4:]]) == EXIT_OK
    plain = _report(tmp_path / "plain")
    assert not (tmp_path / "plain" / "fixes").exists()
    assert all(p["fix"] is None for p in plain["photos"])
    assert [p["needs_new_photo"] for p in plain["photos"] if p["flags"]] != []


def test_log_problems_use_the_same_prefix_style_as_the_error_line() -> None:
    """A logged problem reads "Warning: ..." / "Error: ...", like the CLI's own "Error: ..."."""
    import logging

    from auditor.cli import _Text

    def line(level: int) -> str:
        return _Text().format(logging.LogRecord("x", level, __file__, 1, "msg", None, None))

    assert line(logging.WARNING) == "Warning: msg"
    assert line(logging.ERROR) == "Error: msg"
    assert line(logging.INFO) == "msg"


def test_audit_help_names_the_sources_argument_without_a_python_type(capsys):
    assert main(["audit", "-h"]) == EXIT_OK
    text = capsys.readouterr().out
    assert "Usage: headshot-audit audit [OPTIONS] [SOURCE...]" in text
    assert "  SOURCE...  Team page URL(s)" in text
    assert "list[str]" not in text and "<" not in text.split("Options:")[0]


def test_the_fixes_hint_is_for_the_operator_not_the_report_reader(
    demo_site_template, tmp_path, capsys
):
    """Without --fixes, the CLI output and summary.md say how to get drafts; the report
    (read by marketing) says a draft can be made, never which option to pass."""
    out = tmp_path / "r"
    photos = demo_site_template / "photos"
    assert main(["audit", str(photos), "--out", str(out), "--no-history"]) == EXIT_OK
    printed = capsys.readouterr().out
    report = _report(out)
    fixable = [p for p in report["photos"] if p["fix_note"] and not p["needs_new_photo"]]
    assert fixable, "the demo's cast, dark and teal-backdrop photos can be corrected"
    hint = f"{len(fixable)} flagged photos can be corrected from the file: run again with --fixes"
    assert hint in printed
    assert "run again with `--fixes`" in (out / "summary.md").read_text(encoding="utf-8")
    for name in ("report.html", "actions.csv", "brief.html"):
        assert "--fixes" not in (out / name).read_text(encoding="utf-8"), name
    html = visible_text((out / "report.html").read_text(encoding="utf-8"))
    assert "whoever runs the audit can make a corrected draft" in html
    # With --fixes the drafts exist, so the hint is gone.
    assert (
        main(["audit", str(photos), "--out", str(tmp_path / "f"), "--no-history", "--fixes"]) == 0
    )
    assert "--fixes" not in capsys.readouterr().out
    assert "--fixes" not in (tmp_path / "f" / "summary.md").read_text(encoding="utf-8")
