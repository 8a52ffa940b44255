"""Cards in the team's own markup that show no team member: a pet, a client, a logo folder.

A team grid can hold tiles that look exactly like the people's (same classes, a photo, a
title and a subtitle): the office dog whose subtitle says "office dog", a client whose
subtitle says "Client since 2019", a brand image kept in the site's `clients/` or `logos/`
folder. Markup cannot tell them apart, so these rules read what the tile says about itself.
Each returns the reason a human reader would give, or None.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from auditor.crawl.context import section_words
from auditor.crawl.lexicon import word_set
from auditor.crawl.name_evidence import NameLevel, read_name

__all__ = ["client_evidence", "folder_evidence", "pet_evidence"]


# Animals as the head noun of a role, which ends an English, German or Dutch noun phrase
# ("office dog", "Golden Retriever", "Bürohund") and starts a Romance one ("perro de la
# oficina", "chien de bureau"). "Dog Trainer", "Pet Care Lead" and "adiestrador de perros"
# are people: there the animal word modifies their job noun.
_ANIMAL_LAST = word_set(
    "dog dogs doggo pup puppy pooch cat cats kitten pet "
    "retriever labrador labradoodle spaniel terrier beagle poodle dachshund corgi collie "
    "schnauzer whippet greyhound pug "
    "hund katze hond"
)
_ANIMAL_FIRST = word_set("chien chienne perro perra gato gata cane gatto cão cadela cachorro")
# German and Dutch compounds end in the animal: "Bürohund", "Firmenkatze", "kantoorhond".
_ANIMAL_SUFFIXES = ("hund", "katze", "hond")
# Idioms for a person ("Top Dog", "Cool Cat"): an animal word after these is no animal.
_IDIOM_WORDS = word_set("top big lead alpha fat cool head hot under")
# Where one part of a role ends and another starts: "Chief Morale Officer (office dog)".
# Conjunctions do not split: "Cat & Dog Groomer" is one job.
_ROLE_PARTS = re.compile(r"[()\[\],;/|–—]|\s-\s")

# A line that says a tile is a client, customer or sponsor, not a person: "Client",
# "Client since 2019", "Happy customer", "Gold sponsor", "Kunde seit 2018", "Cliente desde
# 2020". Only the whole line counts: "Client Services Manager" is a job title.
_CLIENT_LINE = re.compile(
    r"^(?:(?:happy|valued|long-?time|loyal|gold|silver|bronze|platinum|official|"
    r"founding|premium|main|key)\s+)?"
    r"(?:client|clients|customer|customers|sponsor|sponsors|kunde|kundin|kunden|cliente|"
    r"clientes|klant|klanten|clienti)"
    r"(?:\s+(?:since|seit|desde|depuis|sinds|dal|from)\s+(?:19|20)\d\d)?\.?$",
    re.I,
)
# Folders a site keeps brand images in, matched against an image's own folder only and as
# the folder's whole name (`/img/clients/oatly.png`, `client-logos/`, not `client-services/`,
# whose staff are people); "partners" alone is not one, as law firms file partners'
# portraits there.
_BRAND_FOLDERS = frozenset(
    {"logo", "logos", "client", "clients", "customer", "customers", "sponsor", "sponsors"}
)
_BRAND_FOLDER_EXTRA = frozenset({"partner", "partners", "brand", "brands"})
# Folders of quoted customers' photos ("/assets/testimonials/…")
_QUOTE_FOLDERS = frozenset({"testimonial", "testimonials", "review", "reviews", "quotes"})


def pet_evidence(name: str, title: str | None) -> str | None:
    """Why a card is an animal: a one-word name whose role ends in an animal word
    ("Biscuit", "Chief Morale Officer (office dog)"). A full name keeps the card a person."""
    if not title or read_name(name).level is NameLevel.NAME:
        return None
    parts = [p.strip() for p in _ROLE_PARTS.split(title) if p.strip()]
    for index, part in enumerate(parts):
        words = [w.strip(".:!'\"").casefold() for w in part.split()]
        # a lone animal word is a list of modifiers unless it ends the role: "Cat, Dog and
        # Horse Groomer" is a person, "Office Manager, Dog" is not
        lone = len(words) == 1 and index < len(parts) - 1
        if not lone and _names_an_animal(words):
            return f'an animal, not a team member (its role says "{part}")'
    return None


def _names_an_animal(words: list[str]) -> bool:
    """Whether a phrase's head noun is an animal (see _ANIMAL_LAST)."""
    if not words:
        return False
    last = words[-1]
    if len(words) > 1 and words[-2] in _IDIOM_WORDS:
        return False
    return (
        last in _ANIMAL_LAST
        or (len(last) > 5 and last.endswith(_ANIMAL_SUFFIXES))
        or words[0] in _ANIMAL_FIRST
    )


def client_evidence(lines: list[str]) -> str | None:
    """Why a card is a client's or sponsor's tile: one of its lines says so outright."""
    for line in lines:
        if _CLIENT_LINE.match(line.strip()):
            return f'a client or sponsor tile (it says "{line.strip()}")'
    return None


def folder_evidence(url: str) -> str | None:
    """Why an image is a brand image or a customer's: the site keeps it in a logos, clients
    or testimonials folder."""
    parts = unquote(urlsplit(url).path).split("/")
    if len(parts) < 3:
        return None
    folder = parts[-2]
    words = section_words(folder)
    if words & _BRAND_FOLDERS and words <= _BRAND_FOLDERS | _BRAND_FOLDER_EXTRA:
        return f"the image is in the site's \"{folder}\" folder, not with the team's photos"
    if words and words <= _QUOTE_FOLDERS:
        return f"the image is in the site's \"{folder}\" folder: a customer's photo"
    return None
