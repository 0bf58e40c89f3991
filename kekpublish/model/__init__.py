"""The KEK content model: load, validate and resolve studies (no MkDocs here)."""

from .load import load_site
from .problems import Problem, Problems
from .site import ActionPlan, Measurement, MeasurementPoint, Narrative, Page, Site, Source, Study, Visit, slug

__all__ = ["ActionPlan", "Measurement", "MeasurementPoint", "Narrative", "Page", "Problem", "Problems", "Site", "Source", "Study", "Visit", "load_site", "slug"]
