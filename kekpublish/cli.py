"""The `kekpublish` command: new, check, schema, build, export, gate, deploy.

MkDocs builds run in a subprocess, so this module (like the whole core) never
imports mkdocs; the plugin does the work there. `export`, `gate` and
`build --engine zensical` run the core here, with its progress on stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import __version__
from .model.schema import json_schema, schema_file_name
from .model.types import KINDS
from .publish.options import Options
from .publish.project import Project, ProjectError, plugin_options
from .publish.project import read_config as _read_config
from .report import format_problems

STARTER = Path(__file__).parent / "starter"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kekpublish", description="Publish KEK studies (Klantervaring in Kaart) as a static site.")
    parser.add_argument("--version", action="version", version=f"kekpublish {__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    parser.add_argument("-v", "--verbose", action="store_true", help="also what the builders say")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate studies without building; exit 1 when anything is wrong")
    check.add_argument("dir", nargs="?", help="a folder of studies (default: docs_dir and studies_dir of ./mkdocs.yml, else .)")
    check.add_argument("-f", "--config-file", default="mkdocs.yml")
    check.add_argument("--report", action="store_true", help="also anonymise and list every replacement for review")
    check.add_argument("--csv", metavar="FILE", help="with --report: write the replacements as CSV (keep it outside the site)")
    check.add_argument("--language", choices=("nl", "en"), default=None)

    new = commands.add_parser("new", help="write a project (mkdocs.yml, docs, a starter study) that builds as is")
    new.add_argument("dir", help="the new project folder, e.g. mijn-onderzoek (with --study: the new study folder)")
    new.add_argument("--study", action="store_true", help="write only a starter study folder, e.g. studies/verhuizen-2026")

    schema = commands.add_parser("schema", help="write the JSON Schemas of every file kind (study, narrative, shopping, actionplan, measurement)")
    schema.add_argument("--out", metavar="DIR", help="folder to write <kind>.schema.json into (default: print the study schema)")
    schema.add_argument("--kind", choices=KINDS, default="study")

    build = commands.add_parser("build", help="build the site; it replaces the previous one only when every check passed")
    build.add_argument("-f", "--config-file", default="mkdocs.yml")
    build.add_argument("--strict", action="store_true")
    build.add_argument("--offline", action="store_true", help="a folder and zip that work from file:// (one round, no version selector)")
    build.add_argument("--site-dir", help="where to build (default: site_dir of the config)")
    build.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                       help="mkdocs (the plugin) or zensical (export, zensical build, the leak gate, then publish)")

    export = commands.add_parser("export", help="write the anonymised publication as plain files for any MkDocs-compatible builder")
    export.add_argument("dir", help="the folder to write (emptied first): mkdocs.yml, docs/, overrides/")
    export.add_argument("-f", "--config-file", default="mkdocs.yml")
    export.add_argument("--builder", choices=("mkdocs", "zensical"), default="mkdocs",
                        help="mkdocs (also ProperDocs) includes kekpublish's fixes to Material's templates; zensical leaves them out")

    gate = commands.add_parser("gate", help="run the leak gate on a built site; exit 1 and the findings when it leaks")
    gate.add_argument("site", help="the built site's folder")
    gate.add_argument("-f", "--config-file", default="mkdocs.yml", help="the project whose studies give the terms")

    deploy = commands.add_parser("deploy", help="deploy the current round as a version with mike")
    deploy.add_argument("-f", "--config-file", default="mkdocs.yml")
    deploy.add_argument("--push", action="store_true")

    args = parser.parse_args(argv)
    handler = _show_progress(logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO)
    try:
        return {"check": _check, "new": _new, "schema": _schema, "build": _build, "deploy": _deploy,
                "export": _export, "gate": _gate}[args.command](args)
    except KeyboardInterrupt:
        return 130
    except (UserError, ProjectError) as exc:
        print(f"kekpublish: {exc}" if not str(exc).startswith("kekpublish") else str(exc), file=sys.stderr)
        return 2
    finally:
        logging.getLogger("kekpublish").removeHandler(handler)


class _Style(logging.Formatter):
    """MkDocs' log style: 'INFO    -  message'."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname:<8}-  {record.getMessage()}"


def _show_progress(level: int) -> logging.Handler:
    """The core's progress (logger "kekpublish") on stderr, as MkDocs shows its own."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Style())
    handler.setLevel(level)
    logger = logging.getLogger("kekpublish")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    return handler


class UserError(Exception):
    """A mistake in how the command was called; told without a traceback."""


def read_config(path: str) -> dict:
    """An mkdocs.yml as data, tolerating MkDocs' own tags (!ENV, !relative, python/name)."""
    try:
        return _read_config(path)
    except ProjectError as exc:
        raise UserError(str(exc)) from None


def _check(args) -> int:
    from .publish import pipeline

    studies_dir = None
    if args.dir:
        docs_dir, plugin, base = Path(args.dir), {}, None
    elif Path(args.config_file).is_file():
        project = Project.load(args.config_file)
        docs_dir, studies_dir, plugin, base = project.docs_dir, project.studies_dir, project.plugin, project.base
    else:
        docs_dir, plugin, base = Path("."), {}, None
    if not docs_dir.is_dir():
        raise UserError(f"{docs_dir} is not a folder")
    options = Options(language=args.language or plugin.get("language", "nl"),
                      max_file_size=int(plugin.get("max_file_size", 1_000_000)),
                      cache_dir=base / plugin.get("cache_dir", ".cache/kekpublish") if base else None)
    if args.report:
        build = pipeline.run(docs_dir, options, studies_dir=studies_dir, exports="defer")  # the report reads no PNG/PDF
    else:
        build = pipeline.check(docs_dir, options, studies_dir=studies_dir)
    problems = build.problems
    where = build.root or str(docs_dir)
    if problems.errors or problems.warnings:
        print(format_problems(problems.errors + problems.warnings, where).replace("; nothing was published", ""))
    for info in problems.infos:
        print(f"info: {info}")
    if args.report and build.anonymised is not None:
        _print_report(build.anonymised.replacements)
        review = getattr(build.anonymised, "review", [])
        if review:
            print(f"{len(review)} things to check (left in the published text, or unique in a study):")
            for note in review:
                print(f"  {note}")
        if args.csv:
            from .anonymise import write_report_csv

            write_report_csv(build.anonymised.replacements, args.csv)
            print(f"Wrote {len(build.anonymised.replacements)} replacements to {args.csv} (keep this file out of the site).")
    studies = len(build.site.studies)
    if not problems.errors and not problems.warnings:
        print(f"kekpublish: {studies} {'study' if studies == 1 else 'studies'} in {studies_dir or docs_dir}, no problems.")
    return 1 if problems.errors or problems.warnings else 0


def _print_report(replacements) -> None:
    print(f"{len(replacements)} replacements (originals masked):")
    for r in replacements:
        where = f"{r.file}:{r.line}" if r.line else r.file
        print(f"  {where}  {r.field}  {r.kind}: {r.masked()} -> {r.replacement}")


def _new(args) -> int:
    target = Path(args.dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UserError(f"{target} exists and is not empty; choose a new folder")
    if args.study:
        study = _new_study(target)
        print(f"Wrote a starter study to {study}: study.md, narratives/r01.md, shopping/bezoek.md, actions.md")
        print("Editors with the YAML language server complete fields from .schema/. Put the folder in your project's "
              "studies_dir (the kekpublish option in mkdocs.yml) and build with: mkdocs serve")
        return 0
    from .publish.newproject import write_project

    written = write_project(target, STARTER)
    study = _new_study(target / written.study)
    for name in written.files:
        print(f"  {target / name}")
    print(f"  {study}/ (study.md, narratives/, shopping/, metingen/, actions.md, .schema/)")
    print(f"Wrote a new kekpublish project in {target}. Next:\n\n    cd {_shell_quote(str(target))}\n    mkdocs serve\n\n"
          "and open http://127.0.0.1:8000/ (the first build prepares the name tables for anonymising; that takes a minute).")
    return 0


def _new_study(target: Path) -> Path:
    """The starter study (kekpublish/starter) in target, its journey named after the folder, with the schemas."""
    shutil.copytree(STARTER, target, dirs_exist_ok=True)
    study = target / "study.md"
    journey = "".join(c if c.isalnum() or c == "-" else "-" for c in target.name.lower()).strip("-") or "nieuw-onderzoek"
    study.write_text(study.read_text(encoding="utf-8").replace("journey: nieuw-onderzoek", f"journey: {journey}"), encoding="utf-8")
    _write_schemas(target / ".schema")
    return target


def _shell_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _write_schemas(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        (folder / schema_file_name(kind)).write_text(json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _schema(args) -> int:
    if args.out:
        _write_schemas(Path(args.out))
        print(f"Wrote {', '.join(schema_file_name(k) for k in KINDS)} to {args.out}")
    else:
        print(json.dumps(json_schema(args.kind), indent=2, ensure_ascii=False))
    return 0


def _build(args) -> int:
    if not Path(args.config_file).is_file():
        raise UserError(f"no {args.config_file} here; pass -f path/to/mkdocs.yml")
    if args.engine == "zensical":
        if args.offline:
            raise UserError("--offline builds with MkDocs (Material's offline plugin); leave out --engine zensical")
        from .publish.engines import EngineError, build_with_zensical

        try:
            site = build_with_zensical(Project.load(args.config_file), strict=args.strict, site_dir=args.site_dir)
        except EngineError as exc:
            print(str(exc) if str(exc).startswith("kekpublish") else f"kekpublish: {exc}", file=sys.stderr)
            return 1
        print(f"kekpublish: built with Zensical, the leak gate passed: {site}")
        return 0
    if args.offline:
        from .offline import build_offline

        return build_offline(args.config_file, strict=args.strict)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", args.config_file]
    command += ["--strict"] if args.strict else []
    command += ["--site-dir", args.site_dir] if args.site_dir else []
    command += ["--quiet"] if args.quiet else []
    return subprocess.call(command)


def _export(args) -> int:
    from .publish.export import export

    result = export(Project.load(args.config_file), args.dir, builder=args.builder)
    print(f"kekpublish: exported {len(result.generated)} generated and {len(result.pages) - len(result.generated)} ordinary pages "
          f"to {result.folder}. Build it with any MkDocs-compatible builder, e.g.\n\n"
          f"    zensical build -f {result.config_file}\n    mkdocs build -f {result.config_file}\n\n"
          f"and check the result with: kekpublish gate {result.folder / 'site'} -f {args.config_file}")
    return 0


def _gate(args) -> int:
    from .publish import pipeline, sitegate

    site = Path(args.site)
    if not site.is_dir():
        raise UserError(f"{site} is not a folder; pass the folder of a built site")
    project = Project.load(args.config_file)
    options = project.options()
    build = pipeline.run(project.docs_dir, options, studies_dir=project.studies_dir,
                         has_home=(project.docs_dir / "index.md").is_file(), exports="defer")  # the gate needs the terms only
    if build.problems.errors:
        print(format_problems(build.problems.errors, build.root).replace("; nothing was published", "; the gate cannot run"),
              file=sys.stderr)
        return 2
    files = sum(1 for p in site.rglob("*") if p.is_file())
    leaks = sitegate.gate(site, build.anonymised, cache_dir=options.cache_dir)
    if leaks:
        message = sitegate.leak_message(leaks)
        print(message.replace("nothing was published and the previous site is untouched",
                              f"the site in {site} must not be published"), file=sys.stderr)
        return 1
    print(f"kekpublish: the leak gate passed: {files} files of {site} hold none of the {len(build.anonymised.leak_terms)} "
          f"terms of {len(build.site.studies)} studies.")
    return 0


def _deploy(args) -> int:
    from .versions import deploy_current_round

    return deploy_current_round(args.config_file, push=args.push)


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["main", "plugin_options", "read_config", "os"]
