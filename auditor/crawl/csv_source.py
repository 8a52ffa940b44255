"""A CSV list of people (`name,photo[,title]`) as spreadsheets really save it.

Why: the list comes from Excel, Google Sheets, Numbers or an HR export, not from a careful
hand. So the reader takes what they write: a UTF-8 BOM, UTF-16 ("Unicode text"), Windows-1252
("CSV" in Western locales), semicolons (Excel where the decimal mark is a comma), tabs, Excel's
`sep=;` first line, quoted cells with commas and line breaks, and header words people use
("Full name", "Image URL", "Job title", First name + Last name) in any case and spacing.
What it cannot read is a `CrawlError` that says what to do; other columns are ignored; a row
listed twice (same name and photo) is one person, and the repeat is reported, not lost.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from auditor.crawl.charset import non_latin_text
from auditor.crawl.naming import clean_text, name_from_stem
from auditor.crawl.sources import SourceRow, is_url
from auditor.exceptions import CrawlError

__all__ = ["CsvList", "read_csv"]

# Delimiters tried on the header row, most common first (a tie goes to the earlier one).
DELIMITERS = (",", ";", "\t", "|")
# Header words for each column, after `_header_key` (lowercase, single spaces, no _-.:*).
NAME_HEADERS = (
    "name",
    "full name",
    "fullname",
    "display name",
    "person",
    "person name",
    "employee",
    "employee name",
    "staff name",
    "member",
    "team member",
)
FIRST_NAME_HEADERS = ("first name", "firstname", "given name", "forename")
LAST_NAME_HEADERS = ("last name", "lastname", "surname", "family name")
PHOTO_HEADERS = (
    "photo",
    "photo url",
    "photourl",
    "photo link",
    "photo path",
    "photo file",
    "image",
    "image url",
    "imageurl",
    "image link",
    "image path",
    "image file",
    "picture",
    "picture url",
    "headshot",
    "headshot url",
    "portrait",
    "avatar",
    "avatar url",
)
TITLE_HEADERS = ("title", "job title", "role", "position", "job", "job role")
SAVE_AS = "save it from the spreadsheet as CSV UTF-8 (File > Save As / Download as .csv)"

_EXCEL_SEP = re.compile(r"^\s*sep=(.)\s*$", re.I)
_HEADER_NOISE = re.compile(r"[_\-.:*]+")


@dataclass(frozen=True)
class CsvList:
    """The people of a CSV list, and the rows that repeat an earlier one (with its row)."""

    rows: list[SourceRow]
    repeats: list[tuple[SourceRow, int, int]] = field(default_factory=list)  # (row, at, first)


def _decode(data: bytes, path: Path) -> str:
    """The file's text: BOM first, then UTF-16 by its NULs, UTF-8, a non-Latin code page the
    bytes clearly are (Excel's plain "CSV" on a Russian or Greek Windows), Windows-1252 last."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif data.startswith(b"PK\x03\x04"):
        raise CrawlError(f"{path} is a spreadsheet workbook (.xlsx), not a CSV file: {SAVE_AS}")
    elif b"\x00" in data[:4096]:
        sample = data[:4096]
        if sample[1::2].count(0) > len(sample) // 4 and sample[0::2].count(0) == 0:
            encoding = "utf-16-le"
        elif sample[0::2].count(0) > len(sample) // 4 and sample[1::2].count(0) == 0:
            encoding = "utf-16-be"
        else:
            raise CrawlError(f"{path} is not a text file, so not a CSV list: {SAVE_AS}")
    else:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            text = non_latin_text(data)
            if text is not None:
                return text
            encoding = "cp1252"  # what Excel's plain "CSV" writes on Windows in Western locales
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise CrawlError(
            f"Cannot read CSV file {path}: it is neither UTF-8, UTF-16 nor Windows-1252 text; "
            + SAVE_AS
        ) from None


def _header_key(cell: str) -> str:
    return clean_text(_HEADER_NOISE.sub(" ", cell)).casefold()


def _find(keys: list[str], wanted: tuple[str, ...]) -> int | None:
    """The index of the first column named by the earliest header word in `wanted`."""
    for word in wanted:
        if word in keys:
            return keys.index(word)
    return None


@dataclass(frozen=True)
class _Columns:
    """Where the name (or first + last name), photo and title are in each row."""

    name: int | None
    first: int | None
    last: int | None
    photo: int | None
    title: int | None

    @classmethod
    def of(cls, header: list[str]) -> _Columns:
        keys = [_header_key(c) for c in header]
        return cls(
            name=_find(keys, NAME_HEADERS),
            first=_find(keys, FIRST_NAME_HEADERS),
            last=_find(keys, LAST_NAME_HEADERS),
            photo=_find(keys, PHOTO_HEADERS),
            title=_find(keys, TITLE_HEADERS),
        )

    @property
    def has_name(self) -> bool:
        return self.name is not None or self.first is not None or self.last is not None

    def score(self) -> int:
        return 2 * self.has_name + 2 * (self.photo is not None) + (self.title is not None)

    def name_of(self, record: list[str]) -> str:
        if self.name is not None:
            return _cell(record, self.name)
        return clean_text(f"{_cell(record, self.first)} {_cell(record, self.last)}")


def _cell(record: list[str], index: int | None) -> str:
    if index is None or index >= len(record):
        return ""
    return clean_text(record[index])


def _records(text: str, delimiter: str) -> list[list[str]]:
    # newline="": quoted cells keep their line breaks (Excel's Alt+Enter) inside one record
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _table(text: str) -> tuple[list[list[str]], int]:
    """The records (header first) in the delimiter that reads the header best, and the row
    number of the header as a spreadsheet shows it."""
    first_line = text.split("\n", 1)[0]
    header_row = 1
    delimiters = DELIMITERS
    if match := _EXCEL_SEP.match(first_line):  # Excel's "sep=;" line names the delimiter
        delimiters = (match.group(1),)
        text = text.split("\n", 1)[1] if "\n" in text else ""  # Excel shows no such row
    best: tuple[tuple[int, int], list[list[str]]] | None = None
    for delimiter in delimiters:
        records = _records(text, delimiter)
        header = next((r for r in records if any(c.strip() for c in r)), [])
        rank = (_Columns.of(header).score(), len(header))
        if best is None or rank > best[0]:
            best = (rank, records)
    records = best[1] if best else []
    while records and not any(c.strip() for c in records[0]):
        records.pop(0)  # blank rows above the header
        header_row += 1
    return records, header_row


def read_csv(path: Path) -> CsvList:
    """The people of a CSV list; relative photo paths resolve against the CSV's folder."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CrawlError(f"CSV file not found: {path}") from None
    except OSError as exc:
        raise CrawlError(f"Cannot read CSV file {path}: {exc.strerror or exc}") from None
    text = _decode(data, path)
    if not text.strip():
        raise CrawlError(f"CSV file {path} is empty: it needs a header row (name,photo) and rows")
    records, header_row = _table(text)
    header = records[0] if records else []
    columns = _Columns.of(header)
    missing = [
        word
        for word, found in (("name", columns.has_name), ("photo", columns.photo is not None))
        if not found
    ]
    if missing:
        shown = ", ".join(repr(clean_text(c)) for c in header if clean_text(c)) or "none"
        raise CrawlError(
            f"CSV file {path} needs the columns name and photo (missing: "
            f"{', '.join(missing)}; found: {shown}). Headers read: 'Name' or 'Full name' (or "
            "'First name' + 'Last name'), 'Photo' or 'Image URL', and optionally 'Title'."
        )
    rows: list[SourceRow] = []
    repeats: list[tuple[SourceRow, int, int]] = []
    first_seen: dict[tuple[str, str], int] = {}
    for offset, record in enumerate(records[1:], start=1):
        name = columns.name_of(record)
        photo = _cell(record, columns.photo)
        if not name and not photo:
            continue  # a blank or spacer row
        if photo and not is_url(photo) and not Path(photo).is_absolute():
            photo = str((path.parent / photo).resolve())
        row = SourceRow(
            name=name or name_from_stem(Path(photo).stem),
            title=_cell(record, columns.title) or None,
            photo=photo or None,
        )
        at = header_row + offset
        key = (row.name.casefold(), row.photo or "")
        if key in first_seen:
            repeats.append((row, at, first_seen[key]))
            continue
        first_seen[key] = at
        rows.append(row)
    return CsvList(rows=rows, repeats=repeats)
