"""Shared fixtures: the demo site's photos (built once per session) and a loopback server."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.demo import build_demo_site

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def demo_site_template(tmp_path_factory) -> Path:
    """The demo team page and photos, written once per test session (GrabCut is not free)."""
    folder = tmp_path_factory.mktemp("demo-site")
    build_demo_site(folder)
    return folder


@pytest.fixture
def demo_site(demo_site_template, tmp_path) -> Path:
    """A private copy of the demo site that a test may edit."""
    folder = tmp_path / "site"
    shutil.copytree(demo_site_template, folder)
    return folder


@pytest.fixture
def photo_folder(demo_site_template, tmp_path) -> Path:
    """Ten real photos in a folder: the quickest source for CLI behaviour tests."""
    folder = tmp_path / "photos"
    folder.mkdir()
    for path in sorted((demo_site_template / "photos").iterdir())[:10]:
        shutil.copy(path, folder / path.name)
    return folder
