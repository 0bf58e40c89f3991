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
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, WithJsonSchema

JOURNEY_TYPES = ("feitelijk", "ervaring", "relatie", "transactioneel", "emotioneel", "symbolisch")
CHANNELS = ("balie", "telefoon", "website", "brief", "e-mail", "app", "anders")
METHODS = ("persoonlijk", "telefonisch", "online")
STATUSES = ("open", "in_progress", "done", "dropped")
KINDS = ("study", "narrative", "shopping", "actionplan", "measurement")
PRIVACY_KEYS = ("sensitive", "respondent_names", "anonymise", "keep", "redact", "publish_profile")


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
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Count = Annotated[int, Field(strict=True, gt=0)]


class Item(BaseModel):
    """Base of every mapping in the format: unknown keys are reported, not kept."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class SensitiveTerm(Item):
    """(1.1) A sensitive or redact term with its own replacement: `{term: Joris, as: haar vriend}`."""

    term: Text = Field(min_length=1, description="The term never published; matched like every sensitive term.")
    as_: Optional[Text] = Field(None, alias="as", description="The text it is replaced by; default: a label such as [persoon A].")


def _term_kind(value: Any) -> str:
    return "[term]" if isinstance(value, (dict, SensitiveTerm)) else "[text]"


# A plain string keeps the meaning of version 1 (replaced by a label); {term:, as:} names its replacement.
Term = Annotated[Union[Annotated[Text, Tag("[text]")], Annotated[SensitiveTerm, Tag("[term]")]], Discriminator(_term_kind)]


def term_of(item: str | SensitiveTerm) -> str:
    """The term of a `sensitive` or `redact` item, whether written as text or as {term:, as:}."""
    return item.term if isinstance(item, SensitiveTerm) else item


def replacement_of(item: str | SensitiveTerm) -> str | None:
    """The replacement an item asks for (`as:`), or None for the default label."""
    return item.as_ if isinstance(item, SensitiveTerm) else None


# --- study ------------------------------------------------------------------


class Segment(Item):
    """A customer segment (klantsegment): one line in the hartmonitor."""

    id: Id = Field(description="The segment's id, used by narratives and in addresses, e.g. huur.")
    label: Prose = Field(description="The segment's name as the site shows it, e.g. Huurwoning.")


class Partner(Item):
    """A chain partner (ketenpartner); its name is always published as written."""

    id: Id = Field(description="The partner's id, used by steps, experiences and actions, e.g. gemeente.")
    name: Text = Field(description="The partner's name, always published as written.")


class Phase(Item):
    """A time block (tijdsblok) that groups steps."""

    id: Id = Field(description="The phase's id, used by steps, e.g. voor.")
    label: Prose = Field(description="The phase's name as the site shows it, e.g. Voor de verhuizing.")


class Step(Item):
    """A key step (sleutelstap) of the journey: the horizontal axis."""

    id: Id = Field(description="The step's id, used by experiences, actions and kpis, e.g. inschrijven.")
    label: Prose = Field(description="The step's name as the site shows it.")
    phase: Optional[Id] = None
    partners: list[Id] = []


class Fieldwork(Item):
    start: Optional[IsoDate] = None
    end: Optional[IsoDate] = None


class AnonymiseRules(Item):
    keep: list[Text] = Field(default=[], description="Terms that are never redacted.")
    redact: list[Term] = Field(default=[], description="Terms that are always redacted, in every file of the study; an item may be {term: X, as: Y} (1.1).")
    publish_profile: list[Text] = Field(default=[], description="Profile fields published besides segment and age band.")


class Theme(Item):
    """(1.1) A pain that is one pain across files, rounds and journeys."""

    id: Id = Field(description="The theme's id: the same id is the same pain across files, rounds and journeys.")
    label: Prose = Field(description="The pain in a few words, as the site shows it.")


class Kpi(Item):
    """(1.1) A process figure of a step (doorlooptijd, first time right), beside experience."""

    label: Prose = Field(description="What is measured, e.g. Doorlooptijd.")
    value: Number = Field(description="The figure, a number, e.g. 5.")
    unit: Optional[Prose] = Field(None, description="The unit, e.g. dagen or %.")
    target: Optional[Number] = Field(None, description="The figure aimed for, a number; a value that misses it is flagged.")
    better: Optional[Literal["lower", "higher"]] = Field(
        None, description="(1.1) Which way is better: lower (doorlooptijd) or higher (first time right); "
                          "without it a value that differs from its target is shown as differing, not as missing it.")


class StudyMeta(Item):
    """kek: study — the study's definition; its body is the overview page."""

    kek: Literal["study"]
    title: Prose = Field(description="The study's title, e.g. Verhuizen naar een huurwoning.")
    life_event: Prose = Field(description="The life event (levensgebeurtenis), e.g. Verhuizen.")
    round: Text = Field(description="The round of the study (free text), e.g. 2026-voorjaar.")
    journey: Optional[Id] = Field(None, description="Id shared by rounds of the same journey; default: the folder name.")
    journey_type: Literal[JOURNEY_TYPES]  # type: ignore[valid-type]
    organisation: Optional[Text] = Field(None, description="Who ran the study; published as written.")
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
    themes: list[Theme] = Field(default=[], description="(1.1) Pains that are one pain across files, rounds and journeys.")
    kpis: dict[Id, list[Kpi]] = Field(default={}, description="(1.1) Process figures per step id, beside experience.")


# --- narrative and shopping ---------------------------------------------------


class Experience(Item):
    """A contact moment (contactmoment) at one step."""

    step: Id = Field(description="A step id of the study.")
    partner: Optional[Id] = Field(None, description="A partner id of the study.")
    channel: Optional[Literal[CHANNELS]] = None  # type: ignore[valid-type]
    touchpoint: Optional[Prose] = None
    score: Score = Field(description="The experience (beleving), from -100 to 100.")
    thought: Optional[Prose] = None
    feeling: Optional[Prose] = None
    need: Optional[Prose] = None
    pain: Optional[Prose] = None
    chain: bool = False
    theme: Optional[Id] = Field(None, description="(1.1) A theme id of the study.")
    idea: Optional[Prose] = None
    moment_of_truth: bool = False


class Quote(Item):
    text: Prose = Field(description="The quote, in the respondent's words.")
    step: Optional[Id] = None


class Profile(BaseModel):
    """Quasi-identifiers: only the age band is published, other fields when listed in publish_profile."""

    model_config = ConfigDict(extra="allow", frozen=True)
    age: Optional[Annotated[int, Field(strict=True, ge=0, le=130)]] = None


class NarrativeMeta(Item):
    """kek: narrative — one interview written up as a story."""

    kek: Literal["narrative"]
    respondent: RespondentCode = Field(description="A code, never a name; unique in the study, e.g. R03.")
    pseudonym: Optional[Prose] = Field(None, description="The display name, e.g. Meneer J.")
    title: Optional[Prose] = None
    segment: Id = Field(description="A segment id of the study.")
    profile: Profile = Profile()
    interviewed: Optional[IsoDate] = None
    method: Optional[Literal[METHODS]] = None  # type: ignore[valid-type]
    experiences: list[Experience] = []
    quotes: list[Quote] = []
    sensitive: list[Term] = Field(default=[], description="Never published, anywhere, in any form of output; an item may be {term: X, as: Y} (1.1).")
    respondent_names: list[Text] = Field(default=[], description="(1.1) The respondent's own name forms: redacted like sensitive, shown as the pseudonym (else the code).")


class ShoppingMeta(Item):
    """kek: shopping — a mystery-shopping visit, scored by the researcher."""

    kek: Literal["shopping"]
    id: Optional[Id] = Field(None, description="Optional id used in the page URL; default: the file name.")
    title: Optional[Prose] = None
    partner: Id = Field(description="The partner id of the service visited.")
    channel: Literal[CHANNELS]  # type: ignore[valid-type]
    visited: Optional[IsoDate] = None
    experiences: list[Experience] = []
    sensitive: list[Term] = Field(default=[], description="E.g. names of staff; never published. An item may be {term: X, as: Y} (1.1).")


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

    id: Id = Field(description="The action's id, unique in the study, e.g. A1.")
    title: Prose = Field(description="What will be done.")
    steps: list[Id] = []
    owner: Id = Field(description="The partner id that leads the action (regie).")
    with_: list[Id] = Field(default=[], alias="with")
    contact: Optional[Prose] = Field(None, description="A role, never a person's name.")
    due: IsoDate = Field(description="The date the action is due.")
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


# --- measurement (1.1) ----------------------------------------------------------


class MeasurementScore(Item):
    """Respondents and mean score of one step, on the hartmonitor scale."""

    n: Count
    mean: Score


class MeasurementMeta(Item):
    """kek: measurement (1.1) — an interim measurement of a journey between two rounds."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": ["scores"]}, {"required": ["scores_csv"]}]})

    kek: Literal["measurement"]
    date: IsoDate
    source: Prose = Field(description="Where the figures come from (a panel, a survey, a pulse after a service).")
    segment: Optional[Id] = Field(None, description="A segment id; default: all segments together.")
    scores: Optional[dict[Id, MeasurementScore]] = Field(None, description="Per step id: n (respondents) and mean (-100..100).")
    scores_csv: Optional[str] = Field(None, description="Instead of scores: a CSV next to this file with the columns step;n;mean and optionally segment.")


META_BY_KIND: dict[str, type[Item]] = {
    "study": StudyMeta,
    "narrative": NarrativeMeta,
    "shopping": ShoppingMeta,
    "actionplan": ActionPlanMeta,
    "measurement": MeasurementMeta,
}
