"""Validate one file's front matter against its typed model, with lines and hints.

Every problem of a file is reported in one run. When a file has errors, a
*salvaged* model is still built (each invalid value replaced by a harmless
placeholder, each invalid optional value dropped) so that the rules that span
files (unknown segments, steps, themes) can be checked too; the places that
were replaced are returned, so that no rule reports a placeholder.
"""

from __future__ import annotations

import copy
import datetime as dt
import typing
from dataclasses import dataclass, field

from annotated_types import Gt, MinLen
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .frontmatter import FrontMatter
from .problems import Problems, did_you_mean, one_of
from .types import PRIVACY_KEYS, Item

PLACEHOLDER = "\u2063invalid"  # an id no one writes (U+2063 is invisible): replaces an invalid or missing id

# What a key refers to, for messages that list what is valid: key -> (what, the study's list).
REFERENCES = {
    "segment": ("segment", "segments"), "step": ("step", "steps"), "steps": ("step", "steps"),
    "partner": ("partner", "partners"), "owner": ("partner", "partners"), "with": ("partner", "partners"),
    "participants": ("partner", "partners"), "partners": ("partner", "partners"), "phase": ("phase", "phases"),
    "theme": ("theme", "themes"), "moments_of_truth": ("step", "steps"),
}
# Where each privacy key belongs, for a privacy key written in the wrong place.
PRIVACY_HOMES = {
    "sensitive": "at the top of a narrative or shopping visit",
    "respondent_names": "at the top of a narrative",
    "anonymise": "at the top of study.md",
    "keep": "under 'anonymise:' in study.md",
    "redact": "under 'anonymise:' in study.md",
    "publish_profile": "under 'anonymise:' in study.md",
}


@dataclass
class Checked:
    """The outcome of validating one file."""

    meta: Item | None  # the typed front matter; salvaged (with placeholders) when the file has errors
    ok: bool  # no errors: meta is exactly what the file says
    invalid: set[tuple] = field(default_factory=set)  # data paths replaced or dropped to salvage meta


def field_name(loc: tuple) -> str:
    """('experiences', 2, 'score') -> 'experiences[2].score'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def check(model: type[Item], front: FrontMatter, rel: str, problems: Problems, choices: dict[str, list[str]] | None = None) -> Checked:
    """Validate front.data as model, adding every problem; salvage a model for the cross-file rules.

    `choices` (e.g. {"segments": ["huur", "koop"]}) lets a missing reference say what is valid.
    Unknown keys are warnings naming the closest known key (errors near a privacy key); they are
    dropped and the rest is validated again, so that they never block a build alone.
    """
    data = front.data
    unknown: list[tuple] = []
    reported: set[tuple] = set()
    errors_before = len(problems.errors)
    for _ in range(50):  # each round removes at least one unknown key
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
            for error in _one_per_place(errors):
                if error["type"] != "extra_forbidden":
                    _report(model, error, front, rel, problems, choices or {})
                    reported.add(_clean_loc(error["loc"]))
            unknown += [_clean_loc(e["loc"]) for e in extra]
            _report_unknown(model, unknown, front, rel, problems)
            salvaged, invalid = _salvage(model, data, unknown)
            return Checked(salvaged, False, invalid | reported)
        else:
            _report_unknown(model, unknown, front, rel, problems)
            return Checked(result, len(problems.errors) == errors_before, set())
    return Checked(None, False, set())


def _one_per_place(errors: list[dict]) -> list[dict]:
    """One error per place: a union's members each complain about the same value."""
    seen, kept = set(), []
    for error in errors:
        loc = _clean_loc(error["loc"])
        if loc in seen:
            continue
        seen.add(loc)
        kept.append(error)
    return kept


def _clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's internal parts (function-after[...], literal[...], union tags) from a location."""
    return tuple(p for p in loc if isinstance(p, int) or ("[" not in p or p == "[key]"))


def _drop(data: object, loc: tuple) -> None:
    target = data
    for part in loc[:-1]:
        target = target[part]
    if isinstance(target, dict):
        target.pop(loc[-1], None)


# --- messages -------------------------------------------------------------------------


def _report(model: type[Item], error: dict, front: FrontMatter, rel: str, problems: Problems, choices: dict) -> None:
    loc = _clean_loc(error["loc"])
    line = front.line_of(loc)
    field = field_name(loc)
    kind = error["type"]
    value = error.get("input")
    tags = [p for p in error["loc"] if isinstance(p, str) and p in ("[text]", "[term]")]
    key = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "missing":
        message = f"'{loc[-1]}' is required: {what_is_valid(model, loc, choices)}"
    elif tags and kind in ("string_type", "model_type", "dict_type"):
        message = f"should be a term (text) or {{term: ..., as: ...}}, not {_kind_of(value)}"
    elif kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        message = f"'{value}' is not valid; use one of {expected}{did_you_mean(value, _literal_choices(expected))}"
    elif kind == "string_pattern_mismatch" and key == "respondent":
        message = f"'{value}' is not a respondent code; use up to three capital letters and one to four digits, e.g. R03 or HU12 (never a name)"
    elif kind in ("float_type", "float_parsing", "finite_number"):
        message = f"{value!r} is not a number; use {_number_range(loc)}"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = f"{value!r} is not a whole number; use {_number_range(loc)}"
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        message = f"{value!r} is out of range; use {_number_range(loc)}"
    elif kind == "too_short" and not isinstance(value, str):
        message = f"needs at least one item: {what_is_valid(model, loc, choices)}"
    elif kind in ("string_too_short", "too_short"):
        message = f"should not be empty: {what_is_valid(model, loc, choices)}"
    elif kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        message = f"should be a mapping (key: value pairs), not {_kind_of(value)}{_expected(model, loc)}"
    elif kind == "list_type":
        message = f"should be a list, e.g. [a, b], not {_kind_of(value)}"
    elif kind == "string_type":
        message = f"should be text, not {_kind_of(value)}"
    elif kind in ("bool_type", "bool_parsing"):
        message = f"{value!r} should be true or false"
    else:
        message = error["msg"]
    problems.add(rel, line, field, message)


def _kind_of(value: object) -> str:
    return {list: "a list", dict: "a mapping", str: "text", int: "a number", float: "a number", bool: "true/false",
            type(None): "nothing", bytes: "binary data"}.get(type(value), type(value).__name__)


def _number_range(loc: tuple) -> str:
    key = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if key == "score" or key == "mean" or (loc and loc[0] in ("hartmonitor", "target")):
        return "a number from -100 to 100"
    if key == "n":
        return "a whole number of respondents, at least 1 (e.g. 48)"
    if key == "age":
        return "a whole number from 0 to 130"
    if key in ("value", "target"):
        return "a number, e.g. 5 or 62.5 (put the unit in 'unit')"
    return "a number"


def what_is_valid(model: type[BaseModel], loc: tuple, choices: dict | None = None) -> str:
    """What a researcher may write at loc: the ids of the study, the allowed words, a date, ..."""
    choices = choices or {}
    key = next((p for p in reversed(loc) if isinstance(p, str)), "")
    info = field_info(model, loc)
    annotation = info.annotation if info else None
    if key in REFERENCES and not _is_list_of_models(annotation):
        what, where = REFERENCES[key]
        if where in choices:
            return f"a {what} id of the study, {one_of(choices[where])}"
        return f"a {what} id from the study's '{where}'"
    base, meta = _strip(annotation)
    if typing.get_origin(base) is typing.Literal:
        return one_of(str(a) for a in typing.get_args(base))
    if base is dt.date:
        return "a date written YYYY-MM-DD, e.g. 2026-03-12"
    if key == "respondent":
        return "a respondent code: up to three capital letters and one to four digits, e.g. R03 (never a name)"
    if base in (float, int):
        return _number_range(loc)
    if typing.get_origin(base) is list:
        item = _model_in(typing.get_args(base)[0]) if typing.get_args(base) else None
        example = f", e.g. - {_example(item)}" if item else ""
        return f"a list{example}"
    model_type = _model_in(base)
    if model_type:
        return f"a mapping such as {_example(model_type)}"
    description = (info.description or "").split(";")[0].rstrip(".") if info else ""
    if description[1:2].islower():
        description = description[0].lower() + description[1:]
    return f"text: {description}" if description else "text"


def _example(model: type[BaseModel]) -> str:
    required = [f.alias or name for name, f in model.model_fields.items() if f.is_required()]
    return "{" + ", ".join(f"{k}: ..." for k in required) + "}"


def _is_list_of_models(annotation) -> bool:
    base, _ = _strip(annotation)
    return typing.get_origin(base) is list and bool(typing.get_args(base)) and _model_in(typing.get_args(base)[0]) is not None


def _literal_choices(expected: str) -> list[str]:
    return [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '")]


def _report_unknown(model: type[Item], locs: list[tuple], front: FrontMatter, rel: str, problems: Problems) -> None:
    for loc in locs:
        key = str(loc[-1])
        known = known_keys(model, loc[:-1])
        hint = did_you_mean(key, known)
        privacy = next((k for k in PRIVACY_KEYS if _edits(key.casefold(), k) <= (2 if len(k) >= 9 else 1)), None)
        if privacy == key:  # a privacy key in the wrong place does nothing: its terms would be published
            problems.add(rel, front.line_of(loc), field_name(loc),
                         f"'{key}' does nothing here, so its terms would not be protected; it belongs {PRIVACY_HOMES[key]}")
        elif privacy:
            problems.add(rel, front.line_of(loc), field_name(loc),
                         f"unknown key '{key}' (did you mean '{privacy}'?); a misspelt privacy key protects nothing, so this is an error")
        else:
            valid = f"; known keys here: {', '.join(known)}" if known and not hint else ""
            problems.add(rel, front.line_of(loc), field_name(loc), f"unknown key '{key}'{hint}{valid}", "warning")


def _edits(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from a to b: optimal string alignment distance."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _expected(model: type[Item], loc: tuple) -> str:
    """A hint listing the keys of the mapping expected at loc."""
    keys = known_keys(model, loc)
    return f" (keys here: {', '.join(keys)})" if keys else ""


# --- walking the model ------------------------------------------------------------------


def known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys a mapping at loc may have, following the model's annotations."""
    annotation = _annotation_at(model, loc)
    found = _model_in(annotation)
    if found is not None:
        return [f.alias or name for name, f in found.model_fields.items()]
    return []


def field_info(model: type[BaseModel], loc: tuple) -> FieldInfo | None:
    """The pydantic field that loc's last key names, or None (a list item, a free mapping)."""
    if not loc or not isinstance(loc[-1], str):
        return None
    parent = _model_in(_annotation_at(model, loc[:-1]))
    return _field_by_key(parent, loc[-1]) if parent else None


def _annotation_at(model: type[BaseModel], loc: tuple) -> object:
    annotation: object = model
    for part in loc:
        base, _ = _strip(annotation)
        found = _model_in(base)
        if isinstance(part, int):
            args = typing.get_args(base) if typing.get_origin(base) is list else ()
            annotation = args[0] if args else None
        elif found is not None:
            field = _field_by_key(found, part)
            annotation = field.annotation if field else None
            if field is not None:
                annotation = typing.Annotated[(annotation, *field.metadata)] if field.metadata else annotation
        elif typing.get_origin(base) is dict:
            annotation = typing.get_args(base)[1]
        else:
            return None
    return annotation


def _model_in(annotation: object) -> type[BaseModel] | None:
    """The model class an annotation names, also inside Optional or a union with text."""
    base, _ = _strip(annotation)
    if isinstance(base, type) and issubclass(base, BaseModel):
        return base
    if _is_union(base):
        models = [m for m in (_model_in(a) for a in typing.get_args(base)) if m is not None]
        return models[0] if len(models) == 1 else None
    return None


def _field_by_key(model: type[BaseModel], key: str):
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info
    return None


def _is_union(annotation: object) -> bool:
    return typing.get_origin(annotation) in (typing.Union, getattr(__import__("types"), "UnionType", None))


def _strip(annotation: object) -> tuple[object, list]:
    """Optional[X] -> X; Annotated[X, ...] -> X, collecting the metadata."""
    metadata: list = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            annotation, metadata = args[0], metadata + list(args[1:])
        elif _is_union(annotation):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation, metadata
            annotation = args[0]
        else:
            return annotation, metadata


# --- salvage ------------------------------------------------------------------------


def _salvage(model: type[Item], data: object, unknown: list[tuple]) -> tuple[Item | None, set[tuple]]:
    """A model built from data with every invalid value replaced or dropped, and the paths changed."""
    data = copy.deepcopy(data)
    for loc in unknown:
        _drop(data, loc)
    invalid: set[tuple] = set()
    for _ in range(100):
        try:
            return model.model_validate(data), invalid
        except ValidationError as exc:
            changed = False
            for error in exc.errors():
                loc = _clean_loc(error["loc"])
                if error["type"] == "extra_forbidden":
                    _drop(data, loc)
                    changed = True
                    continue
                place = _repair(model, data, loc)
                if place is None:
                    return None, invalid
                invalid.add(place)
                changed = True
            if not changed:
                return None, invalid
    return None, invalid


def _repair(model: type[Item], data: object, loc: tuple) -> tuple | None:
    """Make the value at loc valid, or drop the nearest optional part around it; the path changed, or None."""
    for depth in range(len(loc), 0, -1):
        here = loc[:depth]
        parent = _get(data, here[:-1])
        if parent is _MISSING:
            continue
        placeholder = _placeholder(_annotation_at(model, here))
        if placeholder is not _MISSING:
            if isinstance(parent, dict) or (isinstance(parent, list) and isinstance(here[-1], int) and here[-1] < len(parent)):
                parent[here[-1]] = placeholder
                return loc
        if isinstance(parent, dict) and _optional(model, here):
            parent.pop(here[-1], None)
            return loc
    return None


_MISSING = object()


def _get(data: object, loc: tuple) -> object:
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return _MISSING
    return data


def _optional(model: type[Item], loc: tuple) -> bool:
    """A key that may be left out: a field with a default, or an entry of a free mapping."""
    info = field_info(model, loc)
    if info is not None:
        return not info.is_required()
    parent, _ = _strip(_annotation_at(model, loc[:-1]))
    return typing.get_origin(parent) is dict


def _placeholder(annotation: object) -> object:
    """A harmless valid value of a type: an invisible id, 0, a date, the first allowed word."""
    base, metadata = _strip(annotation)
    if typing.get_origin(base) is typing.Literal:
        return typing.get_args(base)[0]
    if base is bool:
        return False
    if base is int:
        return 1 if any(isinstance(m, Gt) for m in metadata) else 0
    if base is float:
        return 0.0
    if base is dt.date:
        return dt.date(2000, 1, 1)
    if base is str:
        if any(getattr(m, "pattern", None) for m in metadata):
            return "ZZZ9999"  # a respondent code no study uses
        return PLACEHOLDER
    if typing.get_origin(base) is list:
        if not any(isinstance(m, MinLen) for m in metadata):
            return []
        item = _placeholder(typing.get_args(base)[0]) if typing.get_args(base) else _MISSING
        return _MISSING if item is _MISSING else [item]
    if typing.get_origin(base) is dict:
        return {}
    if _is_union(base):
        for arg in typing.get_args(base):
            value = _placeholder(arg)
            if value is not _MISSING:
                return value
        return _MISSING
    found = _model_in(base)
    if found is not None:  # a mapping with a placeholder for each required key
        item = {}
        for name, info in found.model_fields.items():
            if info.is_required():
                value = _placeholder(typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation)
                if value is _MISSING:
                    return _MISSING
                item[info.alias or name] = value
        return item
    return _MISSING
