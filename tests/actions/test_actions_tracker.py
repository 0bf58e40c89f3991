"""Action views and the tracker over both rounds: counts, owners, studies and overdue flags."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import ROUND1, ROUND2
from kekpublish.compute import actions as act
from kekpublish.compute.tracker import build_tracker
from kekpublish.publish.options import Options

EPOCH_2027_07_01 = str(int(dt.datetime(2027, 7, 1, 12, tzinfo=dt.timezone.utc).timestamp()))


def by_study(site):
    return {s.folder: s for s in site.studies}


def test_overdue_uses_as_of_of_the_plan(site):
    study = by_study(site)[ROUND1]  # as_of: 2026-10-01
    reference = act.reference_date(study, Options(today=dt.date(2030, 1, 1)))
    assert reference == dt.date(2026, 10, 1)  # as_of wins over everything
    flags = {v.id: v.overdue for v in act.action_views(study, reference)}
    # A1 due 2026-09-01 in_progress: overdue; A2 done; A6 dropped (due 2026-08-01): never overdue.
    assert flags == {"A1": True, "A2": False, "A3": False, "A4": False, "A5": False, "A6": False}


def test_overdue_with_a_later_as_of(site):
    study = by_study(site)[ROUND1]
    flags = {v.id: v.overdue for v in act.action_views(study, dt.date(2026, 11, 20))}
    assert [k for k, v in flags.items() if v] == ["A1", "A4"]  # A4 due 2026-11-15, open
    # due on the reference date itself is not yet overdue
    assert not act.is_overdue(study.actionplan.meta.actions[3], dt.date(2026, 11, 15))


def test_overdue_from_source_date_epoch(site, monkeypatch):
    study = by_study(site)[ROUND2]  # no as_of
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2027_07_01)
    reference = act.reference_date(study, Options())
    assert reference == dt.date(2027, 7, 1)
    flags = {v.id: v.overdue for v in act.action_views(study, reference)}
    assert flags == {"A1": True, "B1": False, "B2": False}  # B2 due 2027-05-01 but done
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2027, 2, 1, tzinfo=dt.timezone.utc).timestamp())))
    assert not any(v.overdue for v in act.action_views(study, act.reference_date(study, Options())))


def test_latest_update_and_history(site):
    study = by_study(site)[ROUND1]
    views = {v.id: v for v in act.action_views(study, dt.date(2026, 10, 1))}
    assert views["A1"].latest.date == dt.date(2026, 9, 15)
    assert [u.date for u in views["A1"].history] == [dt.date(2026, 6, 30), dt.date(2026, 9, 15)]
    assert views["A4"].latest is None and views["A4"].history == []
    assert views["A3"].owner_name == "Uitvaartverzorger"
    assert views["A3"].with_names == ("Sociale Verzekeringsbank",)
    assert views["A2"].steps == (("woning", "De woning opzeggen of leegmaken"), ("aangifte", "Aangifte van overlijden"))


def test_groupings(site):
    study = by_study(site)[ROUND1]
    views = act.action_views(study, dt.date(2026, 10, 1))
    owners = act.by_owner(study, views)
    assert [(g.label, [v.id for v in g.actions]) for g in owners] == [
        ("Gemeente Lindewaard", ["A1", "A2", "A4"]), ("Uitvaartverzorger", ["A3"]), ("Bank", ["A6"]), ("Notaris", ["A5"])]
    steps = act.by_step(study, views)
    assert [(g.key, [v.id for v in g.actions]) for g in steps] == [
        ("eerste-uren", ["A4"]), ("aangifte", ["A1", "A2"]), ("uitvaart", ["A3"]), ("uitkering", ["A3"]),
        ("bank", ["A4", "A6"]), ("nalatenschap", ["A5"]), ("woning", ["A2"])]
    assert act.status_counts(views) == {"overdue": 1, "open": 2, "in_progress": 2, "done": 1, "dropped": 1}


def test_tracker_counts(site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2027_07_01)
    tracker = build_tracker(site, Options())
    assert tracker.total == 9
    assert list(tracker.counts) == ["overdue", "open", "in_progress", "done", "dropped"]  # overdue first
    assert tracker.counts == {"overdue": 2, "open": 3, "in_progress": 3, "done": 2, "dropped": 1}
    # rounds in order, actions as written
    assert [(t.study.folder, t.action.id) for t in tracker.actions] == (
        [(ROUND1, a) for a in ("A1", "A2", "A3", "A4", "A5", "A6")] + [(ROUND2, a) for a in ("A1", "B1", "B2")])
    assert [(t.round, t.action.id) for t in tracker.actions if t.overdue] == [("2026-voorjaar", "A1"), ("2026-najaar", "A1")]
    # each study keeps its own reference date
    assert {line.study.folder: line.reference for line in tracker.studies} == {ROUND1: dt.date(2026, 10, 1), ROUND2: dt.date(2027, 7, 1)}
    assert {line.study.folder: (line.total, line.counts["overdue"], line.counts["done"]) for line in tracker.studies} == {
        ROUND1: (6, 1, 1), ROUND2: (3, 1, 1)}
    owners = {o.name: (o.done, o.total, o.overdue, o.dropped) for o in tracker.owners}
    assert owners == {
        "Bank": (1, 2, 0, 1),
        "Gemeente Lindewaard": (1, 4, 2, 0),
        "Notaris": (0, 1, 0, 0),
        "Sociale Verzekeringsbank": (0, 1, 0, 0),
        "Uitvaartverzorger": (0, 1, 0, 0),
    }
    assert [o.name for o in tracker.owners] == sorted(owners, key=str.casefold)
    assert next(o for o in tracker.owners if o.name == "Gemeente Lindewaard").percent == 25


@pytest.mark.parametrize("today, expected", [(dt.date(2026, 1, 1), 1), (dt.date(2027, 12, 31), 3)])
def test_tracker_with_options_today(site, today, expected):
    """Options.today (tests, previews) stands in for SOURCE_DATE_EPOCH; round 1 keeps its as_of."""
    tracker = build_tracker(site, Options(today=today))
    # round 1: A1 (as_of); round 2 in 2027-12-31: A1 (due 2027-03-01) and B1 (due 2027-09-01)
    assert tracker.counts["overdue"] == expected
