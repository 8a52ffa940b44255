"""One person on several pages: the same name on different audited pages, and their photos.

When several sources are audited together (a team page, a speakers page, a press kit), one
person should show one image everywhere. People are matched by name the way the crawler
names them (`crawl.naming.slugify`, the basis of person ids: case, accents and punctuation do
not matter) and must come from different pages; their photos are compared by perceptual hash
(`hash.phash`, confirmed by `hash.phash256` as for duplicates), so a resized or re-encoded
copy is the same photo.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from auditor.analysis.duplicates import fine_agrees
from auditor.crawl.naming import slugify
from auditor.models import Person

__all__ = ["find_cross_page_photos"]


def find_cross_page_photos(
    people: Sequence[Person],
    hashes: Mapping[str, str],
    max_bits: int,
    fine: Mapping[str, str] | None = None,
) -> tuple[dict[str, list[str]], set[frozenset[str]]]:
    """Per person id, the same person's ids on other pages with a *different* photo; and the
    pairs that are the same person with the same photo (not a duplicate to flag).
    """
    by_name: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        if person.name and hashes.get(person.id):
            by_name[slugify(person.name)].append(person)
    different: dict[str, list[str]] = defaultdict(list)
    same: set[frozenset[str]] = set()
    for group in by_name.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if not a.page_url or a.page_url == b.page_url:
                    continue  # one page: two people who share a name, not one on two pages
                bits = (int(hashes[a.id], 16) ^ int(hashes[b.id], 16)).bit_count()
                near = bits <= max_bits and fine_agrees(fine or {}, a.id, b.id)
                if near or (a.sha256 and a.sha256 == b.sha256):
                    same.add(frozenset((a.id, b.id)))
                else:
                    different[a.id].append(b.id)
                    different[b.id].append(a.id)
    return dict(different), same
