"""The demo team page: an ordinary "Meet the team" page of person cards, written to a folder."""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape
from pathlib import Path

from PIL import Image, ImageDraw

from auditor.demo.photos import make_demo_photos

__all__ = ["DEMO_PEOPLE", "build_demo_site"]

# Fictional people of the demo company, one per photo (on-style first, then off-style).
DEMO_PEOPLE: tuple[tuple[str, str], ...] = (
    ("Avery Stone", "Chief Executive Officer"),
    ("Jordan Blake", "Head of Engineering"),
    ("Riley Chen", "Product Designer"),
    ("Morgan Patel", "Marketing Lead"),
    ("Casey Novak", "Account Executive"),
    ("Taylor Okafor", "Data Scientist"),
    ("Quinn Alvarez", "Customer Success"),
    ("Harper Lindqvist", "Finance Director"),
    ("Rowan Ito", "Sales Engineer"),
    ("Emerson Duarte", "Recruiter"),
    ("Sasha Kowalski", "Support Engineer"),
    ("Jamie Mensah", "Office Manager"),
    ("Dana Whitfield", "Legal Counsel"),
    ("Kai Moreau", "Content Strategist"),
    ("Noor Haddad", "Security Engineer"),
    ("Elliot Brandt", "People Partner"),
)

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Meet the team — Example Co.</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #222; }}
.team {{ display: grid; gap: 1.5rem;
         grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); }}
.card img {{ width: 100%; aspect-ratio: 4 / 5; object-fit: cover; border-radius: 6px; }}
.card h3 {{ margin: .5rem 0 0; font-size: 1rem; }}
.card p {{ margin: 0; color: #666; font-size: .9rem; }}
</style>
</head>
<body>
<header><img src="logo.png" alt="Example Co." width="120" height="32"></header>
<h1>Meet the team</h1>
<section class="team">
{cards}
</section>
</body>
</html>
"""

_CARD = """<div class="card">
  <img src="photos/{file}" alt="Photo of {name}" loading="lazy">
  <h3>{name}</h3>
  <p class="title">{title}</p>
</div>"""


def _logo_png() -> bytes:
    """The company logo: a real image the crawler must not take for a person (no name, header)."""
    buf = io.BytesIO()
    logo = Image.new("RGB", (240, 64), (20, 60, 120))
    ImageDraw.Draw(logo).text((16, 22), "Example Co.", fill=(255, 255, 255))
    logo.save(buf, "PNG")
    return buf.getvalue()


def build_demo_site(folder: Path, names: Sequence[tuple[str, str]] | None = None) -> Path:
    """Write the demo page (`index.html`) and its photos into `folder`; return the page path.

    `names` replaces the built-in (name, title) pairs, e.g. to test how odd names render.
    """
    photos = make_demo_photos(count_on_style=8)
    people = list(names or DEMO_PEOPLE)
    if len(people) < len(photos):
        people += list(DEMO_PEOPLE[len(people) : len(photos)])
    (folder / "photos").mkdir(parents=True, exist_ok=True)
    cards = []
    for photo, (name, title) in zip(photos, people, strict=False):
        (folder / "photos" / photo.filename).write_bytes(photo.data)
        cards.append(_CARD.format(file=photo.filename, name=escape(name), title=escape(title)))
    (folder / "logo.png").write_bytes(_logo_png())
    page = folder / "index.html"
    page.write_text(_PAGE.format(cards="\n".join(cards)), encoding="utf-8")
    return page
