"""Shared fixtures: the project's demo, the shared example (where ../shared exists), and site builds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitebuild import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]

SHARED_EXAMPLE = ROOT.parent / "shared" / "examples" / "verhuizen"


@pytest.fixture
def shared_example(tmp_path) -> Path:
    """A temp copy of ../shared/examples/verhuizen; skips where ../shared is absent (CI has it)."""
    if not SHARED_EXAMPLE.is_dir():
        pytest.skip("../shared/examples/verhuizen is not here")
    target = tmp_path / "docs" / "verhuizen"
    shutil.copytree(SHARED_EXAMPLE, target)
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
