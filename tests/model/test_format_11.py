"""The content format 1.1 in the typed model: new fields, their types and their schemas."""

from __future__ import annotations

import json

import jsonschema
import pytest
from pydantic import ValidationError

from kekpublish.model.schema import json_schema
from kekpublish.model.types import (KINDS, META_BY_KIND, Kpi, MeasurementMeta, MeasurementScore, NarrativeMeta,
                                    SensitiveTerm, ShoppingMeta, StudyMeta, replacement_of, term_of)
from kekpublish.model.walk import map_prose

STUDY = {
    "kek": "study", "title": "T", "life_event": "L", "round": "2026", "journey_type": "transactioneel",
    "segments": [{"id": "huur", "label": "Huur"}], "steps": [{"id": "inschrijven", "label": "Inschrijven"}],
}
NARRATIVE = {"kek": "narrative", "respondent": "R01", "segment": "huur"}


def test_sensitive_items_are_text_or_term_with_replacement():
    meta = NarrativeMeta.model_validate({**NARRATIVE, "sensitive": ["Jenny", 1234, {"term": "Joris", "as": "haar vriend"}, {"term": "Piet"}]})
    assert [term_of(t) for t in meta.sensitive] == ["Jenny", "1234", "Joris", "Piet"]
    assert [replacement_of(t) for t in meta.sensitive] == [None, None, "haar vriend", None]
    assert isinstance(meta.sensitive[2], SensitiveTerm) and meta.sensitive[2].as_ == "haar vriend"
    shop = ShoppingMeta.model_validate({"kek": "shopping", "partner": "p", "channel": "balie", "sensitive": [{"term": "Karin", "as": "de baliemedewerker"}]})
    assert replacement_of(shop.sensitive[0]) == "de baliemedewerker"
    study = StudyMeta.model_validate({**STUDY, "anonymise": {"redact": ["Wielwijk", {"term": "De Horn", "as": "de wijk"}]}})
    assert [term_of(t) for t in study.anonymise.redact] == ["Wielwijk", "De Horn"]


@pytest.mark.parametrize("item", [{"as": "x"}, {"term": "", "as": "x"}, {"term": "a", "az": "x"}, ["a"]])
def test_a_malformed_sensitive_item_is_refused(item):
    with pytest.raises(ValidationError):
        NarrativeMeta.model_validate({**NARRATIVE, "sensitive": [item]})


def test_respondent_names_themes_and_experience_theme():
    meta = NarrativeMeta.model_validate({**NARRATIVE, "respondent_names": ["Karin", "Kuipers"],
                                         "experiences": [{"step": "inschrijven", "score": -60, "theme": "status-onbekend"}]})
    assert meta.respondent_names == ["Karin", "Kuipers"] and meta.experiences[0].theme == "status-onbekend"
    assert NarrativeMeta.model_validate(NARRATIVE).respondent_names == []
    study = StudyMeta.model_validate({**STUDY, "themes": [{"id": "status-onbekend", "label": "Niet weten of het is aangekomen"}]})
    assert study.themes[0].id == "status-onbekend" and StudyMeta.model_validate(STUDY).themes == []


def test_kpis_are_numbers_per_step():
    study = StudyMeta.model_validate({**STUDY, "kpis": {"inschrijven": [{"label": "Doorlooptijd", "value": 5, "unit": "dagen", "target": 2},
                                                                        {"label": "First time right", "value": 62.5, "unit": "%"}]}})
    first, second = study.kpis["inschrijven"]
    assert (first.value, first.target, first.unit) == (5.0, 2.0, "dagen") and second.target is None
    for bad in ("vijf", "5", True, float("nan")):
        with pytest.raises(ValidationError):
            Kpi(label="x", value=bad)


def test_measurement_scores():
    meta = MeasurementMeta.model_validate({"kek": "measurement", "date": "2026-11-15", "source": "Klantpanel",
                                           "segment": "huur", "scores": {"inschrijven": {"n": 48, "mean": 15}}})
    assert meta.date.isoformat() == "2026-11-15" and meta.scores["inschrijven"] == MeasurementScore(n=48, mean=15)
    for bad in ({"n": 0, "mean": 1}, {"n": 2.5, "mean": 1}, {"n": "3", "mean": 1}, {"n": 3, "mean": 101}, {"n": 3}):
        with pytest.raises(ValidationError):
            MeasurementScore.model_validate(bad)
    with pytest.raises(ValidationError):
        MeasurementMeta.model_validate({"kek": "measurement", "date": "2026-02-31", "source": "x", "scores": {}})
    with pytest.raises(ValidationError):
        MeasurementMeta.model_validate({"kek": "measurement", "date": "2026-02-03", "scores": {}})  # source is required


def test_measurement_is_a_kind_with_a_schema():
    assert "measurement" in KINDS and set(KINDS) == set(META_BY_KIND)
    schema = json_schema("measurement")
    validator = jsonschema.Draft202012Validator(schema)
    good = {"kek": "measurement", "date": "2026-11-15", "source": "Panel", "scores": {"a": {"n": 4, "mean": -20}}}
    assert not list(validator.iter_errors(good))
    assert not list(validator.iter_errors({**{k: v for k, v in good.items() if k != "scores"}, "scores_csv": "panel.csv"}))
    assert list(validator.iter_errors({**good, "scores_csv": "panel.csv"}))  # exactly one of the two
    assert list(validator.iter_errors({**good, "scores": {"a": {"n": 0, "mean": 1}}}))


def test_schemas_accept_the_11_fields():
    study = jsonschema.Draft202012Validator(json_schema("study"))
    assert not list(study.iter_errors({**STUDY, "themes": [{"id": "t", "label": "T"}], "kpis": {"inschrijven": [{"label": "D", "value": 5}]},
                                       "anonymise": {"redact": ["X", {"term": "Y", "as": "Z"}]}}))
    assert list(study.iter_errors({**STUDY, "kpis": {"inschrijven": [{"label": "D", "value": "vijf"}]}}))
    narrative = jsonschema.Draft202012Validator(json_schema("narrative"))
    assert not list(narrative.iter_errors({**NARRATIVE, "respondent_names": ["Karin"], "sensitive": ["A", {"term": "B", "as": "C"}],
                                           "experiences": [{"step": "inschrijven", "score": 1, "theme": "t"}]}))
    assert list(narrative.iter_errors({**NARRATIVE, "sensitive": [{"as": "C"}]}))
    json.dumps(json_schema("narrative"))


def test_prose_marks_what_the_anonymiser_treats():
    """New published texts are prose; terms (never published) and ids are not."""
    study = StudyMeta.model_validate({**STUDY, "themes": [{"id": "t", "label": "Label"}],
                                      "kpis": {"inschrijven": [{"label": "Doorlooptijd", "value": 5, "unit": "dagen"}]},
                                      "anonymise": {"redact": [{"term": "Joris", "as": "haar vriend"}]}})
    seen = []
    map_prose(study, lambda text, path: seen.append(path) or text)
    assert ("themes", 0, "label") in seen and ("kpis", "inschrijven", 0, "label") in seen and ("kpis", "inschrijven", 0, "unit") in seen
    assert not any(p[0] == "anonymise" for p in seen) and ("themes", 0, "id") not in seen
    measurement = MeasurementMeta.model_validate({"kek": "measurement", "date": "2026-11-15", "source": "Panel", "scores": {"a": {"n": 4, "mean": 1}}})
    seen = []
    map_prose(measurement, lambda text, path: seen.append(path) or text)
    assert seen == [("source",)]
