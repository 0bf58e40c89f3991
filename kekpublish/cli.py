"""The `kekpublish` command: check, new, schema, build, deploy.

Builds run MkDocs in a subprocess, so this module (like the whole core) never
imports mkdocs; the plugin does the work there.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from . import __version__
from .model.schema import json_schema, schema_file_name
from .model.types import KINDS
from .publish.options import Options
from .report import format_problems

STARTER = Path(__file__).parent / "starter"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kekpublish", description="Publish KEK studies (Klantervaring in Kaart) as a static site.")
    parser.add_argument("--version", action="version", version=f"kekpublish {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate studies without building; exit 1 when anything is wrong")
    check.add_argument("dir", nargs="?", help="the docs dir (default: docs_dir of ./mkdocs.yml, else .)")
    check.add_argument("-f", "--config-file", default="mkdocs.yml")
    check.add_argument("--report", action="store_true", help="also anonymise and list every replacement for review")
    check.add_argument("--csv", metavar="FILE", help="with --report: write the replacements as CSV (keep it outside the site)")
    check.add_argument("--language", choices=("nl", "en"), default=None)

    new = commands.add_parser("new", help="write a starter study that builds as is")
    new.add_argument("dir", help="the new study folder, e.g. content/verhuizen")

    schema = commands.add_parser("schema", help="write the JSON Schemas of the four file types")
    schema.add_argument("--out", metavar="DIR", help="folder to write <kind>.schema.json into (default: print the study schema)")
    schema.add_argument("--kind", choices=KINDS, default="study")

    build = commands.add_parser("build", help="build the site; it replaces the previous one only when every check passed")
    build.add_argument("-f", "--config-file", default="mkdocs.yml")
    build.add_argument("--strict", action="store_true")
    build.add_argument("--offline", action="store_true", help="a folder and zip that work from file:// (one round, no version selector)")
    build.add_argument("--site-dir", help="where to build (default: site_dir of the config)")

    deploy = commands.add_parser("deploy", help="deploy the current round as a version with mike")
    deploy.add_argument("-f", "--config-file", default="mkdocs.yml")
    deploy.add_argument("--push", action="store_true")

    args = parser.parse_args(argv)
    try:
        return {"check": _check, "new": _new, "schema": _schema, "build": _build, "deploy": _deploy}[args.command](args)
    except KeyboardInterrupt:
        return 130
    except UserError as exc:
        print(f"kekpublish: {exc}", file=sys.stderr)
        return 2


class UserError(Exception):
    """A mistake in how the command was called; told without a traceback."""


def read_config(path: str) -> dict:
    """An mkdocs.yml as data, tolerating MkDocs' own tags (!ENV, !relative, python/name)."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=Loader) or {}
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise UserError(f"{path} is not valid YAML: {exc}") from None


def _docs_dir(args) -> tuple[Path, dict]:
    if args.dir:
        return Path(args.dir), {}
    if Path(args.config_file).is_file():
        config = read_config(args.config_file)
        return Path(args.config_file).resolve().parent / config.get("docs_dir", "docs"), config
    return Path("."), {}


def _plugin_options(config: dict) -> dict:
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "kekpublish" in entry:
            return entry["kekpublish"] or {}
    return {}


def _check(args) -> int:
    from .publish import pipeline

    docs_dir, config = _docs_dir(args)
    if not docs_dir.is_dir():
        raise UserError(f"{docs_dir} is not a folder")
    plugin = _plugin_options(config)
    options = Options(language=args.language or plugin.get("language", "nl"),
                      max_file_size=int(plugin.get("max_file_size", 1_000_000)),
                      cache_dir=Path(args.config_file).resolve().parent / plugin.get("cache_dir", ".cache/kekpublish") if config else None)
    build = pipeline.run(docs_dir, options) if args.report else pipeline.check(docs_dir, options)
    problems = build.problems
    if problems.errors or problems.warnings:
        print(format_problems(problems.errors + problems.warnings, str(docs_dir)).replace("; nothing was published", ""))
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
        print(f"kekpublish: {studies} {'study' if studies == 1 else 'studies'} in {docs_dir}, no problems.")
    return 1 if problems.errors or problems.warnings else 0


def _print_report(replacements) -> None:
    print(f"{len(replacements)} replacements (originals masked):")
    for r in replacements:
        where = f"{r.file}:{r.line}" if r.line else r.file
        print(f"  {where}  {r.field}  {r.kind}: {r.masked()} -> {r.replacement}")


def _new(args) -> int:
    target = Path(args.dir)
    if target.exists() and any(target.iterdir()):
        raise UserError(f"{target} exists and is not empty; choose a new folder")
    shutil.copytree(STARTER, target, dirs_exist_ok=True)
    study = target / "study.md"
    journey = "".join(c if c.isalnum() or c == "-" else "-" for c in target.name.lower()).strip("-") or "nieuw-onderzoek"
    study.write_text(study.read_text(encoding="utf-8").replace("journey: nieuw-onderzoek", f"journey: {journey}"), encoding="utf-8")
    _write_schemas(target / ".schema")
    print(f"Wrote a starter study to {target}: study.md, narratives/r01.md, shopping/bezoek.md, actions.md")
    print("Editors with the YAML language server complete fields from .schema/. Build it with: mkdocs serve")
    return 0


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
    if args.offline:
        from .offline import build_offline

        return build_offline(args.config_file, strict=args.strict)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", args.config_file]
    command += ["--strict"] if args.strict else []
    command += ["--site-dir", args.site_dir] if args.site_dir else []
    return subprocess.call(command)


def _deploy(args) -> int:
    from .versions import deploy_current_round

    return deploy_current_round(args.config_file, push=args.push)


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["main", "read_config", "os"]
