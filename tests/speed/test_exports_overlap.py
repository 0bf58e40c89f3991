"""PNG/PDF exports convert in the background while the pages are rendered (issue 14.3).

The order is asserted through the core API and the build's own hooks, never by timing:
a conversion here waits for a release file that only the test (or a hook that runs after
every page was written) creates. Were the exports still converted before the pages, the
conversion would wait in vain and the build fail naming the chart.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kekpublish.export import images
from kekpublish.export.images import ExportBatch
from kekpublish.model import load_site
from kekpublish.model.problems import Problems
from kekpublish.publish.options import Options
from kekpublish.render import charts
from kekpublish.render.output import OutputFile
from sitebuild import write_config

pytestmark = pytest.mark.skipif(images.cairo_error() is not None, reason="cairo is not installed")

FORKS = "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) >= 2
ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
_CREATED = re.compile(rb"/CreationDate \(D:[0-9+\-Z']*\)")


def _svg(text: str) -> str:
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60" viewBox="0 0 240 60">'
            f'<rect width="240" height="60" fill="#fff"/><text x="10" y="30">{text}</text></svg>')


def _blocked_until(release: Path, real):
    """A converter that waits (in the worker) until `release` exists, 60 s at most."""

    def convert(svg, kind):
        import time

        for _ in range(600):
            if release.exists():
                return real(svg, kind)
            time.sleep(0.1)
        raise RuntimeError("never released: the conversion was waited for before the pages")

    return convert


@pytest.mark.skipif(not FORKS, reason="exports run in one process here")
def test_start_returns_while_the_workers_convert_and_wait_fills_every_target(tmp_path, monkeypatch) -> None:
    release = tmp_path / "release"
    monkeypatch.setattr(images, "_convert", _blocked_until(release, images._convert))
    batch = ExportBatch(tmp_path / "cache")
    targets = [OutputFile(f"s{i}/chart.{kind[:3]}", b"") for i in range(3) for kind in ("png2", "pdf")]
    for i, target in enumerate(targets):
        batch.add(target, _svg(f"chart {i // 2}"), "png2" if target.uri.endswith("png") else "pdf")
    assert batch.start() is batch  # returns although no conversion can finish yet
    assert sorted(t.uri for t in batch.pending) == sorted(t.uri for t in targets)
    assert all(t.content == b"" for t in targets)  # nothing is filled before wait()
    release.touch()
    problems = Problems()
    batch.wait(problems)
    assert not problems.items and not batch.pending
    for i, target in enumerate(targets):
        assert _undated(target.content) == _plain(_svg(f"chart {i // 2}"), "png2" if target.uri.endswith("png") else "pdf")


def _plain(svg: str, kind: str) -> bytes:
    """The export as one conversion makes it in this process, one chart and one kind at a time (as
    before the batch), with cairo's creation date taken out of a PDF. (That a conversion draws what
    cairosvg draws is tests/hardening/test_exports.py's.)"""
    [(data, error)] = images._convert_all(svg, [kind])
    assert error is None, error
    return _undated(data)


def _undated(data: bytes) -> bytes:
    return _CREATED.sub(b"/CreationDate ()", data) if data.startswith(b"%PDF-") else data


def test_every_export_of_a_study_is_what_one_conversion_makes_of_its_chart(tmp_path, example_study) -> None:
    """The example study's slides, charts and board summary through the background batch: PNG byte
    for byte, PDF apart from cairo's creation date; a chart asked for twice is converted once."""
    site, problems = load_site(example_study.parent)
    assert not problems.errors
    [study] = site.studies
    batch = ExportBatch(None)
    pub = charts.chart_pages(study, Options(cache_dir=None), batch)
    jobs = list(batch.jobs)
    assert len(jobs) >= 8 and {kind for _, _, kind in jobs} == {"png2", "pdf"}
    twin = OutputFile("twin.png", b"")
    batch.add(twin, jobs[0][1], jobs[0][2])  # the same chart again
    problems = Problems()
    batch.start().wait(problems)
    assert not problems.items
    for target, svg, kind in jobs:
        assert target in pub.files and target.content, target.uri
        assert _undated(target.content) == _plain(svg, kind), target.uri
    assert twin.content == jobs[0][0].content


@pytest.mark.skipif(not FORKS, reason="exports run in one process here")
def test_a_worker_killed_in_the_background_names_its_chart(tmp_path, monkeypatch) -> None:
    real = images._convert

    def convert(svg, kind):
        if "KILL" in svg:
            os._exit(9)  # as the kernel's OOM killer would
        return real(svg, kind)

    monkeypatch.setattr(images, "_convert", convert)
    batch = ExportBatch(None)
    targets = [OutputFile(f"s{i}/hartmonitor.png", b"") for i in range(5)] + [OutputFile("kapot/klantreiskaart.png", b"")]
    for i, target in enumerate(targets):
        batch.add(target, _svg("KILL" if target.uri.startswith("kapot") else f"chart {i}"), "png2")
    problems = Problems()
    batch.start().wait(problems)
    assert [p.file for p in problems.errors] == ["kapot/klantreiskaart.png"]
    assert "converter process stopped" in problems.errors[0].message
    assert all(images.valid_export(t.content, "png2") for t in targets[:5])


@pytest.mark.skipif(not FORKS, reason="exports run in one process here")
def test_a_cancelled_batch_leaves_its_targets_empty_and_its_workers_go(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(images, "_convert", _blocked_until(tmp_path / "never", images._convert))
    batch = ExportBatch(None)
    targets = [OutputFile(f"s{i}/chart.png", b"") for i in range(6)]
    for i, target in enumerate(targets):
        batch.add(target, _svg(f"chart {i}"), "png2")
    batch.start()
    workers = list(batch._pool._processes.values())
    assert workers
    batch.cancel()
    (tmp_path / "never").touch()  # the running conversions end; the queued ones were dropped
    # the pool's own thread reaps its workers too: join() may lose that race (the pid is already
    # reaped, so it returns at once), so wait until the process object knows it has ended
    deadline = time.monotonic() + 60
    for worker in workers:
        worker.join(timeout=60)
        while worker.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not worker.is_alive()
    assert all(t.content == b"" for t in targets) and not batch.pending


def _hooks(folder: Path, release: Path, record: Path) -> Path:
    """A MkDocs hook that runs after every page was written, before kekpublish's gate (priority -1000):
    it records which exports are still empty and which pages exist, then releases the conversions."""
    hook = folder / "hooks.py"
    hook.write_text(textwrap.dedent(f"""
        import json
        from pathlib import Path

        def on_post_build(config):
            site = Path(config.site_dir)
            exports = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix in (".png", ".pdf"))
            Path({str(record)!r}).write_text(json.dumps({{
                "empty": [e for e in exports if (site / e).stat().st_size == 0],
                "exports": exports,
                "pages": sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html")),
            }}))
            Path({str(release)!r}).touch()
        """), "utf-8")
    return hook


def _build(config: Path, patch: str) -> subprocess.CompletedProcess:
    script = ("import os, sys, time\nfrom pathlib import Path\nfrom kekpublish.export import images\n"
              "real = images._convert\n" + textwrap.dedent(patch) + "images._convert = convert\n"
              "from mkdocs.__main__ import cli\n"
              f"sys.argv = ['mkdocs', 'build', '-q', '-f', {str(config)!r}]\ncli()\n")
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=900,
                          env={**os.environ, **ENV})


def _config(tmp_path: Path, example_study: Path, hook: Path | None = None) -> Path:
    docs = example_study.parent
    (docs / "index.md").write_text("# Studies\n", "utf-8")
    config = write_config(tmp_path, docs, cache_dir=tmp_path / "cache")
    if hook is not None:
        config.write_text(config.read_text("utf-8") + f"hooks:\n  - {hook}\n", "utf-8")
    return config


@pytest.mark.skipif(not FORKS, reason="exports run in one process here")
def test_mkdocs_renders_every_page_while_the_exports_convert(tmp_path, example_study) -> None:
    import json

    release, record = tmp_path / "release", tmp_path / "record.json"
    config = _config(tmp_path, example_study, _hooks(tmp_path, release, record))
    result = _build(config, f"""
        def convert(svg, kind):
            for _ in range(1200):  # 120 s: released only once every page is written
                if Path({str(release)!r}).exists():
                    return real(svg, kind)
                time.sleep(0.1)
            raise RuntimeError("never released")
        """)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    seen = json.loads(record.read_text("utf-8"))
    assert "overlijden/hartmonitor/index.html" in seen["pages"] and len(seen["pages"]) > 10
    assert "overlijden/hartmonitor.png" in seen["empty"] and "overlijden/klantreiskaart.pdf" in seen["empty"]
    site = tmp_path / "site"
    built = sorted(p.relative_to(site).as_posix() for p in (site / "overlijden").rglob("*") if p.suffix in (".png", ".pdf"))
    assert built == [e for e in seen["exports"] if e.startswith("overlijden/")]  # the placeholders became the exports
    cached = {hashlib.sha256(images._load(p, p.suffix[1:] if p.suffix == ".pdf" else "png2") or b"").hexdigest()
              for p in (tmp_path / "cache" / "exports").iterdir()}
    for rel in built:
        data = (site / rel).read_bytes()
        assert images.valid_export(data, "pdf" if rel.endswith(".pdf") else "png2"), rel
        assert hashlib.sha256(data).hexdigest() in cached, rel  # what the workers made, whole


@pytest.mark.skipif(not FORKS, reason="exports run in one process here")
def test_an_export_that_would_leak_is_caught_after_it_is_written(tmp_path, example_study) -> None:
    """The gate's second pass reads the PNG/PDF written after the pages: a leak in one stops the
    build and the last good site stays."""
    config = _config(tmp_path, example_study)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site", "utf-8")
    result = _build(config, """
        def convert(svg, kind):
            data = real(svg, kind)
            if kind == "png2" and 'id="kek-hartmonitor-slide"' in svg:
                import zlib
                chunk = b"tEXt" + b"Author\\0Gerrit Veldkamp"
                text = len(chunk[4:]).to_bytes(4, "big") + chunk + zlib.crc32(chunk).to_bytes(4, "big")
                data = data[:33] + text + data[33:]  # after IHDR: metadata naming a respondent
            return data
        """)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "personal data would be published" in output and "Traceback" not in output, output
    assert "overlijden/hartmonitor.png" in output, output
    assert (site / "index.html").read_text("utf-8") == "last good site"
    assert not [p for p in tmp_path.iterdir() if ".kekpublish-staging" in p.name]


def test_a_batch_nobody_waits_for_converts_nothing(tmp_path, monkeypatch) -> None:
    """pipeline.run(exports="defer") keeps the batch unstarted: its targets are pending and only
    wait() converts them (`kekpublish gate` needs the terms, not the PNG/PDF files)."""
    calls = []
    real = images._convert
    monkeypatch.setattr(images, "_convert", lambda svg, kind: calls.append(kind) or real(svg, kind))
    batch = ExportBatch(None)
    targets = [OutputFile("s/chart.png", b""), OutputFile("s/chart.pdf", b"")]
    batch.add(targets[0], _svg("x"), "png2")
    batch.add(targets[1], _svg("x"), "pdf")
    assert batch.pending == targets and not calls
    batch.wait()  # two conversions: in this process, started by wait() itself
    assert calls == ["png2", "pdf"] and not batch.pending and all(t.content for t in targets)
