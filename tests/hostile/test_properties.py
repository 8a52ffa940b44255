"""Property tests: random bytes never crash the decoder, random HTML never crashes the parser."""

from __future__ import annotations

from corpus import hostile_images
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.config import FeaturesConfig
from auditor.crawl.content import decode_html
from auditor.crawl.page import check_nesting, scan_page
from auditor.features import measure_photo
from auditor.models import Status

CONFIG = FeaturesConfig()
MAGIC = [b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBP", b"<svg"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes_never_crash_the_decoder(data):
    measurement = measure_photo(data, CONFIG)
    assert measurement.status in (Status.FAILED, Status.OK, Status.NO_FACE)
    if measurement.status is Status.FAILED:
        assert measurement.error


@SETTINGS
@given(st.sampled_from(MAGIC), st.binary(max_size=2048))
def test_image_magic_followed_by_garbage_is_a_clear_failure(magic, tail):
    measurement = measure_photo(magic + tail, CONFIG)
    assert measurement.status in (Status.FAILED, Status.OK, Status.NO_FACE)


@SETTINGS
@given(
    st.sampled_from([h.data for h in hostile_images() if h.data]),
    st.integers(min_value=0, max_value=10_000),
    st.binary(min_size=1, max_size=16),
)
def test_flipped_bytes_in_real_images_never_crash(data, offset, patch):
    offset %= len(data)
    mutated = data[:offset] + patch + data[offset + len(patch) :]
    measurement = measure_photo(mutated, CONFIG)
    assert measurement.status in (Status.FAILED, Status.OK, Status.NO_FACE)


TAGS = st.sampled_from(["div", "img", "h3", "p", "figure", "picture", "source", "a", "script"])
ATTRS = st.sampled_from(
    [
        'src="x.jpg"',
        'srcset="a.jpg 1x, b,c.jpg 2x"',
        "style=\"background:url('z.png')\"",
        'data-src="//h/i.jpg"',
        'href="javascript:alert(1)"',
        'alt="Photo of"',
        "",
        'class="card"',
    ]
)


@st.composite
def tag_soup(draw):
    parts = []
    for _ in range(draw(st.integers(min_value=0, max_value=40))):
        tag = draw(TAGS)
        kind = draw(st.integers(min_value=0, max_value=2))
        if kind == 0:
            parts.append(f"<{tag} {draw(ATTRS)}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(st.text(max_size=30)))
    return "".join(parts)


@SETTINGS
@given(tag_soup())
def test_random_tag_soup_never_crashes_the_page_parser(html):
    scan = scan_page(html, "http://127.0.0.1/team")
    for person in scan.people:
        assert person.name


CHARSETS = st.sampled_from(
    ["utf-8", "utf-16", "utf-32", "iso-8859-1", "shift_jis", "x-nonsense", "", "utf-7", "\u00e9"]
)


@SETTINGS
@given(st.binary(max_size=2048), CHARSETS, st.booleans())
def test_any_bytes_in_any_declared_charset_decode_and_parse(body, charset, meta):
    """Broken encodings: whatever the bytes and the declared charset, a page is text."""
    if meta:
        body = f"<meta charset='{charset}'>".encode() + body
    html = decode_html(body, f"text/html; charset={charset}")
    assert isinstance(html, str)
    check_nesting(html)  # random bytes never nest thousands deep
    scan_page(html, "http://127.0.0.1/team")
