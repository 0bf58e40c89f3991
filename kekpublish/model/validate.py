"""Validate one file's front matter against its typed model, with lines and hints."""

from __future__ import annotations

import copy
import typing

from pydantic import BaseModel, ValidationError

from .frontmatter import FrontMatter
from .problems import Problems, did_you_mean
from .types import Item


def field_name(loc: tuple) -> str:
    """('experiences', 2, 'score') -> 'experiences[2].score'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def validate(model: type[Item], front: FrontMatter, rel: str, problems: Problems) -> Item | None:
    """The typed front matter, or None after adding its errors to problems.

    Unknown keys are warnings naming the closest known key; they are dropped
    and the rest is validated again, so that they never block a build alone.
    """
    data = front.data
    unknown: list[tuple] = []
    for _ in range(20):  # each round removes at least one unknown key
        try:
            result = model.model_validate(data)
        except ValidationError as exc:
            errors = [e for e in exc.errors() if _clean_loc(e["loc"]) not in unknown]
            extra = [e for e in errors if e["type"] == "extra_forbidden"]
            if extra and len(extra) == len(errors):
                data = copy.deepcopy(data)
                for error in extra:
                    loc = _clean_loc(error["loc"])
                    unknown.append(loc)
                    _drop(data, loc)
                continue
            for error in errors:
                if error["type"] != "extra_forbidden":
                    _report(model, error, front, rel, problems)
            _report_unknown(model, [_clean_loc(e["loc"]) for e in extra] + unknown, front, rel, problems)
            return None
        else:
            _report_unknown(model, unknown, front, rel, problems)
            return result
    return None


def _clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's internal parts (function-after[...], literal[...]) from a location."""
    return tuple(p for p in loc if isinstance(p, int) or ("[" not in p or p == "[key]"))


def _drop(data: object, loc: tuple) -> None:
    target = data
    for part in loc[:-1]:
        target = target[part]
    if isinstance(target, dict):
        target.pop(loc[-1], None)


def _report(model: type[Item], error: dict, front: FrontMatter, rel: str, problems: Problems) -> None:
    loc = _clean_loc(error["loc"])
    line = front.line_of(loc)
    field = field_name(loc)
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        message = f"'{loc[-1]}' is required{_expected(model, loc)}"
        field = field_name(loc)
    elif kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        message = f"'{value}' is not valid; use one of {expected}{did_you_mean(value, _literal_choices(expected))}"
    elif kind == "string_pattern_mismatch" and loc and loc[-1] == "respondent":
        message = f"'{value}' is not a respondent code; use up to three capital letters and one to four digits, e.g. R03 or HU12 (never a name)"
    elif kind in ("float_type", "float_parsing"):
        message = f"{value!r} is not a number; use a number from -100 to 100"
    elif kind in ("greater_than_equal", "less_than_equal"):
        bounds = "a number from -100 to 100" if _is_score(loc) else "a number from 0 to 130"
        message = f"{value!r} is out of range; use {bounds}"
    elif kind == "too_short":
        message = f"needs at least one item{_expected(model, loc)}"
    elif kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        message = f"should be a mapping (key: value pairs), not {type(value).__name__}{_expected(model, loc)}"
    elif kind == "list_type":
        message = f"should be a list, e.g. [a, b], not {type(value).__name__}"
    elif kind == "string_type":
        message = f"should be text, not {type(value).__name__}"
    elif kind == "bool_type" or kind == "bool_parsing":
        message = f"{value!r} should be true or false"
    else:
        message = error["msg"]
    problems.add(rel, line, field, message)


def _is_score(loc: tuple) -> bool:
    return bool(loc) and (loc[-1] == "score" or loc[0] in ("hartmonitor", "target"))


def _literal_choices(expected: str) -> list[str]:
    return [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '")]


def _report_unknown(model: type[Item], locs: list[tuple], front: FrontMatter, rel: str, problems: Problems) -> None:
    for loc in locs:
        known = known_keys(model, loc[:-1])
        hint = did_you_mean(loc[-1], known)
        valid = f"; known keys here: {', '.join(known)}" if known and not hint else ""
        problems.add(rel, front.line_of(loc), field_name(loc), f"unknown key '{loc[-1]}'{hint}{valid}", "warning")


def _expected(model: type[Item], loc: tuple) -> str:
    """A hint listing the keys of the mapping that holds loc's last item."""
    keys = known_keys(model, loc[:-1]) if loc else []
    return f" (keys here: {', '.join(keys)})" if keys else ""


def known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys a mapping at loc may have, following the model's annotations."""
    annotation: object = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            args = typing.get_args(annotation)
            annotation = args[0] if args else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = _field_by_key(annotation, part)
            annotation = field.annotation if field else None
        elif typing.get_origin(annotation) is dict:
            annotation = typing.get_args(annotation)[1]
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [f.alias or name for name, f in annotation.model_fields.items()]
    return []


def _field_by_key(model: type[BaseModel], key: str):
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def _unwrap(annotation: object) -> object:
    """Optional[X] -> X; Annotated[X, ...] -> X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation
