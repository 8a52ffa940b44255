"""The house crop: inside the photo, at the house framing, never upscaled; None when it can't."""

from __future__ import annotations

import pytest

from auditor.fixes.geometry import HeadGeometry, HouseFraming, house_crop_box

HOUSE = HouseFraming(
    head_share=0.5,
    eye_line=0.4,
    centre_offset=0.0,
    aspect=0.8,
    head_share_spread=0.045,
    eye_line_spread=0.03,
    centre_spread=0.05,
)


def _framing_of(head: HeadGeometry, size, box):
    width, height = size
    return (
        head.head_height * height / box.height,
        (head.eye_y * height - box.top) / box.height,
        (head.centre_x * width - box.left) / box.width - 0.5,
    )


def test_a_loose_photo_is_cropped_to_the_house_framing_exactly():
    head = HeadGeometry(head_height=0.2, eye_y=0.35, centre_x=0.6)
    size = (2000, 2500)
    box = house_crop_box(head, size, HOUSE)
    assert box is not None
    assert box.left >= 0 and box.top >= 0
    assert box.left + box.width <= size[0] and box.top + box.height <= size[1]
    share, eye, centre = _framing_of(head, size, box)
    assert share == pytest.approx(0.5, abs=0.005)
    assert eye == pytest.approx(0.4, abs=0.005)
    assert centre == pytest.approx(0.0, abs=0.005)
    assert box.width / box.height == pytest.approx(0.8, abs=0.01)


def test_a_head_near_the_edge_lands_within_the_tolerated_band():
    head = HeadGeometry(head_height=0.3, eye_y=0.2, centre_x=0.5)  # little room above
    box = house_crop_box(head, (800, 1000), HOUSE)
    assert box is not None and box.top == 0
    share, eye, _ = _framing_of(head, (800, 1000), box)
    assert abs(eye - HOUSE.eye_line) <= 2 * HOUSE.eye_line_spread + 1e-6
    assert abs(share - HOUSE.head_share) <= 2 * HOUSE.head_share_spread + 1e-6


def test_no_crop_when_the_file_lacks_the_pixels():
    # A head filling most of the frame: the house framing needs far more than the photo.
    assert house_crop_box(HeadGeometry(0.9, 0.4, 0.5), (600, 750), HOUSE) is None
    # A face at the very bottom edge: nothing below the chin to put in the frame.
    assert house_crop_box(HeadGeometry(0.3, 0.92, 0.5), (600, 750), HOUSE) is None


def test_never_larger_than_the_photo():
    head = HeadGeometry(head_height=0.5, eye_y=0.4, centre_x=0.5)  # already on style
    box = house_crop_box(head, (400, 500), HOUSE)
    assert box is not None and box.width <= 400 and box.height <= 500
