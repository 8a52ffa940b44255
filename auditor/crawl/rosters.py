"""Rosters: team members a page lists by name without a photo card.

Lists (`<h2>Programme office</h2><ul><li>Jane Roe</li>`), several people in one item
("Cloud — Jane Roe (Lead), John Poe"), definition lists, tables of members and line-broken
paragraphs. A list counts as a roster only when most of its items name people and it sits in
a team section (or on a team page, under a heading that is not about something else); a
paragraph counts only under a team heading ("Trustees: Margaret Hill (Chair), Dev Patel").
lists about former members are returned too, so the judge can say why they are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from auditor.crawl.cards import (
    MAX_TITLE_CHARS,
    classed_as_name,
    classed_as_role,
    name_after_rank,
    rank_before,
)
from auditor.crawl.context import Section, SectionKind, kind_of, section_of
from auditor.crawl.dom import NON_TEXT_TAGS, classes, text_of
from auditor.crawl.judge import Candidate, Origin
from auditor.crawl.lexicon import UNSPACED_SCRIPT, word_set
from auditor.crawl.name_evidence import (
    NameLevel,
    is_degree,
    is_role_text,
    read_name,
    split_degrees,
    without_transliteration,
)
from auditor.crawl.naming import MAX_NAME_CHARS, clean_text

__all__ = ["MIN_ROSTER_SHARE", "listed_people", "parse_roster_item", "roster_candidates"]

# Share of a list's items that must name people for the list to be a roster.
MIN_ROSTER_SHARE = 2 / 3
# Most rows one table cell is read to span (a larger `rowspan` is a broken table).
MAX_ROW_SPAN = 200
# Longest item text read as roster entries (longer is a paragraph of prose).
MAX_ITEM_CHARS = 300

_OUTSIDE = ("header", "nav", "footer", "aside", "form", "select", "template")
# Blocks whose `<br>`-broken lines can each name a person; elements that end a line block.
_LINE_BLOCKS = ("p", "td", "div")
_BLOCK_TAGS = word_set(
    "address article aside blockquote div dl fieldset figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p section table ul"
)
_LABEL_SPLIT = re.compile(r"\s+[—–-]\s+|:\s+|\s*：\s*")
_DASH_SPLIT = re.compile(r"\s+[—–-]\s+")
_HAN_WORD = re.compile(r"[\u3400-\u9fff]{1,4}")
_PEOPLE_SPLIT = re.compile(r"\s*(?:[,;]|\s&\s|\sand\s|\sund\s|\set\s)\s*")
# An empty seat and who holds it meanwhile ("vacant (interim: Jan Bruins)", "vakant (kom.
# Anna Berg)")
_VACANT_SEAT = re.compile(
    r"^(?:vacant|vakant|vacante|vacance|offen|unbesetzt|n\.\s?n\.)\s*\(\s*"
    r"(?:interim|ad interim|a\.i\.|kommissarisch|komm\.|kom\.|waarnemend|wnd\.)?\s*:?\s*"
    r"(?P<name>[^)]+)\)$",
    re.I,
)
_PAREN_ROLE = re.compile(r"^(?P<name>.*?)\s*[(\[](?P<role>[^)\]]*)[)\]]\s*$")
_NAME_HEADERS = re.compile(
    r"\b(?:name|nom|nombre|nome|naam|nazwisko|imię|isim|имя|фио|nama|họ tên|tên)\b|"
    r"성명|이름|氏名|名前|姓名|名字",
    re.I,
)
# a table's job title column, in the languages of ROLE_WORDS ("Funktion", "Fonction", "Cargo")
_ROLE_HEADERS = re.compile(
    r"\b(?:title|role|position|function|job|funktion|fonction|función|funzione|ruolo|cargo|"
    r"puesto|functie|stanowisko|görev|unvan|должность|jabatan|chức vụ)\b|"
    r"직위|직책|직급|役職|職名|职务|职称|職稱|職位|区分",
    re.I,
)

# a table's unit and contact columns: with a name column they make a staff directory
_UNIT_HEADERS = re.compile(
    r"\b(?:department|dept|unit|division|team|abteilung|bereich|fachbereich|département|"
    r"service|departamento|área|reparto|afdeling|dział|bölüm|birim|отдел|кафедра)\b|"
    r"부서|소속|学科|部署|所属|部门|系所",
    re.I,
)
_CONTACT_HEADERS = re.compile(
    r"\b(?:e-?mail|mail|phone|telephone|tel|telefon|telefono|teléfono|téléphone|telefone|"
    r"office|room|raum|bureau|kontakt|contact|contacto|contatto|телефон|почта)\b|"
    r"연락처|이메일|전화|メール|電話|电话|邮箱|電郵",
    re.I,
)

_HEADER_PATTERNS = (_NAME_HEADERS, _ROLE_HEADERS, _UNIT_HEADERS, _CONTACT_HEADERS)


def _role(text: str | None) -> str | None:
    text = clean_text(text).strip(" ,;:：–—-")
    return text if text and len(text) <= MAX_TITLE_CHARS else None


def _people_in(text: str) -> list[tuple[str, str | None]]:
    """(name, role) pairs in one piece of text; a part that is not a name is the previous
    person's role ("Jane Roe, Director") or a degree of their name ("Jane Roe, PhD")."""
    people: list[tuple[str, str | None]] = []
    for part in _PEOPLE_SPLIT.split(text):
        part = clean_text(part).strip(" »›→")  # a link's arrow ("Avv. Luca Rossi »")
        if not part:
            continue
        role = None
        match = _PAREN_ROLE.match(part)
        if match and match.group("name"):
            part, role = clean_text(match.group("name")), _role(match.group("role"))
            inner = clean_text(match.group("role"))
            if is_role_text(part) and read_name(inner).level is NameLevel.NAME:
                part, role = inner, _role(part)  # "Penasehat Wilayah Timur (Ibu Tuty Prayitno)"
        name, _ = split_degrees(part)
        # a body, not a person ("Dewan Pengurus Pusat": the central board)
        if read_name(name).level is NameLevel.NAME and not is_role_text(name) and not kind_of(name):
            people.append((part, role))
        elif people and all(is_degree(w) for w in part.split()):
            previous, previous_role = people[-1]
            people[-1] = (f"{previous}, {part}", previous_role)
        elif people:
            # not a name: the previous person's role, or more of it ("Postdoc, now at X")
            name_so_far, role_so_far = people[-1]
            more = part if role is None else f"{part} ({role})"
            joined = f"{role_so_far}, {more}" if role_so_far else more
            if len(joined) > MAX_TITLE_CHARS:
                return []  # prose, not a list of people
            people[-1] = (name_so_far, joined)
        else:
            return []  # text before any name: not a list of people
    return people


def parse_roster_item(text: str) -> list[tuple[str, str | None]]:
    """The people in one roster entry.

    "Cloud — Jane Roe (Lead), John Poe" -> [("Jane Roe", "Lead"), ("John Poe", None)];
    "Jane Roe — Director" -> [("Jane Roe", "Director")]; "Jane Roe, PhD" keeps the degree.
    """
    text = clean_text(text)
    if not text or len(text) > MAX_ITEM_CHARS:
        return []
    seat = _VACANT_SEAT.match(text)
    if seat:  # "vacant (interim: Jan Bruins)": the seat is empty, its stand-in is the person
        held = _people_in(seat.group("name"))
        return [(name, "interim") for name, _ in held][:1]
    native = without_transliteration(text)
    if native:  # "加藤 奈津子 / Kato Natuko", "Project Assistant Professor 岩井 雅子 / Iwai Masako"
        name = name_after_rank(native)
        return [(name, rank_before(native, name))] if name else parse_roster_item(native)
    parts = _LABEL_SPLIT.split(text, maxsplit=1)
    if len(parts) == 2:
        head, rest = parts
        if UNSPACED_SCRIPT.search(head):
            head = "".join(head.split())  # "教  授" spaced to line up with "副教授"
        cjk_names = _cjk_names(rest)
        if cjk_names and _names_a_post(head):
            return [(name, _role(head)) for name in cjk_names]  # "教授：秦亚东  李  莹"
        if read_name(head).level is NameLevel.NAME and not is_role_text(head):
            tail = _people_in(rest)
            if not tail:
                return [(head, _role(rest))]
            return [(head, None), *tail]
        found = _people_in(rest)
        if len(found) == 1 and found[0][1] is None and _names_a_post(head):
            return [(found[0][0], _role(head))]  # "Président : Jean Dupont"
        if found:
            return found  # the head labels a unit ("Cloud", "Programme office")
    return _people_in(text)


def _cjk_names(text: str) -> list[str]:
    """Chinese or Japanese names listed after a post with spaces between them ("秦亚东  李
    莹  韩  冰"): each space-separated word of two or three characters is a name, and single
    characters pair up (a two-character name spaced out to line up with three-character
    ones). Empty when the text is anything else."""
    words = text.split()
    if not words or not all(_HAN_WORD.fullmatch(w) for w in words):
        return []
    names: list[str] = []
    single: str | None = None
    for word in words:
        if len(word) == 1:
            if single is None:
                single = word
                continue
            names.append(f"{single} {word}")
            single = None
        elif single is not None:
            return []  # a lone character before a full name: no list of names
        else:
            names.append(word)
    return names if single is None else []


def _name_dash_role(text: str) -> bool:
    """Whether a line is only a name and a job title set apart by a dash ("Paweł Sowa -
    architekt IT / lead developer"): a person listed on a line of their own, not a sentence."""
    parts = _DASH_SPLIT.split(clean_text(text), maxsplit=1)
    if len(parts) != 2:
        return False
    head, rest = parts
    return (
        read_name(head).level is NameLevel.NAME
        and not is_role_text(head)
        and is_role_text(rest)
        and len(rest) <= MAX_TITLE_CHARS
    )


def _names_a_post(head: str) -> bool:
    """A label that is one person's post ("Président", "Head of Sales"), not a group's
    ("Directors", "Board") or a unit's ("Cloud")."""
    return is_role_text(head) and kind_of(head) is None


def _skipped(node: LexborNode, cards: set[int]) -> bool:
    """Lists in page furniture, in a card, or holding photo cards are not rosters."""
    if any(child.mem_id in cards for child in node.traverse()):
        return True
    parent: LexborNode | None = node
    while parent is not None and parent.tag not in ("body", "html"):
        if parent.mem_id in cards or parent.tag in _OUTSIDE:
            return True
        role = parent.attributes.get("role") or ""
        if role in ("navigation", "banner", "contentinfo", "menu", "menubar"):
            return True
        if any(c.startswith(("menu", "nav")) for c in classes(parent)):
            return True
        parent = parent.parent
    return False


def _entries(node: LexborNode) -> Iterator[tuple[LexborNode, str, str | None]]:
    """(element, text, role from the markup) for each entry of a list, table or paragraph."""
    if node.tag in ("ul", "ol"):
        label = _row_label(node)
        for item in node.iter():
            if item.tag == "li":
                yield item, text_of(item), label
    elif node.tag == "dl":
        for item in node.iter():
            if item.tag == "dt":
                yield item, text_of(item), _role(_next_dd(item))
    elif node.tag == "table":
        if node.css_first("td ul, td ol") is None:  # lists in its cells are read as lists
            yield from _table_entries(node)
    elif node.tag in _LINE_BLOCKS:
        lines = _lines(node)
        index = 0
        while index < len(lines):
            text = lines[index]
            below = lines[index + 1] if index + 1 < len(lines) else None
            # "Name<br><strong>Técnico Universitário</strong>": the job title is the role
            if below and is_role_text(below) and not is_role_text(text):
                if parse_roster_item(below):  # "副教授：韩冰  黄大威": more people, not a role
                    yield node, text, None
                    index += 1
                    continue
                yield node, text, below
                index += 2
                continue
            yield node, text, None
            index += 1


def _lines(node: LexborNode) -> list[str]:
    """The lines of a block broken by `<br>`."""
    lines, line = [], []
    for child in node.iter(include_text=True):
        if child.tag == "br":
            lines.append(clean_text(" ".join(line)))
            line = []
        elif child.is_text_node or child.tag not in NON_TEXT_TAGS:
            line.append(child.text(deep=True) or "")
    lines.append(clean_text(" ".join(line)))
    return [text for text in lines if text]


def _line_block(node: LexborNode) -> bool:
    """A paragraph, or a table cell or div of text lines broken by `<br>` (no blocks inside)."""
    if node.tag == "p":
        return True
    if node.tag not in _LINE_BLOCKS:
        return False
    children = list(node.iter())  # a block child ends the test at once: a grid, not lines
    if any(c.tag in _BLOCK_TAGS for c in children) or not any(c.tag == "br" for c in children):
        return False
    return all(d.tag not in _BLOCK_TAGS for d in node.traverse() if d.mem_id != node.mem_id)


def listed_people(node: LexborNode) -> int:
    """How many people the line-broken blocks inside `node` list, one per line ("Gunnar
    Nygren, Professor<br>Maria Anikina, PhD"): two or more beside one photo make it a group
    photo, not the first one's headshot."""
    blocks = [node] if _line_block(node) else []
    blocks += [d for d in node.traverse() if d.mem_id != node.mem_id and _line_block(d)]
    count = 0
    for block in blocks:
        lines = _lines(block)
        people = [line for line in lines if len(parse_roster_item(line)) == 1]
        if len(people) >= 2 and len(people) >= MIN_ROSTER_SHARE * len(lines):
            count += len(people)
    return count


def _given_name(text: str) -> bool:
    """One capitalised word that may be a first name ("Armando", "Imawan (Wawan)")."""
    text = _PAREN_ROLE.sub(lambda m: m.group("name"), clean_text(text))
    words = text.split()
    return (
        len(words) == 1
        and words[0][:1].isupper()
        and not is_role_text(text)
        and read_name(text).level is NameLevel.WEAK
    )


def _row_label(node: LexborNode) -> str | None:
    """The post a table row gives the list in its last cell ("<td>Koordinator</td><td>:</td>
    <td><ul><li>name</li></ul></td>"): the row's first cell, when it is a short label."""
    cell = node.parent
    if cell is None or cell.tag != "td" or cell.parent is None:
        return None
    cells = [c for c in cell.parent.iter() if c.tag in ("td", "th")]
    if not cells or cells[0].mem_id == cell.mem_id:
        return None
    label = clean_text(text_of(cells[0])).strip(" -–—:•")
    return _role(label) if label and read_name(label).level is not NameLevel.NAME else None


def _next_dd(dt: LexborNode) -> str | None:
    sibling = dt.next
    while sibling is not None and not sibling.is_element_node:
        sibling = sibling.next
    return text_of(sibling) if sibling is not None and sibling.tag == "dd" else None


def _row_span(cell: LexborNode) -> int:
    value = (cell.attributes.get("rowspan") or "1").strip()
    return min(int(value), MAX_ROW_SPAN) if value.isdigit() and int(value) > 0 else 1


class _RowSpans:
    """The cells a `rowspan` carries down into the next rows, set back in their columns
    ("<td rowspan=5>연구원</td>" is the role of the four rows below it too)."""

    def __init__(self) -> None:
        self.carried: dict[int, tuple[str, int]] = {}  # column -> (text, rows left)

    def row(self, cells: list[tuple[str, int]]) -> list[str]:
        out: list[str] = []
        pending = iter(cells)
        column = 0
        while True:
            if column in self.carried:
                text, left = self.carried[column]
                out.append(text)
                if left > 1:
                    self.carried[column] = (text, left - 1)
                else:
                    del self.carried[column]
            else:
                cell = next(pending, None)
                if cell is None:
                    break
                text, span = cell
                out.append(text)
                if span > 1:
                    self.carried[column] = (text, span - 1)
            column += 1
        return out


def _header_text(cell: LexborNode) -> str:
    """A header cell's label, read joined when spaced out in CJK ("氏 名" is "氏名")."""
    text = text_of(cell)
    return "".join(text.split()) if UNSPACED_SCRIPT.search(text) else text


def _header_row(row: LexborNode) -> bool:
    """Whether a table row is its header: only `<th>` cells, or cells one of which labels
    the names ("<td><b>氏 名</b></td>") while none holds a name."""
    cells = row.css("th, td")
    if not cells:
        return False
    if all(c.tag == "th" for c in cells):
        return True
    labels = [_header_text(c) for c in cells]
    if not any(_NAME_HEADERS.fullmatch(t) for t in labels):
        return False
    others = [
        text_of(c)
        for c, label in zip(cells, labels, strict=True)
        if not any(p.search(label) for p in _HEADER_PATTERNS)
    ]
    return not any(read_name(t).level is NameLevel.NAME for t in others)


def _names_column(table: LexborNode) -> int | None:
    """The column of a header-less table where most rows hold a name (row 1's "vacant
    (interim: Jan Bruins)" is in the same column as the names below it)."""
    counts: dict[int, int] = {}
    rows = 0
    for row in table.css("tr"):
        if _header_row(row):
            continue
        cells = [text_of(c) for c in row.css("th, td")]
        if not cells:
            continue
        rows += 1
        for index, cell in enumerate(cells):
            if read_name(cell).level is NameLevel.NAME and not is_role_text(cell):
                counts[index] = counts.get(index, 0) + 1
    if not counts:
        return None
    column, count = max(counts.items(), key=lambda item: item[1])
    return column if count * 2 > rows else None


def _table_entries(table: LexborNode) -> Iterator[tuple[LexborNode, str, str | None]]:
    spans = _RowSpans()
    names_at = _names_column(table)
    name_col = role_col = unit_col = None
    for row in table.css("tr"):
        if _header_row(row):
            headers = [_header_text(c) for c in row.css("th, td")]
            for index, header in enumerate(headers):
                if name_col is None and _NAME_HEADERS.search(header):
                    name_col = index
                elif role_col is None and _ROLE_HEADERS.search(header):
                    role_col = index
                elif unit_col is None and _UNIT_HEADERS.search(header):
                    unit_col = index
            if role_col is None:
                role_col = unit_col  # "Name | Department | E-Mail": the unit they head or serve
            continue
        # a row's own header cell is one of its columns ("<th>会長</th><td>…</td><td>name</td>")
        nodes = row.css("th, td")
        cells = spans.row([(text_of(c), _row_span(c)) for c in nodes])
        if not cells:
            continue
        if name_col is None and role_col is None and len(nodes) == len(cells):
            # "<td class="role">Président</td><td class="name">…</td>": the classes say
            named = [i for i, c in enumerate(nodes) if classed_as_name(c)]
            roles = [i for i, c in enumerate(nodes) if classed_as_role(c)]
            if named:
                role_index = roles[0] if roles else None
                role = cells[role_index] if role_index is not None else None
                yield row, cells[named[0]], _role(role)
                continue
        column = name_col
        if column is None:
            column = names_at
        if column is None or column >= len(cells):
            column = next(
                (i for i, c in enumerate(cells) if read_name(c).level is NameLevel.NAME), 0
            )
        role_index = role_col if role_col is not None else _role_beside(cells, column)
        role = cells[role_index] if role_index < len(cells) and role_index != column else None
        yield row, cells[column], _role(role)


def _role_beside(cells: list[str], column: int) -> int:
    """The cell of a header-less row that holds the job title: the one before the name when
    it reads as one ("Prezes | Przemysław Karaś | Zarząd") or when the name ends the row
    ("Secretaris | José Tanghe"), else the one after."""
    if column > 0 and is_role_text(cells[column - 1]) and not is_role_text(cells[column]):
        return column - 1
    if column > 0 and column + 1 >= len(cells):
        # the name last ("Penningmeester | Ton Gardien"): the cell before it, when no name
        before = cells[column - 1]
        return column - 1 if read_name(before).level is not NameLevel.NAME else column + 1
    return column + 1


def _people_table(node: LexborNode) -> bool:
    """A table whose header names a name column and a job title, unit or contact column
    ("Name | Fach | Funktion", "Name | Department | E-Mail | Office"): it lists people
    wherever it sits (a school's "Kontakt" section, a college's department heads)."""
    if node.tag != "table":
        return False
    if any(classed_as_name(c) for c in node.css("td")) and any(
        classed_as_role(c) for c in node.css("td")
    ):
        return True
    headers = _headers(node)
    return any(_NAME_HEADERS.search(h) for h in headers) and any(
        pattern.search(h) for h in headers for pattern in _HEADER_PATTERNS[1:]
    )


def _name_column(node: LexborNode) -> bool:
    """Whether a table's header names its name column ("성명", "Name")."""
    return node.tag == "table" and any(_NAME_HEADERS.search(h) for h in _headers(node))


def _headers(table: LexborNode) -> list[str]:
    """The labels of a table's header rows."""
    return [
        _header_text(c) for row in table.css("tr") if _header_row(row) for c in row.css("th, td")
    ]


def _header_named(text: str, by_header: bool) -> list[tuple[str, None]]:
    """A cell of a name column that the words alone cannot tell is a name ("이종권": Korean
    names are one word): the header says it is one, unless it reads as no name at all."""
    if not by_header or is_role_text(text) or read_name(text).level is NameLevel.NOT_NAME:
        return []
    return [(clean_text(text), None)]


def _own_heading(table: LexborNode) -> Section | None:
    """The section a heading set in a table's own rows names ("<tr><td><h3>Styrelsen
    2013-04-23</h3></td></tr>" over the board's rows; the first such heading), or None."""
    heading = table.css_first("tr h1, tr h2, tr h3, tr h4, tr h5, tr h6")
    kind = kind_of(text_of(heading)) if heading is not None else None
    return Section(kind, text_of(heading)) if kind is not None else None


def _roster_section(node: LexborNode, page_is_team: bool) -> Section | None:
    own = _own_heading(node) if node.tag == "table" else None
    if own is not None:
        return own if own.kind in (SectionKind.TEAM, SectionKind.FORMER) else None
    section = section_of(node)
    if section.kind in (SectionKind.TEAM, SectionKind.FORMER):
        return section
    if section.kind is SectionKind.OTHER and page_is_team:
        return section
    return None  # a list about projects, clients or posts is not a roster


def roster_candidates(
    tree: LexborHTMLParser,
    *,
    cards: set[int],
    order: dict[int, int],
    page_is_team: bool,
) -> list[Candidate]:
    """Names listed without a photo card, one candidate per person, in page order.

    `cards` holds the ids of the page's card elements: a list inside or around one is not
    a roster.
    """
    if tree.body is None:
        return []
    out: list[Candidate] = []
    for node in tree.body.css("ul, ol, dl, table, p, td, div"):
        if node.tag in _LINE_BLOCKS and not _line_block(node):
            continue
        if node.tag == "p" and len(text_of(node)) > MAX_ITEM_CHARS:
            continue  # prose
        if _skipped(node, cards):
            continue
        entries = list(_entries(node))
        if not entries:
            continue
        by_header = _name_column(node)
        parsed = [
            (element, parse_roster_item(text) or _header_named(text, by_header), text, role)
            for element, text, role in entries
        ]
        named = sum(1 for _, people, _, _ in parsed if people)
        if named == 0:
            continue
        if named < MIN_ROSTER_SHARE * len(parsed):
            # under a team heading, first names alone count ("Ian Baron", "Armando")
            given = sum(1 for _, people, text, _ in parsed if not people and _given_name(text))
            if named + given < MIN_ROSTER_SHARE * len(parsed) or node.tag not in ("ul", "ol"):
                continue
            if section_of(node).kind is not SectionKind.TEAM:
                continue
        section = _roster_section(node, page_is_team or _people_table(node))
        if section is None:
            continue
        if node.tag in _LINE_BLOCKS:
            if section.kind is not SectionKind.TEAM:
                continue  # a paragraph is a roster only under a team heading
            one = node.css_first("br") is None and sum(len(p) for _, p, _, _ in parsed) < 2
            if one and not _name_dash_role(text_of(node)):
                continue  # one line naming one person is a sentence, not a list
        # "基础法学" over "教授：秦亚东  李莹" lines: the lines that name no one label the unit
        labelled = any(people and _LABEL_SPLIT.search(text) for _, people, text, _ in parsed)
        for element, people, text, role in parsed:
            if not people and len(text) <= MAX_NAME_CHARS and not labelled:
                people = [(text, None)]  # left to the judge, which says why it is no name
            for name, own_role in people:
                title = own_role or (role if len(people) == 1 else None)
                if own_role and role and len(people) == 1 and role != own_role:
                    title = f"{role} ({own_role})"  # "Voorzitter" + "(interim)", "Lid (Hoofd TC)"
                if title is not None and title.casefold() == name.casefold():
                    title = None
                out.append(
                    Candidate(
                        text=name,
                        origin=Origin.ROSTER,
                        title=title,
                        node=element,
                        order=order.get(element.mem_id, 0),
                        section=section,
                        name_slot=by_header,
                    )
                )
    return out
