"""A kekpublish project as the command line sees it: mkdocs.yml read as data, without MkDocs.

    project = Project.load("mkdocs.yml")
    project.docs_dir, project.studies_dir, project.site_dir, project.options()

The plugin reads the same settings through MkDocs' config; the command line
(`check`, `export`, `gate`, `deploy`, `build --engine zensical`) reads them here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .options import DEFAULT_COLOURS, Options, colours_problem


class ProjectError(Exception):
    """The config cannot be used; the message says why and what to write."""


class Tagged:
    """A value written with a YAML tag that MkDocs resolves when it loads the config (``!ENV``,
    ``!relative``, ``!!python/name:...``), kept as written: an exported mkdocs.yml says the same,
    and the builder that reads it (MkDocs, ProperDocs, Zensical) resolves it as it would have."""

    def __init__(self, tag: str, value) -> None:
        self.tag, self.value = tag, value

    def __eq__(self, other) -> bool:
        return isinstance(other, Tagged) and (self.tag, self.value) == (other.tag, other.value)

    def __repr__(self) -> str:
        return f"Tagged({self.tag!r}, {self.value!r})"


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        return Tagged(suffix, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(suffix, loader.construct_sequence(node, deep=True))
    return Tagged(suffix, loader.construct_mapping(node, deep=True))


def read_config(path: str | Path, *, tags: bool = False) -> dict:
    """An mkdocs.yml as data, with MkDocs' own tags: ``!ENV`` resolved from the environment
    as MkDocs resolves it, other tags (``!relative``, ``!!python/name``) as None; with
    `tags`, every tagged value kept as a `Tagged` (for writing the config out again)."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", _tagged)
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.load(f, Loader=Loader) or {}
    except OSError as exc:
        raise ProjectError(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ProjectError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ProjectError(f"{path} must be a mapping of settings")
    return data if tags else resolved(data)


_PYTHON_NAME = "tag:yaml.org,2002:python/name:"


def resolved(value, *, objects: bool = False):
    """`value` with its tagged parts resolved: ``!ENV`` as MkDocs (pyyaml-env-tag) does; with
    `objects`, ``!!python/name:module.attr`` imported as MkDocs' loader does (e.g. Material's
    emoji index, for rendering Markdown as MkDocs would); the rest None."""
    if isinstance(value, Tagged):
        if value.tag == "!ENV":
            return _env(value.value)
        if objects and value.tag.startswith(_PYTHON_NAME):
            return _python_name(value.tag[len(_PYTHON_NAME):])
        return None
    if isinstance(value, dict):
        return {k: resolved(v, objects=objects) for k, v in value.items()}
    if isinstance(value, list):
        return [resolved(v, objects=objects) for v in value]
    return value


def _python_name(name: str):
    """module.attr imported; None when it cannot be (the builder will say so itself)."""
    import importlib

    module, _, attr = name.rpartition(".")
    try:
        return getattr(importlib.import_module(module), attr) if module else None
    except (ImportError, AttributeError, ValueError):
        return None


def _env(value):
    """``!ENV VAR`` or ``!ENV [VAR, OTHER, default]``: the first variable that is set, typed as YAML reads it."""
    names, default = ([value], None) if not isinstance(value, list) else (value[:-1], value[-1]) if len(value) > 1 else (value, None)
    for name in names:
        if isinstance(name, str) and name in os.environ:
            try:
                return yaml.safe_load(os.environ[name]) if os.environ[name] else os.environ[name]
            except yaml.YAMLError:
                return os.environ[name]
    return resolved(default)


class _Dumper(yaml.SafeDumper):
    """YAML as yaml.safe_dump writes it, with `Tagged` values written back with their tags."""


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged):
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, "" if data.value is None else str(data.value))


_Dumper.add_representer(Tagged, _represent_tagged)


def dump_config(config: dict) -> str:
    """A config as mkdocs.yml text, tags as they were read (see `Tagged`)."""
    return yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


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
    config: dict  # as MkDocs reads it (``!ENV`` resolved)
    plugin: dict = field(default_factory=dict)
    written: dict | None = None  # as written, tags kept (`Tagged`): what an export copies

    @classmethod
    def load(cls, config_file: str | Path) -> "Project":
        path = Path(config_file)
        if not path.is_file():
            raise ProjectError(f"no {config_file} here; pass -f path/to/mkdocs.yml")
        config = read_config(path)
        return cls(path.resolve(), config, plugin_options(config) or {}, read_config(path, tags=True))

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


__all__ = ["Project", "ProjectError", "Tagged", "dump_config", "plugin_options", "read_config", "resolved"]
