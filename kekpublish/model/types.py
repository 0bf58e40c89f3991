"""The content format as typed models: one class per file type and per nested item.

These classes are the single source of truth: they validate front matter,
generate the JSON Schemas editors use (`kekpublish schema`), and tell the
anonymiser which fields are prose (free text that may hold personal data)
through the `Prose` marker. Field names are the format's keys; never rename
or remove one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

JOURNEY_TYPES = ("feitelijk", "ervaring", "relatie", "transactioneel", "emotioneel", "symbolisch")
CHANNELS = ("balie", "telefoon", "website", "brief", "e-mail", "app", "anders")
METHODS = ("persoonlijk", "telefonisch", "online")
STATUSES = ("open", "in_progress", "done", "dropped")
KINDS = ("study", "narrative", "shopping", "actionplan")


class ProseMarker:
    """Marks a text field as prose: published only after anonymisation."""

    def __repr__(self) -> str:
        return "Prose"


PROSE = ProseMarker()

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(f"'{value}' is not a real date ({exc}); write a real date as YYYY-MM-DD") from None
    raise ValueError(f"'{value}' is not a date; write an ISO date as YYYY-MM-DD, e.g. 2026-03-12")


def _text(value: Any) -> Any:
    """Plain scalars become text (round: 2026 is the text '2026'); lists and mappings do not."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": ["string", "number"]})]
Prose = Annotated[str, BeforeValidator(_text), PROSE, WithJsonSchema({"type": ["string", "number"]})]
Id = Annotated[str, BeforeValidator(_text), Field(min_length=1), WithJsonSchema({"type": ["string", "number"], "minLength": 1})]
Score = Annotated[float, Field(strict=True, ge=-100, le=100)]
RespondentCode = Annotated[str, Field(pattern=r"^[A-Z]{1,3}[0-9]{1,4}$")]


class Item(BaseModel):
    """Base of every mapping in the format: unknown keys are reported, not kept."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- study ------------------------------------------------------------------


class Segment(Item):
    """A customer segment (klantsegment): one line in the hartmonitor."""

    id: Id
    label: Prose


class Partner(Item):
    """A chain partner (ketenpartner); its name is always published as written."""

    id: Id
    name: Text


class Phase(Item):
    """A time block (tijdsblok) that groups steps."""

    id: Id
    label: Prose


class Step(Item):
    """A key step (sleutelstap) of the journey: the horizontal axis."""

    id: Id
    label: Prose
    phase: Optional[Id] = None
    partners: list[Id] = []


class Fieldwork(Item):
    start: Optional[IsoDate] = None
    end: Optional[IsoDate] = None


class AnonymiseRules(Item):
    keep: list[Text] = Field(default=[], description="Terms that are never redacted.")
    redact: list[Text] = Field(default=[], description="Terms that are always redacted, in every file of the study.")
    publish_profile: list[Text] = Field(default=[], description="Profile fields published besides segment and age band.")


class StudyMeta(Item):
    """kek: study — the study's definition; its body is the overview page."""

    kek: Literal["study"]
    title: Prose
    life_event: Prose
    round: Text
    journey: Optional[Id] = Field(None, description="Id shared by rounds of the same journey; default: the folder name.")
    journey_type: Literal[JOURNEY_TYPES]  # type: ignore[valid-type]
    organisation: Optional[Text] = None
    goal: Optional[Prose] = None
    scope: Optional[Prose] = None
    fieldwork: Optional[Fieldwork] = None
    segments: list[Segment] = Field(min_length=1)
    partners: list[Partner] = []
    phases: list[Phase] = []
    steps: list[Step] = Field(min_length=1)
    hartmonitor: dict[Id, dict[Id, Score]] = Field(default={}, description="Workshop-set values per segment and step; they win over computed ones.")
    target: dict[Id, dict[Id, Score]] = Field(default={}, description="The desired curve (gewenste hartslag), per segment and step.")
    moments_of_truth: list[Id] = []
    levers: dict[Id, list[Prose]] = {}
    anonymise: AnonymiseRules = AnonymiseRules()


# --- narrative and shopping ---------------------------------------------------


class Experience(Item):
    """A contact moment (contactmoment) at one step."""

    step: Id
    partner: Optional[Id] = None
    channel: Optional[Literal[CHANNELS]] = None  # type: ignore[valid-type]
    touchpoint: Optional[Prose] = None
    score: Score
    thought: Optional[Prose] = None
    feeling: Optional[Prose] = None
    need: Optional[Prose] = None
    pain: Optional[Prose] = None
    chain: bool = False
    idea: Optional[Prose] = None
    moment_of_truth: bool = False


class Quote(Item):
    text: Prose
    step: Optional[Id] = None


class Profile(BaseModel):
    """Quasi-identifiers: only the age band is published, other fields when listed in publish_profile."""

    model_config = ConfigDict(extra="allow", frozen=True)
    age: Optional[Annotated[int, Field(strict=True, ge=0, le=130)]] = None


class NarrativeMeta(Item):
    """kek: narrative — one interview written up as a story."""

    kek: Literal["narrative"]
    respondent: RespondentCode
    pseudonym: Optional[Prose] = None
    title: Optional[Prose] = None
    segment: Id
    profile: Profile = Profile()
    interviewed: Optional[IsoDate] = None
    method: Optional[Literal[METHODS]] = None  # type: ignore[valid-type]
    experiences: list[Experience] = []
    quotes: list[Quote] = []
    sensitive: list[Text] = Field(default=[], description="Never published, anywhere, in any form of output.")


class ShoppingMeta(Item):
    """kek: shopping — a mystery-shopping visit, scored by the researcher."""

    kek: Literal["shopping"]
    id: Optional[Id] = Field(None, description="Optional id used in the page URL; default: the file name.")
    title: Optional[Prose] = None
    partner: Id
    channel: Literal[CHANNELS]  # type: ignore[valid-type]
    visited: Optional[IsoDate] = None
    experiences: list[Experience] = []
    sensitive: list[Text] = []


# --- action plan ------------------------------------------------------------------


class Cka(Item):
    """The Collective Pain-Point Analysis (Collectieve Knelpuntenanalyse)."""

    date: Optional[IsoDate] = None
    participants: list[Id] = []


class Update(Item):
    """A progress report (voortgangsrapportage)."""

    date: IsoDate
    status: Literal[STATUSES]  # type: ignore[valid-type]
    note: Optional[Prose] = None


class Action(Item):
    """A SMART action agreed in the CKA."""

    id: Id
    title: Prose
    steps: list[Id] = []
    owner: Id
    with_: list[Id] = Field(default=[], alias="with")
    contact: Optional[Prose] = None
    due: IsoDate
    measure: Optional[Prose] = None
    status: Literal[STATUSES] = "open"  # type: ignore[valid-type]
    follows: Optional[Id] = None
    updates: list[Update] = []


class ActionPlanMeta(Item):
    """kek: actionplan — the outcome of the CKA."""

    kek: Literal["actionplan"]
    cka: Optional[Cka] = None
    as_of: Optional[IsoDate] = None
    actions: list[Action] = []


META_BY_KIND: dict[str, type[Item]] = {
    "study": StudyMeta,
    "narrative": NarrativeMeta,
    "shopping": ShoppingMeta,
    "actionplan": ActionPlanMeta,
}
