"""The built-in demo team: the same photos in every process, whatever ran before."""

from __future__ import annotations

import cv2
import numpy as np

from auditor.demo import photos
from auditor.demo.photos import make_demo_photos


def test_demo_photos_do_not_depend_on_what_opencv_drew_before():
    # GrabCut draws from OpenCV's per-thread generator; an earlier draw once changed the
    # demo's loose-crop photo enough that a test run's order decided whether it was flagged.
    photos._cutouts.cache_clear()  # cut out afresh, as a new process does
    first = [p.data for p in make_demo_photos(count_on_style=2)]
    cv2.randu(np.zeros((64, 64), np.float32), 0, 1)  # advance the generator
    photos._cutouts.cache_clear()
    again = [p.data for p in make_demo_photos(count_on_style=2)]
    assert first == again
