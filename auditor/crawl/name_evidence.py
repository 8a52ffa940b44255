"""Does a text read as a person's name? Evidence from the words, not from a guess.

A name is two to five words (name particles such as "van", "de", "bin" aside), each
capitalised or in a script without case, with no digits, no sentence words ("is", "for",
"the"), no words of companies, products, places or headings ("Lab", "Logo", "Inc", "Story"),
and no job words ("Engineer", "Director"). A single word or odd text (emoji, lower case) is
only weak evidence: other evidence (a photo, a team section) decides.

Honorifics and degrees belong to the displayed name ("Dr. Sara Cohen", "Jane Roe, PhD"),
never to the job title.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import IntEnum

from auditor.crawl.lexicon import (
    CJK_ROLE_PARTS,
    FIELD_LABELS,
    PLACEHOLDER_NAMES,
    PLACEHOLDER_ROLES,
    ROLE_LABELS,
    ROLE_WORDS,
    UNSPACED_SCRIPT,
)
from auditor.crawl.naming import MAX_NAME_CHARS, clean_text

__all__ = [
    "PARTICLES",
    "TRAILING_BRACKET",
    "NameLevel",
    "NameReading",
    "field_line",
    "is_affiliation",
    "is_degree",
    "is_placeholder_role",
    "is_role_text",
    "name_words",
    "read_name",
    "split_degrees",
    "without_transliteration",
]

# Most words in a name besides particles ("Maria del Carmen de la Fuente y Ortega").
MAX_NAME_CORE_WORDS = 5


class NameLevel(IntEnum):
    """How strongly a text reads as a person's name."""

    NOT_NAME = -1
    WEAK = 0
    NAME = 1


@dataclass(frozen=True)
class NameReading:
    """The verdict on one text: its level and, when it is not a name, why."""

    level: NameLevel
    why: str = ""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Parts of names in many languages, written lower case; they do not count as words of the name.
PARTICLES = _words(
    "van von der den de del della di da dos das du la le los y e bin binti ibn bint al el "
    "ter ten zu af av st st. mac ap ben ould do des dei degli dello vom zum zur op het t "
    # Arabic: son / daughter of, father of, family of, and "abd" (servant of), which opens a
    # two-word given name ("عبد المجيد", "عبد الله")
    "بن ابن بنت أبو ابو آل عبد"
)
# Particles elided before a vowel and joined to the name ("d'Alembert", "dell'Acqua").
_ELIDED_PARTICLES = _words("d l dell dall degl nell")
_JOINED_PARTICLE = re.compile(r"^([^\W\d_]{1,4})['’\-](?=[^\W\d_])")
# Honorifics written before a name (kept in the displayed name).
HONORIFICS = _words(
    "dr dr. prof prof. professor mr mr. mrs mrs. ms ms. mx mx. sir dame lord lady rev rev. "
    "fr fr. hon hon. judge justice dipl.-ing. ing. mag. univ.-prof. pd dra dra. lic lic. "
    # German school and office lists ("Frau Brüchner"), Italian and Turkish professions'
    # titles ("Avv. Luca Rossi", "Dott.ssa", "Av. Kazım Özer"), Indonesian and Dutch degrees
    "herr frau avv. dott. dott.ssa arch. geom. av. drs. ir. "
    # Indonesian and Malay forms of address ("Ibu Tuty Prayitno", "Bapak Ahmad")
    "ibu bapak pak bu encik puan "
    # the faculty of a German doctorate, after "Dr." ("Dr. med. dent.", "Dr. rer. nat.")
    "med. dent. vet. rer. nat. phil. jur. iur. univ. habil. h.c. oec. pol. theol. pharm."
)
# Degrees and post-nominals written after a name (kept in the displayed name, never a role).
DEGREES = _words(
    "phd ph.d ph.d. dphil d.phil md m.d m.d. mba msc m.sc m.sc. bsc b.sc ma m.a m.a. ba b.a "
    "b.a. jd j.d j.d. llm ll.m ll.m. llb mph mpa mfa ms m.s m.s. bs meng beng edd ed.d dds "
    "dmd rn np cpa cfa pe p.e. frcs frcp frs facs mrcp faia aia esq esq. jr jr. sr sr. ii "
    "iii iv obe mbe cbe pmp dnp psyd mpp mres mphil pgce cpsych lcsw"
)
# Words of sentences and headings: a name never contains them (particles are separate).
_FUNCTION_WORDS = _words(
    "the is are was were be been being of for to in on at by with from into onto "
    "our your their my we you us it its this that these those and or but not yes "
    "how what why when where who whom which all any every each more most now here "
    "there meet join part become get let see read view more about contact apply "
    # ... and in German, French, Spanish, Italian, Dutch and Portuguese headings ("Zu Hause
    # zwischen den Seen"); words that are also name particles or surnames are left out
    # (von, der, den, de, da, zu, per, sur, con)
    "und mit für auf zwischen über unter wir sie unser unsere ihr ihre nous notre nos "
    "votre vos avec pour dans nuestro nuestra nuestros nuestras para sobre nostro "
    "nostra nostri wij onze met voor nosso nossa nossos com cómo qué comment pourquoi wie "
    "warum perché "
    # Arabic prepositions and pronouns ("نخبة من الخبراء في خدمتكم"), never a word of a
    # name ("على", on, is left out: Egyptian spelling writes the name Ali so)
    "من في إلى عن مع هذا هذه نحن لكم لدينا التي الذي"
)
# Links that move through a site ("⬅ Zurück", "« Retour", "Next →"): no name starts with
# one, though some are surnames after a given name ("Mark Back").
_NAV_WORDS = _words(
    "back zurück weiter startseite next previous prev retour accueil volver inicio "
    "indietro avanti terug vorige volgende voltar wstecz geri назад"
)
# Words of organisations, products, places, images and page furniture.
_THING_WORDS = _words(
    """
    logo logos icon icons image photo picture banner lab laboratory labs group institute
    center centre university college school department faculty office inc inc. ltd ltd.
    llc llp gmbh ag corp corp. corporation company plc sa bv foundation association
    society agency studio studios app apps platform project projects program programme
    story stories news blog events event award awards report study studies launch
    rebrand redesign campaign website site data digital design
    solutions services service products product systems technologies technology labs
    network networks capital partners ventures holdings group. curriculum vitae cv resume
    pdf download publications research overview introduction welcome team staff people
    careers jobs hiring vacancies board directors leadership management fund funds
    advice scheme initiative prize conference summit workshop course training policy
    strategy toolkit guide
    droit contact kontakt contacto contatti contato impressum
    vacature vacatures vacante vacantes vaga vagas stellenangebot stellenangebote
    """
)  # "droit": a French firm's practice areas in capitals ("DROIT SOCIAL", "DROIT FISCAL")
# Words that make a line an organisation's name (an affiliation beside the role).
_ORGANISATION_WORDS = _words(
    """
    university universität université universidad università college institute institut
    school hospital clinic laboratory inc inc. ltd ltd. llc llp gmbh ag corp corp. plc
    foundation association society academy
    """
)
# Words of job titles: "Senior Engineer" is a role, not a person.
_ROLE_WORDS = (
    _words(
        """
    ceo cto cfo coo cmo cio cpo vp svp evp founder co-founder cofounder president chair
    chairman chairwoman chairperson director directors manager managers head lead leader
    chief officer engineer engineers developer developers designer designers analyst
    analysts consultant consultants advisor adviser scientist scientists researcher
    researchers professor lecturer student students postdoc postdoctoral fellow fellows
    assistant associate coordinator administrator secretary treasurer editor intern
    specialist executive principal investigator trustee member members partner owner
    strategist architect technician accountant counsel attorney recruiter marketing sales
    operations finance engineering support product senior junior staff emeritus visiting
    adjunct deputy vice general managing speaker keynote moderator founding co-founding
    regional global
    """
    )
    | _words(
        # trades and professions of clinics, salons, schools, firms and restaurants; common
        # surnames among them are left out ("Baker", "Barber", "Driver", "Mason", "Porter")
        """
    stylist stylists hairdresser colorist colourist therapist therapists physiotherapist
    physio trainer coach chef chefs sommelier nurse nurses midwife dentist dentists hygienist
    orthodontist receptionist teacher teachers instructor tutor pastor reverend pharmacist
    optometrist optician doctor doctors physician physicians surgeon veterinarian paralegal
    lawyer lawyers solicitor barrister notary bookkeeper broker realtor mechanic electrician
    plumber photographer videographer copywriter journalist producer illustrator animator
    curator librarian archivist registrar psychologist counsellor counselor psychiatrist
    dietitian nutritionist pediatrician paediatrician cardiologist radiologist anaesthetist
    anesthetist chiropractor osteopath podiatrist esthetician aesthetician beautician
    caregiver
    """
    )
    | ROLE_WORDS
)  # the same in German, French, Spanish, Dutch, Italian, Portuguese
_DIGIT = re.compile(r"\d")
_WORD_EDGE = ".,:;!?()[]{}\"'“”‘’«»"
_SENTENCE_END = ("!", "?", ":", "…")
# A template's unfilled slot: "[Name]", "{{ name }}", "{name}", "%NAME%" (a name with a
# bracketed part, "Ana Lima [she/her]", and hostile markup shown as text are kept).
# ... and a template's field name ("Nom_pilote", "first_name", "TEAM_MEMBER_NAME"): no name
# has an underscore
_PLACEHOLDER = re.compile(r"^\[[^\]]*\]$|^\{[^}]*\}$|\{\{|\}\}|%[A-Za-z_]+%|[^\W_]_[^\W_]")
# A bracketed part after a name: pronouns, a nickname, the name in another script or a job
# title ("Ana Lima (she/her)", "陆琨（Amy Lu）", "佐藤 翔吾（院長）"): the name is judged
# without it.
TRAILING_BRACKET = re.compile(r"\s*[(（\[]([^()（）\[\]]+)[)）\]]\s*$")
# (brackets are kept: "陆琨（Amy Lu）" gives the English name beside the Chinese one)
_CJK_PUNCTUATION = re.compile(r"[/／「」『』【】：:、，,·]")
# Words of a profile template never filled in: name, introduction, description.
_CJK_TEMPLATE_WORDS = ("姓名", "介紹", "介绍", "說明", "说明", "説明", "이름", "소개")
# Headings of a page's greeting, contact and access sections ("ごあいさつ" beside an icon).
_CJK_NOT_NAMES = frozenset({"ごあいさつ", "あいさつ", "ご挨拶", "挨拶", "お問い合わせ", "アクセス"})
# Honorifics written after a name in Japanese, Chinese and Korean ("川野 敬史 先生").
_CJK_HONORIFICS = frozenset({"先生", "様", "氏", "さん", "선생님", "님"})
_HANGUL = re.compile(r"[\uac00-\ud7af]")
MAX_CJK_PART_CHARS = 3  # characters of a spaced family or given name in Chinese or Japanese
NAME_CACHE_SIZE = 8192  # texts whose readings are kept (pure functions of the text)
_MARKS = "®™"  # a certification mark after a post-nominal ("CFP®")
# Job and department acronyms after a name's comma are its role ("Ann Lee, CISO"), not a
# credential (the C-suite's common ones are job words already).
_ROLE_ACRONYMS = _words("ciso cro chro cdo cso cco cxo gm hr pm qa ux ui it pr")


def _word(raw: str) -> str:
    return raw.strip(_WORD_EDGE).lower()


def _particle(raw: str) -> bool:
    """A lower-case name particle ("van", "de"); "Ben" capitalised is a given name. Arabic
    has no case: its particles ("بن", "عبد") always are."""
    caseless = not any(ch.isupper() or ch.islower() for ch in raw)
    return (raw.islower() or caseless) and _word(raw) in PARTICLES


def _honorific(raw: str) -> bool:
    """A title before a name; abbreviations are matched with their full stop ("med.", not
    "Dent" the surname)."""
    return _word(raw) in HONORIFICS or raw.strip(",;:()").lower() in HONORIFICS


def _capitalised(raw: str) -> bool:
    """Starts upper case, or is in a script without case (Hebrew, CJK, Arabic...); a
    particle joined to a capitalised part counts ("al-Turki", "d'Alembert", "dell'Acqua")."""
    joined = _JOINED_PARTICLE.match(raw)
    if joined and joined.group(1).lower() in PARTICLES | _ELIDED_PARTICLES:
        raw = raw[joined.end() :]
    letters = [ch for ch in raw if ch.isalpha()]
    if not letters:
        return False
    first = letters[0]
    return first.isupper() or not (first.islower() or first.isupper())


def _sentence_case(core: list[str]) -> bool:
    """A capitalised word beside a word of a cased script with no capital at all: a phrase
    in sentence case ("Cirugía oral", "Family dentistry"), as service cards are titled. A
    name's parts are capitalised ("al-Turki", "d'Alembert", "deSouza" keep a capital) and
    its particles are set apart above; a name in lower case throughout is left to the
    other evidence."""
    return any(_capitalised(w) for w in core) and any(
        w.islower() and not w.endswith(".")
        for w in core  # "med." is an abbreviation
    )


def is_degree(token: str) -> bool:
    """Whether one word is a degree or post-nominal ("PhD", "M.D.", "Jr.")."""
    return _is_degree(token)


def _is_degree(token: str) -> bool:
    word = token.strip(",;()").rstrip(_MARKS).lower()
    return word in DEGREES or word.rstrip(".") in DEGREES


def _is_credential(token: str) -> bool:
    """A post-nominal no list can hold (there are hundreds: "CFP®", "ChFC®", "CLU", "EA",
    "FACHE"): 2-6 letters, capitals first and all but one of them capitals."""
    letters = token.strip(",;()").rstrip(_MARKS).replace(".", "")
    return (
        letters.lower() not in _ROLE_WORDS | _ROLE_ACRONYMS
        and 2 <= len(letters) <= 6
        and letters.isalpha()
        and letters[0].isupper()
        and sum(ch.isupper() for ch in letters) >= max(2, len(letters) - 1)
    )


def split_degrees(text: str) -> tuple[str, str]:
    """Split trailing degrees off a name: "Jane Roe, PhD, MBA" -> ("Jane Roe", ", PhD, MBA").

    Known degrees end a name anywhere; other credentials ("Mark Lee, CPA, CFP®") only after
    a comma, as post-nominals are written: "Jean DUPONT" keeps its capitalised surname.
    Returns (text, "") when nothing at the end is a degree.
    """
    text = clean_text(text)
    tokens = text.split(" ")
    cut = len(tokens)
    while cut > 1 and (_is_degree(tokens[cut - 1]) or _is_credential(tokens[cut - 1])):
        cut -= 1
    if cut < len(tokens) and not tokens[cut - 1].endswith(","):
        cut = len(tokens)
        while cut > 1 and _is_degree(tokens[cut - 1]):
            cut -= 1
    if cut == len(tokens):
        return text, ""
    name = " ".join(tokens[:cut]).rstrip(" ,")
    return name, text[len(name) :]


def is_affiliation(text: str) -> bool:
    """Whether a line names an organisation ("University of Oslo", "Acme Inc."), not a role."""
    words = {_word(w) for w in clean_text(text).split()}
    return bool(words & _ORGANISATION_WORDS) and not (words & _ROLE_WORDS)


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def is_role_text(text: str) -> bool:
    """Whether text reads as a job title ("Senior Engineer", "Head of Sales", "店長")."""
    text = clean_text(text)
    words = text.replace("/", " ").split()  # "Kurucu/Avukat": founder and lawyer
    return any(_word(w) in _ROLE_WORDS for w in words) or any(
        part in text for part in CJK_ROLE_PARTS
    )


_TRANSLITERATION_SPLIT = re.compile(r"\s*[/／]\s*")


def without_transliteration(text: str) -> str | None:
    """The text before the name in Latin letters when a text gives a name in a caseless script
    and then so ("加藤 奈津子 / Kato Natuko", "教授 太田 啓之／Ohta Hiroyuki"), or None when the
    text is not of that form; the caller reads what is left as any other text."""
    parts = _TRANSLITERATION_SPLIT.split(clean_text(text))
    if len(parts) != 2 or not UNSPACED_SCRIPT.search(parts[0]) or UNSPACED_SCRIPT.search(parts[1]):
        return None
    native, latin = parts
    return native if read_name(latin).level is NameLevel.NAME else None


_FIELD_LINE = re.compile(r"^(?P<label>[^:：]{1,24}?)\s*[:：]\s*(?P<value>.*)$")


def field_line(text: str) -> tuple[bool, str] | None:
    """A profile's "label : value" line ("직    책 : 개발팀 팀장", "E-Mail: ...", "Position:
    CEO"): whether its label is the role's, and the value; None for any other text. Labels
    spaced out to line up ("직    책") are read joined."""
    match = _FIELD_LINE.match(clean_text(text))
    if match is None:
        return None
    label = match.group("label").casefold()
    if UNSPACED_SCRIPT.search(label):
        label = "".join(label.split())
    if label not in FIELD_LABELS:
        return None
    return label in ROLE_LABELS, match.group("value").strip()


def _folded(text: str) -> str:
    """Case folded for the placeholder tables, Turkish capital İ too ("İsim" -> "isim")."""
    return clean_text(text).casefold().replace("\u0307", "")


def is_placeholder_role(text: str) -> bool:
    """Whether a job title is a template's unfilled slot ("Position", "Должность",
    "ーーー説明ーーー")."""
    return _folded(text) in PLACEHOLDER_ROLES or any(w in text for w in _CJK_TEMPLATE_WORDS)


def name_words(text: str | None) -> list[str]:
    """The words that make up a name, lower case, without honorifics, particles and degrees
    ("Prof. Dr. Anna von Berg, PhD" -> ["anna", "berg"])."""
    name, _ = split_degrees(clean_text(text))
    words = [w for w in name.replace(",", " ").split() if any(ch.isalpha() for ch in w)]
    return [_word(w) for w in words if not _particle(w) and not _honorific(w)]


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)  # a page asks about the same texts many times
def read_name(
    text: str | None, *, role_surnames: bool = False, lower_case_parts: bool = False
) -> NameReading:
    """How strongly `text` reads as a person's name, and why not when it does not.

    With `role_surnames`, job words after a first word that is no job word count as
    surnames ("Thomas Leiter", "Carlos Gerente"): the words alone cannot tell, so the caller
    says so only when the card shows the text is a person's name (see judge.py). With
    `lower_case_parts`, a part typed in lower case ("Александра гаврилова") is no sign of a
    phrase: the card's template says the text is a name.
    """
    text = clean_text(text)
    if not text:
        return NameReading(NameLevel.NOT_NAME, "no text")
    if _DIGIT.search(text):
        return NameReading(NameLevel.NOT_NAME, "it has digits")
    if len(text) > MAX_NAME_CHARS:
        return NameReading(NameLevel.WEAK)  # a very long heading: only other evidence decides
    if "@" in text or "://" in text:
        return NameReading(NameLevel.NOT_NAME, "it is an address")
    if text.endswith(_SENTENCE_END):
        return NameReading(NameLevel.NOT_NAME, "it reads as a sentence or a call to action")
    if _PLACEHOLDER.search(text) or _folded(text) in PLACEHOLDER_NAMES | PLACEHOLDER_ROLES:
        return NameReading(NameLevel.NOT_NAME, "it is a template's placeholder")
    bracket = TRAILING_BRACKET.search(text)
    if bracket and bracket.start() > 0:
        options = {"role_surnames": role_surnames, "lower_case_parts": lower_case_parts}
        head = read_name(text[: bracket.start()], **options)
        if head.level is NameLevel.WEAK and read_name(bracket.group(1), **options).level is (
            NameLevel.NAME
        ):
            return NameReading(NameLevel.NAME)  # the name again in Latin script: "陆琨（Amy Lu）"
        return head
    name, _ = split_degrees(text)
    words = [w for w in name.replace(",", " ").split() if any(ch.isalpha() for ch in w)]
    if not words:
        return NameReading(NameLevel.WEAK)  # emoji, symbols: a label, not evidence either way
    core = [w for w in words if not _particle(w) and not _honorific(w)]
    lowered = [_word(w) for w in core]
    # a capitalised word after a name particle is a surname ("Flip de With", "van Den")
    after_particle = {
        i + 1 for i, w in enumerate(words[:-1]) if _particle(w) and _capitalised(words[i + 1])
    }
    function = [
        _word(w)
        for i, w in enumerate(words)
        if w in core and _word(w) in _FUNCTION_WORDS and i not in after_particle
    ]
    # a verb joined to its pronoun ("Rejoignez-nous", "Contáctanos" aside): a call to action
    function += [
        part
        for w in core
        for part in w.split("-")[1:]
        if part.islower() and part in _FUNCTION_WORDS
    ]
    if core and _word(core[0]) in _NAV_WORDS:
        function.insert(0, _word(core[0]))
    if function:
        return NameReading(NameLevel.NOT_NAME, f'it reads as a phrase ("{function[0]}")')
    things = [w for w in lowered if w in _THING_WORDS]
    if things:
        return NameReading(NameLevel.NOT_NAME, f'it names a thing, not a person ("{things[0]}")')
    roles = [w for w in lowered if w in _ROLE_WORDS]
    if role_surnames and lowered and lowered[0] not in _ROLE_WORDS:
        roles = []  # a job word after a given name stands where a surname does
    if roles and len(roles) * 2 >= len(lowered):
        return NameReading(NameLevel.NOT_NAME, f'it reads as a job title ("{roles[0]}")')
    if len(core) > MAX_NAME_CORE_WORDS:
        return NameReading(NameLevel.NOT_NAME, "it has too many words for a name")
    unspaced = _unspaced_reading(text, core)
    if unspaced is not None:
        return unspaced
    if len(core) == 1 and len(words) > 1 and _honorific(words[0]) and _capitalised(core[0]):
        return NameReading(NameLevel.NAME)  # "Frau Brüchner", "Dr. Weber": how staff are listed
    if len(core) < 2:
        return NameReading(NameLevel.WEAK)
    if not lower_case_parts and _sentence_case(core):
        return NameReading(
            NameLevel.NOT_NAME,
            "it reads as a phrase: one word has a capital and another has none (if it is a "
            "name, check its spelling on the page)",
        )
    if all(_capitalised(w) for w in core):
        return NameReading(NameLevel.NAME)
    return NameReading(NameLevel.WEAK)


def _cjk_role(word: str) -> bool:
    """A word that is a job title: one of CJK_ROLE_PARTS or a compound holding one ("副院長",
    "歯科医師"); no personal name holds them."""
    return any(part in word for part in CJK_ROLE_PARTS)


def _unspaced_reading(text: str, core: list[str]) -> NameReading | None:
    """Chinese, Japanese and Korean names: one word of 2-5 characters, or a family name and
    a given name ("山田 太郎", "이 선우"). Their scripts have no capitals, so a phrase of
    several words ("한의과대학 졸업", "만성 요통") would pass the test above; it is no name,
    nor is text with a slash, brackets or a template word ("姓名 / 介紹", "（請填寫…）")."""
    if not UNSPACED_SCRIPT.search(text):
        return None
    if _CJK_PUNCTUATION.search(text) or any(w in text for w in _CJK_TEMPLATE_WORDS):
        return NameReading(NameLevel.NOT_NAME, "it is a label or a template's text, not a name")
    if any(w in _CJK_NOT_NAMES for w in core):
        return NameReading(NameLevel.NOT_NAME, "it is a section's heading, not a name")
    if not all(UNSPACED_SCRIPT.search(w) for w in core):
        return None  # a mixed-script name ("Ming 丁诗茗"): the other rules read it
    # a job title written before or after the name, as an honorific ("院長 川野 敬史",
    # "유명석 원장"): shown with the name, not counted as a word of it
    # every word a job title ("院長 教授"); a name with a title glued on ("丛明老师") is a name
    if all(w in CJK_ROLE_PARTS for w in core) or (len(core) > 1 and all(map(_cjk_role, core))):
        return NameReading(NameLevel.NOT_NAME, "it reads as a job title")
    if len(core) > 1 and _cjk_role(core[0]):
        core = core[1:]
    if len(core) > 1 and (_cjk_role(core[-1]) or core[-1] in _CJK_HONORIFICS):
        core = core[:-1]
    if len(core) > 2:
        return NameReading(NameLevel.NOT_NAME, "it reads as a phrase")
    if len(core) == 2:
        family, given = core
        hangul = _HANGUL.search(family) is not None
        # Korean family names are one syllable ("이 선우"); Chinese and Japanese ones 1-3
        # characters ("欧阳 娜娜", "長谷川 博之"), the given name 1-3 as well
        longest = 1 if hangul else MAX_CJK_PART_CHARS
        if len(family) > longest or len(given) > MAX_CJK_PART_CHARS:
            return NameReading(NameLevel.NOT_NAME, "it reads as a phrase")
    return None
