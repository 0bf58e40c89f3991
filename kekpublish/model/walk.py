"""Map every prose field of a typed model through a function, keeping everything else.

The anonymiser uses this to treat every front-matter text without knowing the
format: what is prose is declared once, in types.py, with the `Prose` marker.
"""

from __future__ import annotations

import typing
from typing import Callable

from pydantic import BaseModel

from .types import PROSE

ProseFn = Callable[[str, tuple], str]  # (text, path) -> new text


def map_prose(model: BaseModel, fn: ProseFn, path: tuple = ()) -> BaseModel:
    """A copy of model with fn applied to every prose value (path as in validate.field_name)."""
    changes = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = info.alias or name
        new = _map(value, info.annotation, info.metadata, fn, path + (key,))
        if new is not value:
            changes[name] = new
    extra = model.model_extra or {}
    if extra:  # open mappings (a narrative's profile): their extra values are prose
        extra_new = {k: fn(v, path + (k,)) if isinstance(v, str) else v for k, v in extra.items()}
        if extra_new != extra:
            return type(model).model_validate({**model.model_dump(by_alias=True), **{k: getattr(model, k) for k in changes}, **extra_new})
    return model.model_copy(update=changes) if changes else model


def _map(value, annotation, metadata, fn: ProseFn, path: tuple):
    if value is None:
        return value
    if isinstance(value, BaseModel):
        return map_prose(value, fn, path)
    annotation, metadata = _strip(annotation, list(metadata))
    if isinstance(value, str):
        return fn(value, path) if any(m is PROSE for m in metadata) else value
    args = typing.get_args(annotation)
    if isinstance(value, list) and args:
        new = [_map(v, args[0], [], fn, path + (i,)) for i, v in enumerate(value)]
        return new if any(a is not b for a, b in zip(new, value)) else value
    if isinstance(value, dict) and len(args) == 2:
        new = {k: _map(v, args[1], [], fn, path + (k,)) for k, v in value.items()}
        return new if any(new[k] is not value[k] for k in value) else value
    return value


def _strip(annotation, metadata: list):
    """Unwrap Optional and Annotated, collecting Annotated metadata."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            annotation, metadata = args[0], metadata + list(args[1:])
        elif origin is typing.Union or type(annotation).__name__ == "UnionType":
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation, metadata
            annotation = args[0]
        else:
            return annotation, metadata
