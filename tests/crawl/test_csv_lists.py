"""CSV lists as spreadsheets save them: real files, real photos, the crawl stage end to end.

Each case writes the bytes Excel, Sheets or an HR export would write (encoding, delimiter,
quoting, header words) and checks that every person arrives with the right name, title and
photo, or that the file is refused with a sentence saying what to do.
"""

from __future__ import annotations

import codecs

import pytest
from crawl_httpd import serve

from auditor.config import CrawlConfig
from auditor.crawl import crawl
from auditor.exceptions import CrawlError

FAST = CrawlConfig(timeout=3.0, backoff=0.05, retries=0)
PEOPLE = [("Zoë Müller", "Head of Sales, EMEA"), ("José Peña", "CFO"), ("Ada Moss", "")]


def _table(header: list[str], delimiter: str = ",") -> str:
    """The header and one row per person in PEOPLE, photos p0.jpg ..., Excel-style quoting."""

    def cell(text: str) -> str:
        if any(ch in text for ch in (delimiter, '"', "\n")):
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [delimiter.join(cell(h) for h in header)]
    for i, (name, title) in enumerate(PEOPLE):
        lines.append(delimiter.join(cell(c) for c in (name, f"photos/p{i}.jpg", title)))
    return "\r\n".join(lines) + "\r\n"


@pytest.fixture
def folder(tmp_path, make_photo):
    (tmp_path / "photos").mkdir()
    for i in range(len(PEOPLE)):
        (tmp_path / "photos" / f"p{i}.jpg").write_bytes(make_photo(i))
    return tmp_path


HEADER = ["name", "photo", "title"]
CASES = {
    "utf-8 with a BOM (Excel's CSV UTF-8)": codecs.BOM_UTF8 + _table(HEADER).encode(),
    "semicolons (Excel in European locales)": _table(HEADER, ";").encode(),
    "semicolons in Windows-1252 (Excel's plain CSV)": _table(HEADER, ";").encode("cp1252"),
    "Excel's sep= line": b"sep=;\r\n" + _table(HEADER, ";").encode("cp1252"),
    "UTF-16 with a BOM, tabs (Excel's Unicode text)": _table(HEADER, "\t").encode("utf-16"),
    "UTF-16 without a BOM": _table(HEADER).encode("utf-16-le"),
    "Windows-1252 with commas": _table(HEADER).encode("cp1252"),
    "header words in other case and spacing": _table([" NAME ", "Photo ", "Title"]).encode(),
    "Full name, Image URL, Job title": _table(["Full name", "Image URL", "Job title"]).encode(),
    "snake_case headers": _table(["full_name", "photo_url", "role"]).encode(),
    "pipes": _table(HEADER, "|").encode(),
    "blank rows above the header": b"\r\n\r\n" + _table(HEADER).encode(),
}


@pytest.mark.parametrize("data", CASES.values(), ids=CASES.keys())
def test_each_spreadsheet_dialect_gives_every_person_with_name_title_and_photo(
    folder, make_photo, data
):
    table = folder / "team.csv"
    table.write_bytes(data)
    result = crawl([str(table)], FAST)
    assert [(p.name, p.title or "") for p in result.people] == PEOPLE
    assert [p.photo for p in result.people] == [make_photo(i) for i in range(len(PEOPLE))]
    assert all(p.error is None for p in result.people)
    assert result.pages[0].people_found == len(PEOPLE) and result.pages[0].error is None


def test_quoted_cells_keep_commas_quotes_and_line_breaks_in_one_row(folder, make_photo):
    table = folder / "team.csv"
    table.write_bytes(
        b'Name,Photo,Title\r\n"Moss, Ada",photos/p0.jpg,"Head of\r\nSales, EMEA"\r\n'
        b'"Bea ""B"" Nash",photos/p1.jpg,CTO\r\n'
    )
    result = crawl([str(table)], FAST)
    assert [(p.name, p.title) for p in result.people] == [
        ("Moss, Ada", "Head of Sales, EMEA"),
        ('Bea "B" Nash', "CTO"),
    ]
    assert [p.photo for p in result.people] == [make_photo(0), make_photo(1)]


def test_first_and_last_name_columns_make_the_name(folder):
    table = folder / "hr-export.csv"
    table.write_text(
        "Employee ID,First Name,Last Name,Department,Photo\n7,Ada,Moss,Sales,photos/p0.jpg\n"
    )
    (person,) = crawl([str(table)], FAST).people
    assert person.name == "Ada Moss" and person.photo is not None


def test_relative_paths_are_read_from_the_csv_folder_not_the_working_folder(
    folder, make_photo, monkeypatch, tmp_path_factory
):
    lists = folder / "lists"
    lists.mkdir()
    (lists / "team.csv").write_text("name,photo\nAda Moss,../photos/p0.jpg\nBea Nash,./local.jpg\n")
    (lists / "local.jpg").write_bytes(make_photo(1))
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    result = crawl([str(folder / "lists" / "team.csv")], FAST)
    assert [p.photo for p in result.people] == [make_photo(0), make_photo(1)]


def test_extra_columns_are_ignored_and_never_become_names_or_titles(folder):
    table = folder / "team.csv"
    table.write_text(
        "email,name,team,photo,phone\n"
        "ada@example.com,Ada Moss,Sales,photos/p0.jpg,+44 1\n"
        "bea@example.com,Bea Nash,Ops,photos/p1.jpg,+44 2,stray cell\n"
    )
    result = crawl([str(table)], FAST)
    assert [(p.name, p.title) for p in result.people] == [("Ada Moss", None), ("Bea Nash", None)]
    assert all(p.error is None for p in result.people)


def test_a_row_listed_twice_is_one_person_and_the_repeat_is_reported(folder):
    table = folder / "team.csv"
    table.write_text(
        "name,photo\n"
        "Ada Moss,photos/p0.jpg\n"
        "Bea Nash,photos/p1.jpg\n"
        "ada moss, photos/p0.jpg \n"  # the same person pasted twice (case and spaces differ)
        "Ada Moss,photos/p2.jpg\n"  # the same name with another photo: another person
    )
    result = crawl([str(table)], FAST)
    assert [p.name for p in result.people] == ["Ada Moss", "Bea Nash", "Ada Moss"]
    assert len({p.id for p in result.people}) == 3
    (repeat,) = result.excluded
    assert repeat.text == "ada moss"
    assert repeat.reason == "row 4 repeats row 2 (the same name and photo): counted once"
    assert result.pages[0].people_found == 3


def test_a_repeat_is_named_by_the_row_a_spreadsheet_shows(folder):
    table = folder / "team.csv"
    table.write_bytes(b"sep=;\r\n\r\nname;photo\r\nAda;photos/p0.jpg\r\n\r\nAda;photos/p0.jpg\r\n")
    result = crawl([str(table)], FAST)
    # Excel hides the sep= line; the blank rows are rows: header 2, Ada 3, blank 4, repeat 5
    assert [e.reason for e in result.excluded] == [
        "row 5 repeats row 3 (the same name and photo): counted once"
    ]


def test_a_list_with_only_a_header_says_so(folder):
    table = folder / "team.csv"
    table.write_text("name,photo\n")
    result = crawl([str(table)], FAST)
    assert result.people == ()
    assert result.pages[0].error == "the list has no people in it (only a header row)"


def test_urls_in_a_semicolon_list_are_downloaded(folder, make_photo):
    with serve(folder / "photos") as server:
        table = folder / "team.csv"
        table.write_bytes(
            f"Name;Image URL\r\nZoë Müller;{server.url('p0.jpg')}\r\n".encode("cp1252")
        )
        (person,) = crawl([str(table)], FAST).people
    assert person.name == "Zoë Müller" and person.photo == make_photo(0)


def test_excels_plain_csv_on_a_russian_windows_reads_in_cyrillic(folder):
    table = folder / "team.csv"
    text = "name;photo;title\r\nИванов Иван Иванович;photos/p0.jpg;Генеральный директор\r\n"
    table.write_bytes(text.encode("cp1251"))
    (person,) = crawl([str(table)], FAST).people
    assert (person.name, person.title) == ("Иванов Иван Иванович", "Генеральный директор")


UNREADABLE = {
    "an Excel workbook renamed": (b"PK\x03\x04" + b"\x00" * 60, "spreadsheet workbook (.xlsx)"),
    "a photo renamed": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not a text"),
    "an empty file": (b"", "is empty"),
    "no photo column": (b"Full name,Email\nAda,a@x\n", "missing: photo; found: 'Full"),
    "undefined Windows-1252 bytes": (b"name,photo\nA\x81\x8d,a.jpg\n", "neither UTF-8"),
}


@pytest.mark.parametrize(("data", "words"), UNREADABLE.values(), ids=UNREADABLE.keys())
def test_a_file_that_is_not_a_readable_list_is_refused_with_what_to_do(folder, data, words):
    table = folder / "team.csv"
    table.write_bytes(data)
    with pytest.raises(CrawlError) as caught:
        crawl([str(table)], FAST)
    message = str(caught.value)
    assert words in message and str(table) in message
    assert "\n" not in message
