"""A narrative with 5000 experiences (under the size limit) builds or fails cleanly: never a traceback (issue 11.11)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml

from sitebuild import write_config

STEPS_OF_R01 = ["eerste-uren", "aangifte", "uitvaart", "melden", "uitkering", "bank"]


@pytest.mark.slow
def test_5000_experiences_in_one_narrative(tmp_path, example_study) -> None:
    path = example_study / "narratives" / "r01.md"
    text = path.read_text("utf-8")
    front, body = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S).groups()
    data = yaml.safe_load(front)
    model = data["experiences"]
    keep = ("step", "partner", "channel", "touchpoint", "feeling")
    data["experiences"] = [{**{k: model[i % len(model)][k] for k in keep if k in model[i % len(model)]},
                            "score": (i * 37) % 201 - 100} for i in range(5000)]
    for i, experience in enumerate(data["experiences"]):
        if i % 50 == 0:
            experience["pain"] = f"Knelpunt nummer {i // 50} bij deze stap"
    path.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body, "utf-8")
    size = path.stat().st_size
    assert 300_000 < size < 1_000_000  # under the default size limit: it must be read
    config = write_config(tmp_path, example_study.parent, cache_dir=tmp_path / "cache")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], capture_output=True,
                            text=True, timeout=1800, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "BrokenProcessPool" not in output, output[-3000:]
    if result.returncode == 0:
        site = tmp_path / "site"
        assert (site / "overlijden" / "index.html").is_file()
        pngs = list((site / "overlijden").glob("*.png"))
        assert pngs and all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
    else:
        assert result.returncode == 1 and "r01" in output, output[-3000:]
