"""No front matter, however odd, ends in a traceback: random edits of the starter study, loaded whole.

Every value of every file is replaced, one file at a time, by values of other types (lists,
mappings, numbers, nothing, long or odd text); keys are dropped, misspelt and repeated. The
loader must return problems, each naming a file, never raise.
"""

from __future__ import annotations

import copy
import random
import shutil
from pathlib import Path

import pytest
import yaml

from kekpublish.model import load_site

STARTER = Path(__file__).parents[2] / "kekpublish" / "starter"
FILES = ["study.md", "narratives/r01.md", "shopping/bezoek.md", "actions.md", "metingen/tussenmeting.md"]
ODD = [None, [], {}, [None], {"x": 1}, 0, -1, 10**30, 1.5, float("nan"), float("inf"), True, "", " ", "\u2063", "ä" * 5000,
       "2026-02-31", "a\nb", "[", "R01", {"term": None}, {"term": "x", "as": []}, [["a"]], "https://x", "${x}", "\x00"]


def mutate(value, rng: random.Random):
    if isinstance(value, dict):
        items = list(value.items())
        if items and rng.random() < 0.15:
            items.pop(rng.randrange(len(items)))
        if items and rng.random() < 0.1:
            key, item = rng.choice(items)
            items.append((str(key)[:-1] or "x", item))  # a misspelt key
        return {k: mutate(v, rng) for k, v in items}
    if isinstance(value, list):
        return [mutate(v, rng) for v in value] + ([copy.deepcopy(rng.choice(ODD))] if rng.random() < 0.1 else [])
    return copy.deepcopy(rng.choice(ODD)) if rng.random() < 0.3 else value  # a copy: no YAML anchors


def split(text: str):
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


@pytest.mark.parametrize("seed", range(60))
def test_random_front_matter_never_raises(tmp_path, seed):
    rng = random.Random(seed)
    docs = tmp_path / "docs"
    shutil.copytree(STARTER, docs / "studie")
    for name in rng.sample(FILES, rng.randint(1, len(FILES))):
        path = docs / "studie" / name
        data, body = split(path.read_text("utf-8"))
        data = mutate(data, rng)
        front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)
        if rng.random() < 0.2:
            front += front.splitlines()[0] + "\n"  # a key written twice
        path.write_text("---\n" + front + "---\n" + body, encoding="utf-8")
    site, problems = load_site(docs)
    for problem in problems.items:
        assert problem.file and problem.message and isinstance(problem.line, (int, type(None)))
        assert "Traceback" not in problem.message and "pydantic" not in problem.message.lower(), str(problem)
    if not problems.errors:
        assert site.studies
