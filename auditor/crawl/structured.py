"""People in structured data: schema.org JSON-LD, microdata, and app state (Next.js
`__NEXT_DATA__` JSON, Nuxt 2 `window.__NUXT__` JavaScript, Nuxt 3 `__NUXT_DATA__` devalue)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from auditor.crawl.devalue import unflatten
from auditor.crawl.jsliteral import assigned_value
from auditor.crawl.naming import clean_text, looks_like_name

__all__ = [
    "DataPerson",
    "json_ld_people",
    "json_people",
    "microdata_person",
    "next_data_people",
    "nuxt_data_people",
    "nuxt_people",
]

# Keys under which app JSON (Next.js props, load-more endpoints) keeps a person's photo.
_IMAGE_KEYS = (
    "image",
    "photo",
    "headshot",
    "portrait",
    "avatar",
    "picture",
    "img",
    "imageUrl",
    "image_url",
    "photoUrl",
    "photo_url",
    "avatarUrl",
    "avatar_url",
    "profileImage",
    "profile_image",
    "profilePicture",
    "thumbnail",
)
_TITLE_KEYS = ("jobTitle", "job_title", "title", "role", "position", "designation")
_NAME_KEYS = ("name", "fullName", "full_name", "displayName", "display_name")
# Keys under which schema.org names who made or published the page, not who works there.
_METADATA_KEYS = frozenset(
    {
        "author",
        "publisher",
        "creator",
        "editor",
        "contributor",
        "copyrightHolder",
        "reviewedBy",
        "accountablePerson",
        "maintainer",
        "sdPublisher",
    }
)
# App JSON keys above a person kept as its context ("testimonials", "team").
JSON_CONTEXT_KEYS = 3
# Nesting depth followed in app JSON; deeper structures are not team data.
MAX_JSON_DEPTH = 40
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class DataPerson:
    """A person described by structured data rather than by a visible card."""

    name: str
    image: str | None = None  # as written (may be relative)
    title: str | None = None
    page_metadata: str | None = None  # "author", "publisher"...: describes the page, not a team
    found_under: str = ""  # the app JSON keys above it ("props testimonials"), for context


def _image_url(value: Any) -> str | None:
    """A URL from a schema.org image value: a string, an ImageObject, or a list of them."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        for item in value:
            url = _image_url(item)
            if url:
                return url
        return None
    if isinstance(value, dict):
        # ... and through a CMS's wrappers: Strapi's {"data": {"attributes": {"url": …}}}
        keys = ("url", "contentUrl", "src", "secure_url", "original", "large", "medium")
        for key in (*keys, "data", "attributes"):
            url = _image_url(value.get(key))
            if url:
                return url
    return None


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", ())
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1] for k in kinds}


def _metadata_refs(node: Any, out: dict[str, str], depth: int = 0) -> None:
    """The `@id`s that author/publisher-like keys point to (Yoast's `@graph` does this)."""
    if depth > MAX_JSON_DEPTH:
        return
    if isinstance(node, list):
        for item in node:
            _metadata_refs(item, out, depth + 1)
    elif isinstance(node, dict):
        for key, value in node.items():
            refs = value if isinstance(value, list) else [value]
            if key in _METADATA_KEYS:
                for ref in refs:
                    if isinstance(ref, dict) and isinstance(ref.get("@id"), str):
                        out.setdefault(ref["@id"], key)
            if isinstance(value, dict | list):
                _metadata_refs(value, out, depth + 1)


def _walk_ld(
    node: Any,
    out: list[DataPerson],
    refs: dict[str, str],
    depth: int = 0,
    via: str | None = None,
) -> None:
    if depth > MAX_JSON_DEPTH:
        return
    if isinstance(node, list):
        for item in node:
            _walk_ld(item, out, refs, depth + 1, via)
        return
    if not isinstance(node, dict):
        return
    if "Person" in _types(node) and isinstance(node.get("name"), str):
        name = clean_text(node["name"])
        if name:
            title = node.get("jobTitle")
            node_id = node.get("@id")
            metadata = via if via in _METADATA_KEYS else None
            if metadata is None and isinstance(node_id, str):
                metadata = refs.get(node_id)
            out.append(
                DataPerson(
                    name=name,
                    image=_image_url(node.get("image")),
                    title=clean_text(title) if isinstance(title, str) else None,
                    page_metadata=metadata,
                )
            )
    for key, value in node.items():
        if key in ("@context",):
            continue
        if isinstance(value, dict | list):
            _walk_ld(value, out, refs, depth + 1, key)


def json_ld_people(tree: LexborHTMLParser) -> list[DataPerson]:
    """Person nodes of every JSON-LD block (incl. @graph and Organization.employee/member)."""
    out: list[DataPerson] = []
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text(deep=True) or "null")
        except (ValueError, RecursionError):  # broken or absurdly deep: ignore this block
            continue
        refs: dict[str, str] = {}
        _metadata_refs(data, refs)
        _walk_ld(data, out, refs)
    return _dedupe(out)


def microdata_person(node: LexborNode) -> DataPerson | None:
    """The name/image/jobTitle of a schema.org/Person microdata item rooted at `node`."""
    name = title = image = None
    for prop in node.css("[itemprop]"):
        key = prop.attributes.get("itemprop") or ""
        if key == "name" and name is None:
            name = clean_text(prop.attributes.get("content") or prop.text(deep=True))
        elif key == "jobTitle" and title is None:
            title = clean_text(prop.attributes.get("content") or prop.text(deep=True))
        elif key == "image" and image is None:
            attrs = prop.attributes
            image = attrs.get("src") or attrs.get("content") or attrs.get("href")
    if not name:
        return None
    return DataPerson(name=name, image=image, title=title or None)


def _json_string(value: Any) -> str | None:
    return clean_text(value) if isinstance(value, str) and value.strip() else None


def _looks_like_person(node: dict[str, Any]) -> DataPerson | None:
    name = next((_json_string(node.get(k)) for k in _NAME_KEYS if _json_string(node.get(k))), None)
    if name is None:
        first, last = _json_string(node.get("firstName")), _json_string(node.get("lastName"))
        name = " ".join(p for p in (first, last) if p) or None
    if not name or not looks_like_name(name):
        return None
    image = next((_image_url(node.get(k)) for k in _IMAGE_KEYS if _image_url(node.get(k))), None)
    title = next(
        (_json_string(node.get(k)) for k in _TITLE_KEYS if _json_string(node.get(k))), None
    )
    if image is None and title is None:
        return None  # a bare "name" key is too common (products, places) to mean a person
    return DataPerson(name=name, image=image, title=title)


def _wordpress_post(node: dict[str, Any]) -> DataPerson | None:
    """A WordPress REST item of a team post type: the name is `title.rendered` (HTML, with
    entities), the role an ACF or meta field, the photo the embedded featured media."""
    title = node.get("title")
    if not isinstance(title, dict) or not isinstance(title.get("rendered"), str):
        return None
    name = clean_text(html.unescape(_TAGS.sub("", title["rendered"])))
    if not name or not looks_like_name(name):
        return None
    fields = [f for f in (node.get("acf"), node.get("meta")) if isinstance(f, dict)]
    role = next(
        (_json_string(f.get(k)) for f in fields for k in _TITLE_KEYS if _json_string(f.get(k))),
        None,
    )
    embedded = node.get("_embedded")
    media = embedded.get("wp:featuredmedia") if isinstance(embedded, dict) else None
    image = (
        _image_url([m.get("source_url") for m in media if isinstance(m, dict)])
        if isinstance(media, list)
        else None
    )
    image = image or next(
        (_image_url(f.get(k)) for f in fields for k in _IMAGE_KEYS if _image_url(f.get(k))), None
    )
    if image is None and role is None:
        return None
    return DataPerson(name=name, image=image, title=clean_text(html.unescape(role or "")) or None)


def _walk_json(node: Any, depth: int = 0, keys: tuple[str, ...] = ()) -> Iterator[DataPerson]:
    if depth > MAX_JSON_DEPTH:
        return
    if isinstance(node, dict):
        person = _looks_like_person(node) or _wordpress_post(node)
        if person is not None:
            yield replace(person, found_under=" ".join(keys[-JSON_CONTEXT_KEYS:]))
            return
        for key, value in node.items():
            yield from _walk_json(value, depth + 1, (*keys, str(key)))
    elif isinstance(node, list):
        for item in node:
            yield from _walk_json(item, depth + 1, keys)


def json_people(data: Any) -> list[DataPerson]:
    """People in arbitrary app JSON: objects with a name and a photo or job title."""
    return _dedupe(list(_walk_json(data)))


def next_data_people(tree: LexborHTMLParser) -> list[DataPerson]:
    """People in a Next.js page's `script#__NEXT_DATA__` props."""
    script = tree.css_first("script#__NEXT_DATA__")
    if script is None:
        return []
    try:
        data = json.loads(script.text(deep=True) or "null")
    except (ValueError, RecursionError):
        return []
    return json_people(data)


def nuxt_people(tree: LexborHTMLParser) -> list[DataPerson]:
    """People in a Nuxt 2 page's `window.__NUXT__` state, read as a JavaScript literal (a
    page rendered in the browser has its team nowhere else)."""
    out: list[DataPerson] = []
    for script in tree.css("script"):
        if script.attributes.get("src") is not None:
            continue
        text = script.text(deep=True) or ""
        if "__NUXT__" in text:
            out += json_people(assigned_value(text, "__NUXT__"))
    return _dedupe(out)


def nuxt_data_people(tree: LexborHTMLParser) -> list[DataPerson]:
    """People in a Nuxt 3 page's `script#__NUXT_DATA__` payload (devalue's flat array)."""
    out: list[DataPerson] = []
    for script in tree.css("script#__NUXT_DATA__, script[data-nuxt-data]"):
        try:
            entries = json.loads(script.text(deep=True) or "null")
        except (ValueError, RecursionError):
            continue
        out += json_people(unflatten(entries))
    return _dedupe(out)


def _dedupe(people: list[DataPerson]) -> list[DataPerson]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for person in people:
        key = (person.name.casefold(), person.image)
        if key not in seen:
            seen.add(key)
            out.append(person)
    return out
