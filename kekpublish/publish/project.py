"""A kekpublish project as the command line sees it: mkdocs.yml read as data, without MkDocs.

    project = Project.load("mkdocs.yml")
    project.docs_dir, project.studies_dir, project.site_dir, project.options()

The plugin reads the same settings through MkDocs' config; the command line
(`check`, `export`, `gate`, `deploy`, `build --engine zensical`) reads them here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .options import DEFAULT_COLOURS, Options, colours_problem


class ProjectError(Exception):
    """The config cannot be used; the message says why and what to write."""


def read_config(path: str | Path) -> dict:
    """An mkdocs.yml as data, tolerating MkDocs' own tags (!ENV, !relative, python/name)."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.load(f, Loader=Loader) or {}
    except OSError as exc:
        raise ProjectError(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ProjectError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ProjectError(f"{path} must be a mapping of settings")
    return data


def plugin_options(config: dict) -> dict | None:
    """The kekpublish plugin's options in a config, {} when listed bare, None when it is not listed."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        if "kekpublish" in plugins:
            return plugins["kekpublish"] or {}
        return None
    for entry in plugins:
        if entry == "kekpublish":
            return {}
        if isinstance(entry, dict) and "kekpublish" in entry:
            return entry["kekpublish"] or {}
    return None


@dataclass
class Project:
    config_file: Path
    config: dict
    plugin: dict = field(default_factory=dict)

    @classmethod
    def load(cls, config_file: str | Path) -> "Project":
        path = Path(config_file)
        if not path.is_file():
            raise ProjectError(f"no {config_file} here; pass -f path/to/mkdocs.yml")
        config = read_config(path)
        return cls(path.resolve(), config, plugin_options(config) or {})

    @property
    def base(self) -> Path:
        return self.config_file.parent

    @property
    def docs_dir(self) -> Path:
        return self.base / str(self.config.get("docs_dir") or "docs")

    @property
    def site_dir(self) -> Path:
        return self.base / str(self.config.get("site_dir") or "site")

    @property
    def studies_dir(self) -> Path | None:
        value = self.plugin.get("studies_dir")
        return self.base / str(value) if value else None

    @property
    def language(self) -> str:
        theme = self.config.get("theme") or {}
        language = self.plugin.get("language") or (theme.get("language") if isinstance(theme, dict) else None) or "nl"
        return language if language in ("nl", "en") else "nl"

    def options(self, language: str | None = None) -> Options:
        colours = self.plugin.get("colours", list(DEFAULT_COLOURS))
        problem = colours_problem(colours)
        if problem:
            raise ProjectError(f"{self.config_file.name}: plugin kekpublish, option 'colours': {problem}")
        cache = Path(str(self.plugin.get("cache_dir", ".cache/kekpublish")))
        theme = self.config.get("theme") or {}
        custom = theme.get("custom_dir") if isinstance(theme, dict) else None
        return Options(language=language or self.language, colours=tuple(colours), exports=bool(self.plugin.get("exports", True)),
                       cache_dir=cache if cache.is_absolute() else self.base / cache,
                       override_dirs=(str(self.base / custom),) if custom else (),
                       max_file_size=int(self.plugin.get("max_file_size", 1_000_000)))


__all__ = ["Project", "ProjectError", "plugin_options", "read_config"]
