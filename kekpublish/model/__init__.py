"""The KEK content model: load, validate and resolve studies (no MkDocs here).

Its names are imported on first use (PEP 562): a build recalled from its record
(publish/recall.py) needs the problems, not the validation models behind load_site.
"""

import importlib

_WHERE = {"load_site": ".load", "Problem": ".problems", "Problems": ".problems",
          **{name: ".site" for name in ("ActionPlan", "Measurement", "MeasurementPoint", "Narrative", "Page", "Site",
                                         "Source", "Study", "Visit", "slug")}}

__all__ = ["ActionPlan", "Measurement", "MeasurementPoint", "Narrative", "Page", "Problem", "Problems", "Site", "Source", "Study", "Visit", "load_site", "slug"]


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name], __name__), name)
    globals()[name] = value
    return value
