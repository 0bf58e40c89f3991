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
    """`kekpublish deploy`: deploy the newest round of the project's studies; returns an exit code.

    The studies are those of studies_dir and docs_dir of the config file. Content
    errors stop here, before mike builds anything. After mike, the version folder on
    the branch is checked to hold every page of the publication (the narratives
    included); a version that holds less is an error, and nothing is pushed.
    """
    from .publish import pipeline
    from .publish.project import Project, ProjectError

    try:
        project = Project.load(config_file)
        options = project.options()
    except ProjectError as exc:
        print(f"kekpublish: {exc}", file=sys.stderr)
        return 2
    checked = pipeline.check(project.docs_dir, options, studies_dir=project.studies_dir)
    site, problems = checked.site, checked.problems
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
    branch = str(project.config.get("remote_branch") or "gh-pages")
    print(f"mike {' '.join(deploy_argv(study, push=push))}")
    result = deploy_round(project.config_file, study, False, check=False)  # pushed below, once the version is whole
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        print(f"kekpublish: mike failed (exit {result.returncode}); round {v.title} was not deployed", file=sys.stderr)
        return result.returncode
    built = pipeline.run(project.docs_dir, options, studies_dir=project.studies_dir,
                         has_home=(project.docs_dir / "index.md").is_file(), exports="defer")  # only its page list is read
    missing = missing_pages(project.base, branch, v.version, [p.uri for p in built.publication.pages],
                            use_directory_urls=project.config.get("use_directory_urls", True) is not False)
    if not built.publication.pages or built.problems.errors:
        print(f"kekpublish: the publication of round {v.title} holds no pages; nothing was pushed", file=sys.stderr)
        return 1
    if missing:
        print(f"kekpublish: version {v.version} on {branch} lacks {len(missing)} of its {len(built.publication.pages)} pages "
              f"({', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}); it was not pushed. "
              f"Remove it with `mike delete {v.version}` and deploy again.", file=sys.stderr)
        return 1
    if push:
        remote = str(project.config.get("remote_name") or "origin")
        pushed = subprocess.run(["git", "push", remote, branch], cwd=project.base, capture_output=True, text=True)
        if pushed.returncode != 0:
            print(f"kekpublish: git push {remote} {branch} failed: {pushed.stderr.strip()}", file=sys.stderr)
            return pushed.returncode
    print(f"Deployed round {v.title} as version {v.version} (alias {LATEST}): {len(built.publication.pages)} pages"
          + (f", pushed to {branch}" if push else f" on {branch}, not pushed (add --push)"))
    return 0


def missing_pages(repo: str | os.PathLike, branch: str, version: str, uris: list[str], *,
                  use_directory_urls: bool = True) -> list[str]:
    """The pages (as HTML paths in the version folder) that the branch does not hold."""
    from .publish.export import html_path

    listed = subprocess.run(["git", "ls-tree", "-r", "--name-only", branch, f"{version}/"], cwd=repo,
                            capture_output=True, text=True)
    present = set(listed.stdout.split("\n")) if listed.returncode == 0 else set()
    expected = [f"{version}/{html_path(uri, use_directory_urls)}" for uri in uris]
    return [path for path in expected if path not in present]


__all__ = ["LATEST", "RoundVersion", "current_round", "deploy_argv", "deploy_current_round", "deploy_round",
           "missing_pages", "round_version", "version_id"]
