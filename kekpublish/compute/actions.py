"""Views of one study's action plan: overdue flags, latest updates, groupings, counts.

Rules (content-format.md, kek: actionplan): an action whose due date is before
the reference date and whose status is open or in_progress is "overdue" on
every page that shows it. The reference date is the plan's `as_of`, else the
date in SOURCE_DATE_EPOCH, else today (`Options.reference_date`).

Nothing here renders or anonymises: the study passed in is published as given,
so a front end passes the anonymised study.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model.site import Study
from ..model.types import STATUSES, Action, Update

OPEN_STATUSES = ("open", "in_progress")
COUNT_KEYS = ("overdue", *STATUSES)  # overdue first: it is what needs attention


@dataclass(frozen=True)
class ActionView:
    """One action as every page shows it."""

    action: Action
    overdue: bool
    latest: Update | None  # the most recent progress report, or None
    owner: str  # partner id
    owner_name: str  # the partner's published name
    with_names: tuple[str, ...]  # the other partners' names, in the order written
    steps: tuple[tuple[str, str], ...]  # (step id, label) in the order written

    @property
    def id(self) -> str:
        return self.action.id

    @property
    def status(self) -> str:
        return self.action.status

    @property
    def history(self) -> list[Update]:
        """Progress reports oldest first (as the format requires them to be written)."""
        return sorted(self.action.updates, key=lambda u: u.date)


@dataclass(frozen=True)
class Group:
    """Actions grouped under a partner (who must do what) or a step (why)."""

    key: str | None  # partner id or step id; None for "no step"
    label: str
    actions: tuple[ActionView, ...]


def is_overdue(action: Action, reference: dt.date) -> bool:
    """Due before the reference date and still open or in progress."""
    return action.due < reference and action.status in OPEN_STATUSES


def latest_update(action: Action) -> Update | None:
    """The most recent update (the last one written when several share a date)."""
    if not action.updates:
        return None
    return max(enumerate(action.updates), key=lambda pair: (pair[1].date, pair[0]))[1]


def reference_date(study: Study, options) -> dt.date:
    """The reference date for the study's plan: as_of, else SOURCE_DATE_EPOCH, else today."""
    as_of = study.actionplan.meta.as_of if study.actionplan else None
    return options.reference_date(as_of)


def action_views(study: Study, reference: dt.date) -> list[ActionView]:
    """Every action of the study's plan, in the order written."""
    if not study.actionplan:
        return []
    partners, steps = study.partners, study.steps
    views = []
    for action in study.actionplan.meta.actions:
        views.append(ActionView(
            action=action,
            overdue=is_overdue(action, reference),
            latest=latest_update(action),
            owner=action.owner,
            owner_name=_partner_name(partners, action.owner),
            with_names=tuple(_partner_name(partners, p) for p in action.with_),
            steps=tuple((s, steps[s].label if s in steps else s) for s in action.steps),
        ))
    return views


def by_owner(study: Study, views: list[ActionView]) -> list[Group]:
    """Who must do what: one group per owning partner, in the study's partner order."""
    order = {p.id: i for i, p in enumerate(study.meta.partners)}
    groups: dict[str, list[ActionView]] = {}
    for view in views:
        groups.setdefault(view.owner, []).append(view)
    return [Group(owner, actions[0].owner_name, tuple(actions))
            for owner, actions in sorted(groups.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))]


def by_step(study: Study, views: list[ActionView]) -> list[Group]:
    """Why: one group per step of the journey (journey order) with the actions addressing it.

    An action addressing two steps is listed under both; actions without steps
    come last in a group with key None.
    """
    groups = []
    for step in study.meta.steps:
        actions = tuple(v for v in views if step.id in v.action.steps)
        if actions:
            groups.append(Group(step.id, step.label, actions))
    loose = tuple(v for v in views if not v.action.steps or not any(s in study.steps for s in v.action.steps))
    if loose:
        groups.append(Group(None, "", loose))
    return groups


STATUS_ORDER = ("in_progress", "open", "done", "dropped")  # after the late ones: what is still running first


def days_late(view: ActionView, reference: dt.date) -> int:
    """Days past the due date on the reference date for an overdue action, else 0."""
    return (reference - view.action.due).days if view.overdue else 0


def attention_order(views, reference: dt.date) -> list:
    """Late first (most days late first), then in progress, open, done, dropped; each by due date, then id."""
    def key(view):
        late = days_late(view, reference)
        return (0 if late else 1, -late, STATUS_ORDER.index(view.status) if view.status in STATUS_ORDER else len(STATUS_ORDER),
                view.action.due, view.id)
    return sorted(views, key=key)


def status_counts(views) -> dict[str, int]:
    """{"overdue": n, "open": n, "in_progress": n, "done": n, "dropped": n}.

    Overdue comes first and is a subset of open and in_progress: the four
    status counts add up to the number of actions.
    """
    counts = dict.fromkeys(COUNT_KEYS, 0)
    for view in views:
        counts[view.status] += 1
        counts["overdue"] += bool(view.overdue)
    return counts


def _partner_name(partners: dict, partner_id: str) -> str:
    partner = partners.get(partner_id)
    return partner.name if partner else partner_id


__all__ = ["ActionView", "COUNT_KEYS", "Group", "OPEN_STATUSES", "action_views", "by_owner", "by_step",
           "is_overdue", "latest_update", "reference_date", "status_counts"]
