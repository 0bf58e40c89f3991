"""Every page type of the demo, in Dutch and English, in headless chromium: no request leaves 127.0.0.1,
axe-core finds nothing serious or critical, and a full-page screenshot is kept as a test artefact."""

from __future__ import annotations

import struct

import pytest

from .conftest import LANGUAGES, PAGE_TYPES, WIDTH, foreign

CASES = [pytest.param(language, name, id=f"{language}-{name}") for language in LANGUAGES for name in PAGE_TYPES]


@pytest.mark.parametrize(("language", "name"), CASES)
def test_no_request_leaves_127_0_0_1(visit, language, name):
    opened = visit(language, name)
    assert opened.requests, "the page made no requests at all: was it opened?"
    assert foreign(opened.requests, ("http://127.0.0.1:",)) == []
    assert opened.errors == []  # and no script failed on the way


@pytest.mark.parametrize(("language", "name"), CASES)
def test_axe_finds_nothing_serious(visit, language, name):
    opened = visit(language, name)
    found = [f"{v['id']} ({v['impact']}): {v['help']} — " + ", ".join(str(n["target"]) for n in v["nodes"][:5])
             for v in opened.violations]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(("language", "name"), CASES)
def test_screenshot_is_written(visit, language, name):
    opened = visit(language, name)
    data = opened.screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == WIDTH and height >= 600, (width, height)
