"""Builders other than MkDocs-with-the-plugin: export -> the builder -> check -> gate -> swap.

`kekpublish build --engine zensical` gives the same guarantees as the plugin's
build: one build per site at a time, a staging folder of its own, the leak gate on
every file, and the last good site kept unless all of it passed. A builder that
publishes fewer pages than the export holds is an error, not a site.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .. import cache_entries
from . import sitegate
from .export import ExportError, export
from .project import Project
from .staging import PublishError, StagedBuild

log = logging.getLogger("kekpublish")

ENGINES = ("mkdocs", "zensical")


class EngineError(Exception):
    """The route failed; nothing was published and the last good site stays."""


def zensical_command() -> list[str]:
    """How to run Zensical: its console script, else the module with this interpreter."""
    script = shutil.which("zensical")
    if script:
        return [script]
    try:
        import zensical  # noqa: F401
    except ImportError:
        raise EngineError("Zensical is not installed; pip install zensical (or use the default engine)") from None
    return [sys.executable, "-m", "zensical"]


def build_with_zensical(project: Project, *, strict: bool = False, site_dir: str | Path | None = None) -> Path:
    """export -> `zensical build` -> every page there -> gate -> swap; the published site's folder."""
    command = zensical_command()
    site = Path(site_dir).resolve() if site_dir else project.site_dir
    staged = StagedBuild(str(site))
    try:
        staging = Path(staged.begin(log.info))
    except PublishError as error:
        raise EngineError(str(error)) from None
    folder = Path(f"{site}.kekpublish-export")
    try:
        try:
            exported = export(project, folder, builder="zensical")  # Zensical builds only inside its project: into folder/site
        except ExportError as error:
            raise EngineError(str(error)) from None
        log.info("zensical build: %s", exported.config_file)
        result = subprocess.run([*command, "build", "-f", str(exported.config_file), *(["--strict"] if strict else [])],
                                cwd=folder, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        output = (result.stdout + result.stderr).strip()
        if result.returncode != 0:
            raise EngineError(f"zensical build failed (exit {result.returncode}); nothing was published:\n{output[-4000:]}")
        for line in output.splitlines():
            log.debug("zensical: %s", line)
        built = folder / "site"
        use_directory_urls = project.config.get("use_directory_urls", True) is not False
        missing = [p for p in exported.expected_html(use_directory_urls) if not (built / p).is_file()]
        if missing:
            raise EngineError(f"zensical published {len(exported.pages) - len(missing)} of {len(exported.pages)} pages; "
                              f"missing: {', '.join(missing[:10])}{' …' if len(missing) > 10 else ''}. Nothing was published.")
        anonymised = exported.build.anonymised
        if project.plugin.get("leak_gate", True) is not False and anonymised is not None:
            leaks = sitegate.gate(built, anonymised, cache_dir=project.options().cache_dir)
            if leaks:
                raise EngineError(sitegate.leak_message(leaks))
        try:
            os.rmdir(staging)  # the staging folder (same file system as the site) takes the built site whole
            os.rename(built, staging)
            staged.publish()
        except (OSError, PublishError) as error:
            raise EngineError(str(error)) from None
        log.info("gepubliceerd: %d pagina's in %s", len(exported.pages), site)
        cache_entries.prune(project.options().cache_dir)  # entries no build has used for two weeks
        return site
    finally:
        staged.discard()
        shutil.rmtree(folder, ignore_errors=True)


__all__ = ["ENGINES", "EngineError", "build_with_zensical", "zensical_command"]
