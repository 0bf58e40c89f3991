"""kekpublish benchmark: build times against the plain-Material floor, and the pieces.

    python bench/run.py                          # sizes 100 200 (interleaved, medians)
    python bench/run.py --sizes 1000 --reps 2    # a bigger size
    python bench/run.py --sizes --large          # only the largest realistic corpus (800 / 80 / 10 rounds)

For every size N (narratives; N/10 studies, two rounds per journey) it generates a corpus
(bench/generate.py, validated with kekpublish.model.load_site: 0 problems), then times,
each build in a fresh subprocess (wall clock, CPU = user+sys of the child, peak RSS from
wait4):

    cold        the kekpublish site with an empty cache_dir (span, study and export caches)
    then --reps rounds of, interleaved so that load on a shared machine hits all alike:
    plain       the narratives' bodies as ordinary pages, Material + search, same theme settings
    computed    the kekpublish site again, caches filled but the record of the last published build
                removed: every study is loaded, anonymised (from the caches) and rendered again
    warm        the kekpublish site again, nothing changed: the last published build is recalled
                (kekpublish/publish/recall.py)
    edit        after one new sentence in one narrative: deduce must analyse that paragraph
    seen        two paragraphs of that narrative swapped: the study changed, but every paragraph
                was analysed before, so deduce is not needed
    and once:
    warm-noexp  warm with `exports: false` (no PNG/PDF)

Ratios (warm/plain, edit/warm, ...) are taken within each round, then the median over
rounds. Once per run (on the smallest size): deduce start-up, anonymisation throughput
in words/s cold and warm, chart render/export time per study, and the `mkdocs serve`
rebuild (builds in one process, one narrative edited between them).

Results: bench/results/results-<time>.json and a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
CORPORA = HERE / "corpora"
RESULTS = HERE / "results"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
from kekpublish.publish.recall import FILE_NAME as RECORD  # noqa: E402  the record of the last published build, in cache_dir


# --- children (each runs in its own process) ---------------------------------------------------

def _child_build(stats: str, args: list[str]) -> None:
    """`mkdocs <args>`, then write deduce's counters to ``stats``."""
    from kekpublish.anonymise import nlp

    started = {"s": 0.0, "how": ""}
    try:
        from kekpublish.anonymise import deduce_load

        real_load = deduce_load.load

        def timed_load(*a, **kw):
            t0 = time.perf_counter()
            try:
                return real_load(*a, **kw)
            finally:
                started["s"] += time.perf_counter() - t0
                started["how"] = deduce_load.LAST

        deduce_load.load = timed_load
    except ImportError:  # an older kekpublish: deduce starts inside nlp.engine()
        pass

    def dump(code=0):
        Path(stats).write_text(json.dumps({"deduce_loads": nlp.LOADS, "analyses": nlp.ANALYSES, "exit": code,
                                           "deduce_start_s": started["s"], "deduce_start": started["how"]}))

    from mkdocs.__main__ import cli

    try:
        cli.main(args=args, prog_name="mkdocs", standalone_mode=False)
    except SystemExit as exc:
        dump(exc.code or 0)
        raise
    except BaseException:
        dump(1)
        raise
    dump(0)


def _child_deduce(out: str) -> None:
    t0 = time.perf_counter()
    from kekpublish.anonymise import nlp

    nlp.engine()
    res = {"deduce_startup_s": time.perf_counter() - t0}
    try:
        from kekpublish.anonymise import deduce_load

        res["how"] = deduce_load.LAST
    except ImportError:
        pass
    Path(out).write_text(json.dumps(res))


def _child_anon(docs: str, out: str) -> None:
    """Anonymiser directly on every narrative body: words/s cold (empty cache) and warm."""
    from kekpublish.anonymise import Anonymiser, nlp
    from kekpublish.model import load_site
    from kekpublish.publish.anonymised import rules_for

    site, _ = load_site(docs)
    t0 = time.perf_counter()
    nlp.engine()
    startup = time.perf_counter() - t0
    words = sum(len(n.source.body.split()) for s in site.studies for n in s.narratives)
    cache = Path(tempfile.mkdtemp(prefix="kek-anon-"))
    res = {"words": words, "narratives": sum(len(s.narratives) for s in site.studies), "deduce_startup_s": startup}
    for phase in ("cold", "warm"):
        before = nlp.ANALYSES
        t0 = time.perf_counter()
        for study in site.studies:
            anon = Anonymiser(rules_for(study, "nl"), cache_dir=cache)
            for n in study.narratives:
                anon.markdown(n.source.body, file=n.source.rel, first_line=n.source.body_line)
            anon.save()
        secs = time.perf_counter() - t0
        res[phase] = {"seconds": secs, "words_per_s": words / secs, "analyses": nlp.ANALYSES - before}
    shutil.rmtree(cache, ignore_errors=True)
    Path(out).write_text(json.dumps(res))


def _child_charts(docs: str, out: str) -> None:
    """chart_pages per study: SVG only, and SVG + PNG + PDF (+ board PDF), no export cache."""
    import dataclasses

    from kekpublish.model import Problems, load_site
    from kekpublish.publish.anonymised import anonymise_site
    from kekpublish.publish.options import Options
    from kekpublish.render import charts

    site, _ = load_site(docs)
    cache = Path(tempfile.mkdtemp(prefix="kek-charts-"))
    anon = anonymise_site(site, Options(cache_dir=cache), Problems()).site
    res = {}
    for label, opts in (("svg", Options(exports=False)), ("svg+png+pdf", Options(exports=True))):
        fields = {f.name for f in dataclasses.fields(Options)}
        if "cache_dir" in fields:
            opts = dataclasses.replace(opts, cache_dir=None)  # no export cache: measure cairo itself
        times, files = [], 0
        for study in anon.studies:
            t0 = time.perf_counter()
            pub = charts.chart_pages(study, opts)
            times.append(time.perf_counter() - t0)
            files += len(pub.files)
        res[label] = {"median_s": statistics.median(times), "max_s": max(times), "studies": len(times),
                      "files_per_study": files / len(times)}
    shutil.rmtree(cache, ignore_errors=True)
    Path(out).write_text(json.dumps(res))


#: {n} keeps each edit new; five digits at most: a longer number after "nummer" is a document number
#: since 7f82411, and a new identifier makes the leak gate look for it in every file (another edit)
EDIT = " Later belde ook Wilhelmina van Oosterhout nog een keer over nummer {n}."


def edit_narrative(docs: Path, n: int) -> tuple[Path, str]:
    """Add one new sentence (a new name in it) to the third paragraph of one narrative; (file, original)."""
    target = sorted(docs.glob("*/narratives/r05.md"))[0]
    original = target.read_text("utf-8")
    head, body = original.split("\n---\n", 1)
    paras = body.split("\n\n")
    i = min(3, len(paras) - 1)
    paras[i] += EDIT.format(n=n % 100_000)
    target.write_text(head + "\n---\n" + "\n\n".join(paras), "utf-8")
    return target, original


def reorder_narrative(docs: Path, k: int) -> tuple[Path, str]:
    """Swap two paragraphs of the same narrative (a pair that depends on k): the study changes,
    every paragraph is one the span cache has seen; (file, original)."""
    target = sorted(docs.glob("*/narratives/r05.md"))[0]
    original = target.read_text("utf-8")
    head, body = original.split("\n---\n", 1)
    paras = body.rstrip("\n").split("\n\n")
    i = 1 + k % max(1, len(paras) - 3)
    j = min(len(paras) - 1, i + 2)
    paras[i], paras[j] = paras[j], paras[i]
    target.write_text(head + "\n---\n" + "\n\n".join(paras) + "\n", "utf-8")
    return target, original


def _child_rebuild(config: str, out: str) -> None:
    """Like `mkdocs serve`: build, edit one narrative, build, edit it again, build, in one process.

    The first build is warm (deduce not loaded); the second needs deduce for the edited
    paragraph, so it pays deduce's start in this process; the third finds deduce loaded
    (what every further edit under `mkdocs serve` costs).
    """
    import re

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from kekpublish.anonymise import nlp

    seen: list[str] = []
    real = nlp.analyse

    def counting(view):
        seen.append(view)
        return real(view)

    nlp.analyse = counting
    docs = Path(config).parent / "docs"
    stamp = int(time.time())
    res = {}
    target, original = edit_narrative(docs, stamp)  # noqa: F841 - only the file name
    target.write_text(original, "utf-8")
    res["edited"] = target.relative_to(docs).as_posix()
    try:
        for step in ("warm", "edit", "edit_again"):
            if step != "warm":
                seen.clear()
                target.write_text(original, "utf-8")
                edit_narrative(docs, stamp + (step == "edit_again"))
            t0 = time.perf_counter()
            c0 = time.process_time()
            build(load_config(config))
            res[f"{step}_s"] = time.perf_counter() - t0
            res[f"{step}_cpu_s"] = time.process_time() - c0
            res[f"{step}_analyses"] = len(seen)
            res[f"{step}_deduce_loaded"] = nlp.is_loaded()
        norm = lambda s: " ".join(re.sub(r"[#*>\[\]()`_-]", " ", s).split())  # noqa: E731
        edited = norm(target.read_text("utf-8"))
        res["edit_again_analyses_in_edited_file"] = sum(1 for v in seen if norm(v) in edited)
        res["views"] = [v[:80] for v in seen]
    finally:
        target.write_text(original, "utf-8")
    Path(out).write_text(json.dumps(res))


# --- the parent ---------------------------------------------------------------------------------

def _run_child(args: list[str], cwd: Path | None = None) -> dict:
    """Run this script in a fresh process; wall, CPU and peak RSS of that process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), *args], cwd=cwd, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # read stderr in a thread so a chatty child cannot block on a full pipe
    import threading

    err: list[bytes] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read()))
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024,
           "exit": proc.returncode}
    if proc.returncode:
        out["stderr_tail"] = err[0].decode("utf-8", "replace")[-3000:] if err else ""
        print(f"    ! exit {proc.returncode}:\n{out['stderr_tail'][-1500:]}", file=sys.stderr)
    return out


def mkdocs_build(config: Path) -> dict:
    fd, stats = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    res = _run_child(["_build", stats, "build", "-q", "-f", str(config)], cwd=config.parent)
    try:
        res.update(json.loads(Path(stats).read_text() or "{}"))
    except ValueError:
        pass
    os.unlink(stats)
    return res


def child_json(args: list[str], cwd: Path | None = None) -> dict:
    fd, out = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    res = _run_child([*args, out], cwd=cwd)
    try:
        res.update(json.loads(Path(out).read_text() or "{}"))
    except ValueError:
        pass
    os.unlink(out)
    return res


def corpus(n: int, seed: int, rounds: int = 2) -> Path:
    import generate

    out = CORPORA / (f"n{n}" if rounds == 2 else f"n{n}-r{rounds}")
    marker = out / "corpus.json"
    want = {"narratives": n, "seed": seed, "rounds": rounds, "generator": Path(generate.__file__).stat().st_mtime}
    if marker.is_file() and json.loads(marker.read_text()).get("key") == want:
        return out
    t0 = time.perf_counter()
    info = generate.generate(n, out, seed, rounds=rounds)
    problems = generate.validate(out)
    if problems:
        raise SystemExit(f"generated corpus {out.name} has {problems} problems")
    info["generate_s"] = time.perf_counter() - t0
    (out / "kek" / "mkdocs-noexp.yml").write_text(
        (out / "kek" / "mkdocs.yml").read_text().replace("      language: nl\n", "      language: nl\n      exports: false\n"))
    marker.write_text(json.dumps({"key": want, "info": info}))
    return out


def summary(runs: list[dict]) -> dict:
    ok = [r for r in runs if r.get("exit") == 0]
    if not ok:
        return {"runs": len(runs), "ok": 0}
    out = {"runs": len(runs), "ok": len(ok), "wall_s": statistics.median(r["wall_s"] for r in ok),
           "cpu_s": statistics.median(r["cpu_s"] for r in ok), "peak_rss_mb": max(r["peak_rss_mb"] for r in ok),
           "analyses": [r.get("analyses") for r in ok], "deduce_loads": [r.get("deduce_loads") for r in ok]}
    starts = [r["deduce_start_s"] for r in ok if r.get("deduce_start_s")]
    if starts:
        out["deduce_start_s"] = statistics.median(starts)
        out["deduce_start"] = sorted({r.get("deduce_start") for r in ok if r.get("deduce_start")})
    return out


def ratios(entry: dict) -> dict:
    """Per interleaved round: warm/plain, edit/warm, seen/warm (wall and CPU); medians over rounds."""
    raw = entry.get("raw", {})
    out = {}
    for name, (a, b) in {"warm/plain": ("warm", "plain"), "computed/plain": ("computed", "plain"),
                         "edit/warm": ("edit", "warm"), "edit/computed": ("edit", "computed"),
                         "seen/warm": ("seen", "warm"), "edit/plain": ("edit", "plain")}.items():
        pairs = [(x, y) for x, y in zip(raw.get(a, []), raw.get(b, [])) if x.get("exit") == 0 and y.get("exit") == 0]
        if pairs:
            out[name] = {"wall": statistics.median(x["wall_s"] / y["wall_s"] for x, y in pairs),
                         "cpu": statistics.median(x["cpu_s"] / y["cpu_s"] for x, y in pairs), "rounds": len(pairs)}
    cold, plain = raw.get("cold", []), raw.get("plain", [])
    if cold and plain and entry.get("cold", {}).get("ok") and entry.get("plain", {}).get("ok"):
        out["cold/plain"] = {"wall": entry["cold"]["wall_s"] / entry["plain"]["wall_s"],
                             "cpu": entry["cold"]["cpu_s"] / entry["plain"]["cpu_s"], "rounds": len(cold)}
    return out


def machine() -> dict:
    import importlib.metadata as md

    mem = ""
    try:
        mem = next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split(":")[1].strip()
    except OSError:
        pass
    versions = {}
    for pkg in ("mkdocs", "mkdocs-material", "deduce", "cairosvg", "pypdf", "kekpublish", "pyinstrument"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = None
    commit = None
    try:
        commit = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(HERE.parent), "status", "--porcelain", "--", "kekpublish", "themes"],
                               capture_output=True, text=True).stdout.strip()
        if dirty:
            commit += " (+ uncommitted changes)"
    except (OSError, subprocess.CalledProcessError):
        pass
    return {"nproc": os.cpu_count(), "memory": mem, "python": platform.python_version(),
            "platform": platform.platform(), "versions": versions, "commit": commit, "loadavg_start": os.getloadavg()}


def compile_kekpublish() -> int:
    """Write the bytecode of kekpublish's modules, as pip does when it installs kekpublish from its
    wheel (and Python does on first import, unless PYTHONDONTWRITEBYTECODE is set). MkDocs,
    Material and the other dependencies were compiled when pip installed them; an editable
    checkout under PYTHONDONTWRITEBYTECODE=1 (as on CI machines) would otherwise compile kekpublish's
    ~90 modules again in every timed process, about 0.13 s that no installed site pays.
    Returns the number of modules compiled now."""
    import compileall
    import kekpublish

    before = len(list(Path(kekpublish.__file__).parent.rglob("*.pyc")))
    compileall.compile_dir(str(Path(kekpublish.__file__).parent), quiet=1)
    return len(list(Path(kekpublish.__file__).parent.rglob("*.pyc"))) - before


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[100, 200])
    ap.add_argument("--large", action="store_true",
                    help="also the largest realistic corpus: 800 narratives, 80 studies, 10 rounds per journey")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reps", type=int, default=None, help="interleaved rounds of plain/warm/edit/seen (default 3, 1 above 500)")
    ap.add_argument("--cold-runs", type=int, default=1)
    ap.add_argument("--no-extras", action="store_true", help="skip deduce start, throughput, charts and serve rebuild")
    args = ap.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"results-{stamp}.json"
    results = {"machine": machine(), "started": stamp, "sizes": {}, "extras": {}}
    results["machine"]["kekpublish_modules_compiled_before_timing"] = compile_kekpublish()

    def save():
        results["machine"]["loadavg_end"] = os.getloadavg()
        path.write_text(json.dumps(results, indent=1))

    def log(msg):
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)

    plan = [(n, 2) for n in args.sizes] + ([(800, 10)] if args.large else [])
    for n, rounds in plan:
        reps = args.reps or (3 if n <= 500 else 1)
        c = corpus(n, args.seed, rounds)
        label = str(n) if rounds == 2 else f"{n} ({rounds} rounds)"
        info = json.loads((c / "corpus.json").read_text())["info"]
        log(f"N={label}: {info}")
        entry = results["sizes"][label] = {"corpus": info, "raw": {}}
        kek, plain = c / "kek" / "mkdocs.yml", c / "plain" / "mkdocs.yml"
        cache = c / "kek" / ".cache"

        def once(name, config, before=None):
            raw = entry["raw"].setdefault(name, [])
            if before:
                before()
            r = mkdocs_build(config)
            raw.append(r)
            log(f"  {name} #{len(raw)}: wall {r['wall_s']:.1f}s cpu {r['cpu_s']:.1f}s rss {r['peak_rss_mb']:.0f}MB "
                f"analyses {r.get('analyses')} deduce {r.get('deduce_start') or '-'} {r.get('deduce_start_s', 0):.1f}s "
                f"exit {r['exit']} load {os.getloadavg()[0]:.1f}")
            entry[name] = summary(raw)
            save()

        docs = c / "kek" / "docs"
        for _ in range(args.cold_runs):
            once("cold", kek, before=lambda: shutil.rmtree(cache, ignore_errors=True))
        edited: dict = {}
        for rep in range(reps):
            once("plain", plain)
            once("computed", kek, before=lambda: (cache / "kekpublish" / RECORD).unlink(missing_ok=True))
            once("warm", kek)  # the computed build was just remembered: recalled
            target, original = edit_narrative(docs, int(time.time() * 1000))
            try:
                once("edit", kek)
            finally:
                target.write_text(original, "utf-8")
            target, original = reorder_narrative(docs, rep)
            try:
                once("seen", kek)  # the study changed, its paragraphs did not: no deduce
            finally:
                target.write_text(original, "utf-8")
            edited["file"] = target.relative_to(docs).as_posix()
        entry["edited"] = edited.get("file")
        once("warm-noexp", c / "kek" / "mkdocs-noexp.yml")
        entry["ratios"] = ratios(entry)
        log(f"  ratios {entry['ratios']}")
        save()

        if not args.no_extras and (n, rounds) == plan[0]:
            docs_s = str(docs)
            log("  deduce start-up")
            results["extras"]["deduce"] = child_json(["_deduce"])
            log(f"  {results['extras']['deduce']}")
            log("  serve-style rebuilds after editing one narrative")
            results["extras"]["rebuild"] = child_json(["_rebuild", str(kek)], cwd=kek.parent)
            log(f"  { {k: v for k, v in results['extras']['rebuild'].items() if k != 'views'} }")
            log("  anonymisation throughput")
            results["extras"]["anonymise"] = child_json(["_anon", docs_s])
            log(f"  {results['extras']['anonymise']}")
            log("  charts per study")
            results["extras"]["charts"] = child_json(["_charts", docs_s])
            log(f"  {results['extras']['charts']}")
            save()

    print(table(results))
    print(f"\nresults: {path}")


def table(results: dict) -> str:
    lines = ["| N narratives (studies) | plain | kek warm (recalled) | warm, computed | one edit (deduce) | edit, paragraphs seen "
             "| kek cold | warm, no PNG/PDF | warm / plain | computed / plain | edit / warm | edit / computed | seen / warm "
             "| cold / plain | peak RSS plain / warm / edit / cold |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for n, e in results["sizes"].items():
        for name, raw in e.get("raw", {}).items():
            e.setdefault(name, summary(raw))
        r = e.get("ratios") or ratios(e)

        def cell(name):
            s = e.get(name) or {}
            return f"{s['wall_s']:.1f} s (cpu {s['cpu_s']:.1f})" if s.get("ok") else "–"

        def ratio(name):
            x = r.get(name)
            return f"{x['wall']:.2f}x (cpu {x['cpu']:.2f}x)" if x else "–"

        rss = " / ".join(f"{(e.get(k) or {}).get('peak_rss_mb', 0):.0f}" for k in ("plain", "warm", "edit", "cold"))
        lines.append(f"| {n} ({e['corpus']['studies']}) | {cell('plain')} | {cell('warm')} | {cell('computed')} | {cell('edit')} | "
                     f"{cell('seen')} | {cell('cold')} | {cell('warm-noexp')} | {ratio('warm/plain')} | {ratio('computed/plain')} | "
                     f"{ratio('edit/warm')} | {ratio('edit/computed')} | {ratio('seen/warm')} | {ratio('cold/plain')} | {rss} MB |")
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        mode, rest = sys.argv[1], sys.argv[2:]
        if mode == "_build":
            _child_build(rest[0], rest[1:])
        elif mode == "_deduce":
            _child_deduce(rest[0])
        elif mode == "_anon":
            _child_anon(rest[0], rest[1])
        elif mode == "_charts":
            _child_charts(rest[0], rest[1])
        elif mode == "_rebuild":
            _child_rebuild(rest[0], rest[1])
        else:
            raise SystemExit(f"unknown mode {mode}")
    else:
        main()
