"""The KEK content model: load, validate and resolve studies (no MkDocs here).

Its names are imported on first use (PEP 562): a build recalled from its record
(publish/recall.py) needs the problems, not the validation models behind load_site.
"""

from ..lazy import exports

_WHERE = {"load_site": ".load", "Problem": ".problems", "Problems": ".problems",
          **{name: ".site" for name in ("ActionPlan", "Measurement", "MeasurementPoint", "Narrative", "Page", "Site",
                                         "Source", "Study", "Visit", "slug")}}

__all__ = ["ActionPlan", "Measurement", "MeasurementPoint", "Narrative", "Page", "Problem", "Problems", "Site", "Source", "Study", "Visit", "load_site", "slug"]


__getattr__ = exports(__name__, _WHERE)
