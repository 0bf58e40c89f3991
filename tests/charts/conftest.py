"""Fixtures: the project's example study copied to a temporary docs dir, and a generated 20-step study."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

# The project's own example study (outside every docs_dir); the tests compute what they
# expect from the study they read.
EXAMPLE = Path(__file__).parents[2] / "examples" / "studies" / "overlijden"


def load_study(docs: Path):
    from kekpublish.model import load_site

    site, problems = load_site(docs)
    assert site.studies, [str(p) for p in problems]
    return site.studies[0]


@pytest.fixture(scope="session")
def example_docs(tmp_path_factory) -> Path:
    docs = tmp_path_factory.mktemp("docs")
    shutil.copytree(EXAMPLE, docs / EXAMPLE.name)
    return docs


@pytest.fixture(scope="session")
def study(example_docs):
    return load_study(example_docs)


LONG = ("Een bijzonder lange omschrijving van wat er bij deze stap gebeurde, met woorden als "
        "arbeidsongeschiktheidsverzekeringsmaatschappij en https://www.example.org/een/heel/lang/pad?met=parameters "
        "die niet op één regel passen")


@pytest.fixture(scope="session")
def long_study(tmp_path_factory):
    """20 steps in 4 phases, long labels and texts, 2 segments, every layer filled."""
    docs = tmp_path_factory.mktemp("long") / "lang"
    (docs / "narratives").mkdir(parents=True)
    phases = "\n".join(f"  - {{id: f{p}, label: 'Fase {p} met een lange naam over {LONG[:40]}'}}" for p in range(4))
    steps = "\n".join(f"  - {{id: s{i}, label: 'Stap {i}: {LONG[:60 + i]}', phase: f{i // 5}, partners: [p1]}}" for i in range(20))
    (docs / "study.md").write_text(textwrap.dedent("""\
        ---
        kek: study
        title: Een lange reis
        life_event: Verhuizen
        round: '2026'
        journey_type: ervaring
        goal: {long}
        scope: {long}
        segments:
          - {{id: a, label: Segment A met een lange naam}}
          - {{id: b, label: Segment B}}
        partners:
          - {{id: p1, name: Een partner met een lange naam}}
        phases:
        {phases}
        steps:
        {steps}
        target:
          a: {{s0: 50, s5: 60}}
        levers:
          s3: ['{long}', '{long}']
        ---
        Lang.
        """).format(long=LONG, phases=phases.replace("\n", "\n"), steps=steps).replace("\n  - ", "\n  - "), encoding="utf-8")
    for r in range(4):
        exps = []
        for i in range(20):
            exps.append(textwrap.indent(textwrap.dedent(f"""\
                - step: s{i}
                  partner: p1
                  channel: website
                  touchpoint: '{LONG} {r}'
                  score: {(i * 37 + r * 11) % 201 - 100}
                  thought: '{LONG}'
                  feeling: verward
                  need: '{LONG}'
                  pain: '{LONG} {i % 3}'
                  chain: {str(i % 2 == 0).lower()}
                  idea: '{LONG}'
                """), "  "))
        (docs / "narratives" / f"r{r}.md").write_text(
            f"---\nkek: narrative\nrespondent: R{r + 1}\nsegment: {'a' if r % 2 else 'b'}\nexperiences:\n" + "".join(exps) + "---\nTekst.\n",
            encoding="utf-8")
    return load_study(docs.parent)
