"""Names a package exports, imported on first use (PEP 562)."""

from __future__ import annotations

import importlib
import sys
from typing import Callable


def exports(package: str, where: dict[str, str]) -> Callable[[str], object]:
    """The package's ``__getattr__``: `where` maps each exported name to the submodule defining it
    (".load"); the first use imports that submodule and keeps the name in the package."""

    def __getattr__(name: str):
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(where[name], package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
