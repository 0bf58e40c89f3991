"""`kekpublish export` keeps MkDocs' YAML tags: the exported mkdocs.yml says what the project's said.

A Material project often writes `!ENV` (a site name or a token from the environment),
`!!python/name:` (Material's emoji index) and `!relative $config_dir` (a snippets folder).
The export used to drop them (written as nothing), so the builder that read the export got
another site, or a broken one. These build the export with MkDocs and with Zensical, plugin
off as they always are there, and read the result.
"""
from __future__ import annotations

import os
import shutil

import pytest
import yaml

from kekpublish.publish.project import Tagged, dump_config, read_config, resolved
from sitebuild import run

EMOJI = """\
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.snippets:
      base_path: !relative $config_dir/snippets
"""


def test_tags_are_read_resolved_and_written_back(tmp_path, monkeypatch):
    config = tmp_path / "mkdocs.yml"
    config.write_text('site_name: !ENV [KEK_TEST_NAME, "Standaard"]\nsite_url: !ENV KEK_TEST_URL\n'
                      'markdown_extensions:\n' + EMOJI, encoding="utf-8")
    monkeypatch.delenv("KEK_TEST_NAME", raising=False)
    monkeypatch.delenv("KEK_TEST_URL", raising=False)
    assert read_config(config)["site_name"] == "Standaard" and read_config(config)["site_url"] is None
    monkeypatch.setenv("KEK_TEST_NAME", "Uit de omgeving")
    assert read_config(config)["site_name"] == "Uit de omgeving"
    written = read_config(config, tags=True)
    assert written["site_name"] == Tagged("!ENV", ["KEK_TEST_NAME", "Standaard"])
    emoji = resolved(written, objects=True)["markdown_extensions"][0]["pymdownx.emoji"]
    from material.extensions import emoji as material_emoji
    assert emoji["emoji_index"] is material_emoji.twemoji
    again = yaml.load(dump_config(written), Loader=_TagLoader)
    assert again == written  # the dump reads back as it was read


class _TagLoader(yaml.SafeLoader):
    pass


_TagLoader.add_multi_constructor("", lambda loader, suffix, node: Tagged(
    suffix, loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node, deep=True)
    if isinstance(node, yaml.SequenceNode) else loader.construct_mapping(node, deep=True)))


@pytest.fixture
def tagged_project(new_project):
    config = new_project / "mkdocs.yml"
    text = config.read_text("utf-8")
    text = "\n".join('site_name: !ENV [KEK_TEST_NAME, "Standaard"]' if line.startswith("site_name:") else line
                     for line in text.splitlines()) + "\n"
    assert "!ENV" in text
    config.write_text(text.replace("markdown_extensions:\n", "markdown_extensions:\n" + EMOJI), encoding="utf-8")
    (new_project / "snippets").mkdir()
    (new_project / "snippets" / "afkortingen.md").write_text("Tekst uit een snippet.\n", encoding="utf-8")
    page = new_project / "docs" / "over.md"
    page.write_text(page.read_text("utf-8") + '\n:smile:\n\n--8<-- "afkortingen.md"\n', encoding="utf-8")
    return new_project


def test_the_export_keeps_the_tags_and_builds_as_the_project_would(tagged_project, tmp_path):
    out = tmp_path / "export"
    env = {**os.environ, "KEK_TEST_NAME": "Naam uit de omgeving"}
    result = run("-m", "kekpublish.cli", "export", str(out), cwd=tagged_project, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    exported = (out / "mkdocs.yml").read_text("utf-8")
    assert "!ENV" in exported and "KEK_TEST_NAME" in exported and "Naam uit de omgeving" not in exported
    assert "!!python/name:material.extensions.emoji.twemoji" in exported
    assert str(tagged_project / "snippets") in exported  # $config_dir meant the project, not the export
    result = run("-m", "mkdocs", "build", "-q", "-f", str(out / "mkdocs.yml"), env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (out / "site" / "over" / "index.html").read_text("utf-8")
    assert "Naam uit de omgeving" in page
    assert "Tekst uit een snippet." in page and "twemoji" in page


@pytest.mark.skipif(shutil.which("zensical") is None, reason="zensical is not installed")
def test_zensical_reads_the_exported_tags(tagged_project, tmp_path):
    out = tmp_path / "export"
    env = {**os.environ, "KEK_TEST_NAME": "Zensical uit de omgeving"}
    result = run("-m", "kekpublish.cli", "export", str(out), "--builder", "zensical", cwd=tagged_project, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    import subprocess

    built = subprocess.run(["zensical", "build"], cwd=out, env=env, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    assert "Zensical uit de omgeving" in (out / "site" / "index.html").read_text("utf-8")
