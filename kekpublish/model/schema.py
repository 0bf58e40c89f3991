"""JSON Schemas of the file types (every kind in types.KINDS), generated from the typed model that validates."""

from __future__ import annotations

from .types import META_BY_KIND

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"


def json_schema(kind: str) -> dict:
    """The JSON Schema of the front matter of one kind of file (one of types.KINDS)."""
    model = META_BY_KIND[kind]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = SCHEMA_URI
    schema["$id"] = f"kekpublish-{kind}.schema.json"
    schema.setdefault("description", (model.__doc__ or "").strip())
    return schema


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"
