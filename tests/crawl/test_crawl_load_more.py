"""A "Load more" button whose script fetches the rest of the team from an endpoint
(WordPress REST, a theme's JSON): the crawler reads the endpoint as the next page."""

from __future__ import annotations

import json

from crawl_httpd import Reply, serve

from auditor.config import CrawlConfig
from auditor.crawl import crawl

FAST = CrawlConfig(timeout=3.0, backoff=0.01, retries=1)
ENDPOINT = "/wp-json/wp/v2/team?per_page=2&page=2&_embed"


def _card(i: int, name: str, role: str) -> str:
    return (
        f'<article class="team-card"><img src="/p/{i}.jpg" alt=""><h3>{name}</h3>'
        f'<p class="team-card__role">{role}</p></article>'
    )


def _wp_item(i: int, rendered: str, role: str) -> dict:
    return {
        "id": 100 + i,
        "slug": f"person-{i}",
        "type": "team",
        "title": {"rendered": rendered},
        "acf": {"position": role},
        "_embedded": {"wp:featuredmedia": [{"source_url": f"/p/{i}.jpg"}]},
    }


def test_the_load_more_endpoint_of_a_button_is_read_as_the_next_page(make_photo):
    html = (
        "<h1>Meet the team</h1><div class='team-grid'>"
        + _card(0, "Fiona Gallagher", "Principal Physiotherapist")
        + _card(1, "Niamh Byrne", "Chartered Physiotherapist")
        + f"</div><button class='js-load-more' data-endpoint='{ENDPOINT}' data-next-page='2'>"
        "Load more</button>"
    )
    items = [
        _wp_item(2, "Siobh&aacute;n O&#8217;Neill", "Women&#8217;s Health Physiotherapist"),
        _wp_item(3, "Luca <em>Romano</em>", "Massage Therapist"),
    ]
    routes = {
        "/": Reply(200, html.encode(), {"Content-Type": "text/html; charset=utf-8"}),
        ENDPOINT: Reply(200, json.dumps(items).encode(), {"Content-Type": "application/json"}),
        **{
            f"/p/{i}.jpg": Reply(200, make_photo(i), {"Content-Type": "image/jpeg"})
            for i in range(4)
        },
    }
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
        assert [(p.name, p.title, p.image_url) for p in result.people] == [
            ("Fiona Gallagher", "Principal Physiotherapist", server.url("p/0.jpg")),
            ("Niamh Byrne", "Chartered Physiotherapist", server.url("p/1.jpg")),
            ("Siobhán O’Neill", "Women’s Health Physiotherapist", server.url("p/2.jpg")),
            ("Luca Romano", "Massage Therapist", server.url("p/3.jpg")),
        ]
        assert server.count(ENDPOINT) == 1


def test_a_data_attribute_that_is_no_url_is_not_followed():
    html = (
        "<h1>Team</h1>"
        + _card(0, "Fiona Gallagher", "Physiotherapist")
        + "<button data-next='2' data-url='team-grid'>Load more</button>"
    )
    routes = {"/": Reply(200, html.encode(), {"Content-Type": "text/html; charset=utf-8"})}
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
    assert [page.url for page in result.pages] == [server.url("/")]
