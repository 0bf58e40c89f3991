"""Versioned sites per round with mike.

mike sorts versions as loose version strings, newest first, so round names do
not sort: "2026-voorjaar" lands above "2026-najaar". Each round therefore gets
a sortable version id, "YYYY-MM" from fieldwork.start (a slug of `round` when
the study has no fieldwork start), and its round name as the title, which is
what Material's version selector shows.

The workflow (in the git repository of the site; the `gh-pages` branch is
written by mike, nothing is pushed unless asked):

    # mkdocs.yml
    extra:
      version:
        provider: mike          # Material's version selector

    kekpublish deploy           # = mike deploy --title 2026-voorjaar --update-aliases 2026-01 latest
    mike set-default latest     # once: the site root redirects to the newest round
    mike serve                  # look at it locally

`deploy_argv` builds the argv; `deploy_round` runs it (in a subprocess, from
the config file's folder, so mike finds the repository and mkdocs.yml).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .model.site import Study, slug

LATEST = "latest"
_MIKE_MAIN = "import sys; from mike.driver import main; sys.argv[0] = 'mike'; sys.exit(main())"


@dataclass(frozen=True)
class RoundVersion:
    version: str  # sortable id, e.g. "2026-01"
    title: str  # the round name, e.g. "2026-voorjaar"


def version_id(study: Study) -> str:
    """"YYYY-MM" from fieldwork.start, else a slug of the round name."""
    fieldwork = study.meta.fieldwork
    if fieldwork and fieldwork.start:
        return fieldwork.start.strftime("%Y-%m")
    return slug(str(study.meta.round))


def round_version(study: Study) -> RoundVersion:
    return RoundVersion(version_id(study), str(study.meta.round))


def deploy_argv(study: Study, *, config_file: str | os.PathLike | None = None, aliases: tuple[str, ...] = (LATEST,),
                push: bool = False, branch: str | None = None, message: str | None = None) -> list[str]:
    """The argv after `mike`: deploy <version> <aliases> with --title and --update-aliases."""
    v = round_version(study)
    argv = ["deploy", "--title", v.title, "--update-aliases"]
    if config_file is not None:
        argv += ["--config-file", str(config_file)]
    if branch:
        argv += ["--branch", branch]
    if message:
        argv += ["--message", message]
    if push:
        argv.append("--push")
    return argv + [v.version, *aliases]


def current_round(studies: list[Study], journey: str | None = None) -> Study:
    """The newest round (of `journey`, else of all studies): what `kekpublish deploy` deploys."""
    candidates = [s for s in studies if journey is None or s.journey == journey]
    if not candidates:
        raise ValueError(f"no study of journey '{journey}'" if journey else "no study found")
    return max(candidates, key=lambda s: s.sort_key)


def deploy_round(config_file: str | os.PathLike, study: Study, push: bool = False, *,
                 aliases: tuple[str, ...] = (LATEST,), branch: str | None = None, env: dict | None = None,
                 check: bool = True) -> subprocess.CompletedProcess:
    """Run `mike deploy` for the round of `study` with the site of `config_file`.

    mike is run as `python -c "<mike.driver.main>"` with this interpreter (no
    `mike` script on PATH needed), from the folder of the config file, which
    must be inside a git repository. mike itself calls `mkdocs build`.
    """
    config = Path(config_file).resolve()
    argv = deploy_argv(study, config_file=config, aliases=aliases, push=push, branch=branch)
    environ = {**os.environ, **(env or {})}
    # mike runs `mkdocs build`: find the one installed beside this interpreter first.
    environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), environ.get("PATH", "")])
    return subprocess.run([sys.executable, "-c", _MIKE_MAIN, *argv], cwd=config.parent, check=check,
                          env=environ, capture_output=True, text=True)


def deploy_current_round(config_file: str | os.PathLike = "mkdocs.yml", push: bool = False, *,
                         journey: str | None = None) -> int:
    """`kekpublish deploy`: deploy the newest round of the site's docs dir; returns an exit code.

    The docs dir is `docs_dir` of the config file (default "docs"), relative to it.
    Content errors stop here, before mike builds anything.
    """
    from .model import load_site

    config = Path(config_file)
    if not config.is_file():
        print(f"no {config_file} here; pass -f path/to/mkdocs.yml", file=sys.stderr)
        return 2
    site, problems = load_site(config.parent / _docs_dir(config))
    for problem in problems.errors:
        print(problem, file=sys.stderr)
    if problems.errors or not site.studies:
        if not site.studies:
            print("no study found to deploy", file=sys.stderr)
        return 1
    try:
        study = current_round(site.studies, journey)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    v = round_version(study)
    print(f"mike {' '.join(deploy_argv(study, push=push))}")
    result = deploy_round(config, study, push, check=False)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if result.returncode == 0:
        print(f"Deployed round {v.title} as version {v.version} (alias {LATEST})")
    return result.returncode


def _docs_dir(config: Path) -> str:
    """docs_dir from an MkDocs config, tolerating tags such as !ENV and !!python/name."""
    import yaml

    class Lenient(yaml.SafeLoader):
        pass

    Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=Lenient) or {}
    docs_dir = data.get("docs_dir") if isinstance(data, dict) else None
    return docs_dir if isinstance(docs_dir, str) else "docs"


__all__ = ["LATEST", "RoundVersion", "current_round", "deploy_argv", "deploy_current_round", "deploy_round",
           "round_version", "version_id"]
