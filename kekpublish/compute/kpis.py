"""(1.1) Process figures per step (`kpis`): whether each one meets its target, and how it moved between rounds.

The format has `value` and `target` but, on its own, no way to tell a doorlooptijd
(lower is better) from first time right (higher is better): value 5 against target
2 is a miss for the one and a success for the other. So the verdict is:

- `better: lower` or `better: higher` (1.1, optional): met, or missed;
- without it: met when the value equals the target, else "differs" (shown as
  differing from its target, never claimed as a miss);
- no target: no verdict.

Between rounds, figures are matched by step id and label (case and white space ignored).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.site import Study
from ..model.types import Kpi

MET, MISSED, DIFFERS, NONE = "met", "missed", "differs", "none"


def verdict(kpi: Kpi) -> str:
    """met | missed | differs | none (no target)."""
    if kpi.target is None:
        return NONE
    if kpi.value == kpi.target:
        return MET
    if kpi.better == "lower":
        return MET if kpi.value < kpi.target else MISSED
    if kpi.better == "higher":
        return MET if kpi.value > kpi.target else MISSED
    return DIFFERS


def key(kpi: Kpi) -> str:
    return " ".join(kpi.label.casefold().split())


@dataclass(frozen=True)
class KpiRow:
    """One figure of one step across rounds: the kpi of each round (None where a round has none)."""

    step: str
    step_label: str
    label: str
    per_round: tuple[Kpi | None, ...]

    @property
    def latest(self) -> Kpi | None:
        return next((k for k in reversed(self.per_round) if k is not None), None)


def study_kpis(study: Study) -> list[tuple[str, str, Kpi]]:
    """(step id, step label, kpi) in journey order."""
    return [(s.id, s.label, k) for s in study.meta.steps for k in study.meta.kpis.get(s.id, [])]


def across_rounds(rounds: list[Study]) -> list[KpiRow]:
    """Every figure of any round, matched by step and label; the latest round's order first."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    for study in reversed(rounds):
        for step, step_label, kpi in study_kpis(study):
            seen.setdefault((step, key(kpi)), (step_label, kpi.label))
    rows = []
    for (step, k), (step_label, kpi_label) in seen.items():
        per_round = tuple(next((kpi for kpi in study.meta.kpis.get(step, []) if key(kpi) == k), None) for study in rounds)
        rows.append(KpiRow(step, step_label, kpi_label, per_round))
    return rows


__all__ = ["DIFFERS", "KpiRow", "MET", "MISSED", "NONE", "across_rounds", "key", "study_kpis", "verdict"]
