"""The Jinja2 environment for kekpublish's templates, overridable from a custom_dir."""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

import jinja2
from . import formats, i18n


def themes_dir() -> Path:
    """themes/ shipped in the wheel (kekpublish/themes) or beside the package in a checkout."""
    packaged = Path(__file__).resolve().parent.parent / "themes"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent.parent / "themes"


@functools.lru_cache(maxsize=8)
def environment(override_dirs: tuple[str, ...] = (), language: str = "nl") -> jinja2.Environment:
    """Templates are looked up in override_dirs first (the theme's custom_dir), then in themes/.

    Autoescaping is on for every template (.html and .svg alike): text from a
    study is always shown as text.
    """
    loader = jinja2.FileSystemLoader([*override_dirs, str(themes_dir())])
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             bytecode_cache=bytecode_cache())
    # the same cache entry as i18n.label(language) when there is no custom_dir: the YAML is read once
    labels = i18n.labels(language, override_dirs) if override_dirs else i18n.labels(language)
    env.globals["t"] = lambda key, **kw: i18n.translate(labels, key, **kw)
    env.globals["labels"] = labels
    env.globals["language"] = language
    env.globals["signed"] = lambda value: formats.signed(value, language)
    env.filters["number"] = lambda value, digits=0: format_number(value, digits, language)
    env.filters["long_date"] = lambda day: formats.long_date(day, language)
    return env


@functools.lru_cache(maxsize=1)
def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between processes (a third of a second per build otherwise).

    Jinja checks each entry against the template's source and its own and Python's
    versions, so an edited template (a custom_dir's too) is compiled afresh. Templates
    hold no study data. None where no cache folder can be made: templates are then
    compiled in every process, as before.
    """
    import platformdirs  # noqa: PLC0415

    for folder in (Path(platformdirs.user_cache_dir("kekpublish")) / "jinja",
                   Path(tempfile.gettempdir()) / f"kekpublish-jinja-{os.getuid() if hasattr(os, 'getuid') else 'user'}"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK):
                return jinja2.FileSystemBytecodeCache(str(folder))
        except OSError:
            continue
    return None


def render(template: str, context: dict, *, override_dirs: tuple[str, ...] = (), language: str = "nl") -> str:
    return environment(tuple(override_dirs), language).get_template(template).render(**context)


def format_number(value: float | int | None, digits: int = 0, language: str = "nl") -> str:
    """-40.0 -> '-40'; 12.5 -> '12,5' in Dutch; None -> '–'."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}" if digits else f"{round(value):d}"
    if text in ("-0", "-0.0"):
        text = text[1:]
    return text.replace(".", ",") if language == "nl" else text


def asset_files(override_dirs: tuple[str, ...]) -> list[tuple[str, Path]]:
    """kekpublish's static assets (CSS, JS, fonts), each from the first dir that has it."""
    found: dict[str, Path] = {}
    for folder in [themes_dir(), *map(Path, reversed(override_dirs))]:
        root = Path(folder) / "kekpublish" / "assets"
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    found[path.relative_to(root).as_posix()] = path
    return sorted(found.items())
