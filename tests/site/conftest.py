"""Fixtures for the built-site checks (the site_dir, base_url and browser fixtures are in
tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import Page, site_pages

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results"


@pytest.fixture(scope="session")
def pages(site_dir: Path) -> list[Page]:
    """Every built page (from sitemap.xml) plus 404.html."""
    found = site_pages(site_dir)
    missing = [p.name for p in found if not p.file.is_file()]
    assert not missing, f"sitemap.xml lists pages that were not built: {missing}"
    return found


@pytest.fixture(scope="session")
def results_dir() -> Path:
    RESULTS.mkdir(exist_ok=True)
    return RESULTS
