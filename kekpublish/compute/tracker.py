"""The tracker: every action of every study, with counts per status, owner and study.

Each study's overdue flags use that study's own reference date (its plan's
`as_of`, else SOURCE_DATE_EPOCH, else today): see compute/actions.py.
Owners are grouped by their published partner name, so "Gemeente Dordrecht"
in two studies (or two rounds) is one owner.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model.site import Site, Study
from . import actions as act


@dataclass(frozen=True)
class TrackedAction:
    """One action with where it comes from."""

    study: Study
    view: act.ActionView
    reference: dt.date  # the date its overdue flag was computed against

    @property
    def action(self):
        return self.view.action

    @property
    def overdue(self) -> bool:
        return self.view.overdue

    @property
    def status(self) -> str:
        return self.view.status

    @property
    def round(self) -> str:
        return self.study.meta.round

    @property
    def study_title(self) -> str:
        return self.study.meta.title


@dataclass(frozen=True)
class OwnerProgress:
    name: str
    done: int
    total: int
    overdue: int
    dropped: int

    @property
    def percent(self) -> int:
        """Done as a whole percentage of all the owner's actions (0 without actions)."""
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class StudyLine:
    study: Study
    counts: dict[str, int]  # as act.status_counts
    total: int
    reference: dt.date


@dataclass
class Tracker:
    actions: list[TrackedAction] = field(default_factory=list)  # by study (journey, round), then as written
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(act.COUNT_KEYS, 0))
    owners: list[OwnerProgress] = field(default_factory=list)  # by name
    studies: list[StudyLine] = field(default_factory=list)  # studies with an action plan

    @property
    def total(self) -> int:
        return len(self.actions)


def build_tracker(site: Site, options) -> Tracker:
    """Collect the actions of every study that has an action plan."""
    tracker = Tracker()
    for rounds in site.journeys().values():
        for study in rounds:
            if not study.actionplan:
                continue
            reference = act.reference_date(study, options)
            views = act.action_views(study, reference)
            tracker.actions += [TrackedAction(study, view, reference) for view in views]
            tracker.studies.append(StudyLine(study, act.status_counts(views), len(views), reference))
    tracker.counts = act.status_counts([t.view for t in tracker.actions])
    owners: dict[str, list[TrackedAction]] = {}
    for tracked in tracker.actions:
        owners.setdefault(tracked.view.owner_name, []).append(tracked)
    tracker.owners = [OwnerProgress(name, sum(t.status == "done" for t in items), len(items),
                                    sum(t.overdue for t in items), sum(t.status == "dropped" for t in items))
                      for name, items in sorted(owners.items(), key=lambda kv: kv[0].casefold())]
    return tracker


__all__ = ["OwnerProgress", "StudyLine", "TrackedAction", "Tracker", "build_tracker"]
