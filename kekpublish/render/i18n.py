"""Labels in Dutch (default) and English, read from themes/kekpublish/i18n/*.yml.

Each YAML file maps a key to {nl: ..., en: ...}; a custom_dir may override any
key with a file of the same name under kekpublish/i18n/.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

LANGUAGES = ("nl", "en")


@functools.lru_cache(maxsize=8)
def labels(language: str, override_dirs: tuple[str, ...] = ()) -> dict[str, str]:
    from .templates import themes_dir

    if language not in LANGUAGES:
        language = "en"
    result: dict[str, str] = {}
    for folder in [themes_dir(), *map(Path, reversed(override_dirs))]:
        for path in sorted((Path(folder) / "kekpublish" / "i18n").glob("*.yml")):
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where installed: same result, faster
            for key, value in (yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}).items():
                if isinstance(value, dict) and language in value:
                    result[key] = str(value[language])
    return result


def translate(table: dict[str, str], key: str, **values: object) -> str:
    """The label for key with {placeholders} filled; a missing key is a programming error."""
    try:
        text = table[key]
    except KeyError:
        raise KeyError(f"no label '{key}' in themes/kekpublish/i18n") from None
    return text.format(**values) if values else text


def label(language: str, key: str, **values: object) -> str:
    """One label outside a template."""
    return translate(labels(language), key, **values)
