"""The demo built once per session, in Dutch and in English, for the evidence/themes/kpi/measurement tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitebuild import build, copy_demo, write_config  # noqa: E402


@pytest.fixture(scope="session")
def evidence_cache(tmp_path_factory) -> Path:
    """A fresh anonymisation cache; KEK_TEST_CACHE names a kept one (faster reruns while developing)."""
    kept = os.environ.get("KEK_TEST_CACHE")
    return Path(kept) if kept else tmp_path_factory.mktemp("kek-cache")


def _demo(tmp_path_factory, cache: Path, language: str) -> Path:
    folder = tmp_path_factory.mktemp(f"demo-{language}")
    docs, studies = copy_demo(folder)
    return build(write_config(folder, docs, language=language, cache_dir=cache, studies_dir=str(studies), exports=False))


@pytest.fixture(scope="session")
def demo(tmp_path_factory, evidence_cache) -> Path:
    return _demo(tmp_path_factory, evidence_cache, "nl")


@pytest.fixture(scope="session")
def demo_en(tmp_path_factory, evidence_cache) -> Path:
    return _demo(tmp_path_factory, evidence_cache, "en")
