"""A warm build publishes the site a cold build publishes, file by file and byte by byte (issue 14).

Each build runs in a process of its own, as `mkdocs build` does: the cold one with an empty cache
(deduce, every chart, every export), the warm one reading every cache the cold one filled. Only
what is meant to differ between two builds may differ (nothing, at the time of writing: the
sitemap's date is the day's and the PDFs carry no build time).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.sitebuild import copy_demo, run, write_config


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _build(config: Path) -> None:
    done = run("-m", "mkdocs", "build", "-q", "-f", str(config), env={"NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr


def test_a_warm_build_publishes_the_cold_builds_site(tmp_path) -> None:
    docs, studies = copy_demo(tmp_path)
    cache = tmp_path / ".cache"
    config = write_config(tmp_path, docs, cache_dir=cache, studies_dir=str(studies))
    site = tmp_path / "site"
    _build(config)  # cold: empty cache
    cold = _files(site)
    shutil.copytree(site, tmp_path / "cold-site")
    assert any((cache / "charts").glob("*.json")) and (cache / "search.json").is_file()
    _build(config)  # warm: every cache filled
    warm = _files(site)
    assert len(cold) > 100 and any(k.endswith(".png") for k in cold) and any(k.endswith(".pdf") for k in cold)
    assert sorted(warm) == sorted(cold)
    differ = [k for k in cold if warm[k] != cold[k]]
    assert differ == []
