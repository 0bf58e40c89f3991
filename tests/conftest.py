"""Shared fixtures: the project's example study, a fixed reference date, and one chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitebuild import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]

# The project's own example study: a death in the fictional municipality Lindewaard. It lives
# outside every docs_dir (examples/), so no builder publishes its raw files.
EXAMPLE = ROOT / "examples" / "studies" / "overlijden"


@pytest.fixture
def example_study(tmp_path) -> Path:
    """A temp copy of examples/studies/overlijden as docs/overlijden (the folder is the study's address)."""
    target = tmp_path / "docs" / EXAMPLE.name
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch):
    """Builds in tests use a fixed reference date unless a test says otherwise."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", os.environ.get("SOURCE_DATE_EPOCH", "1789000000"))


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session (Playwright allows one sync driver per thread).

    Skipped where chromium or Playwright is missing, except under CI, where that fails.
    """
    missing = None if CHROMIUM.exists() else f"{CHROMIUM} is absent (apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = missing or "playwright is not installed (pip install -e '.[test]')"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}; required under CI")
        pytest.skip(missing)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
