"""The template environment and the label tables are made once per process, and stay right."""
from __future__ import annotations

import glob

import pytest
import yaml

from kekpublish.render import i18n, templates


def test_environment_and_labels_are_made_once():
    templates.environment.cache_clear()
    i18n.labels.cache_clear()
    env = templates.environment((), "nl")
    assert templates.environment((), "nl") is env
    text = i18n.label("nl", next(iter(i18n.labels("nl"))))
    assert text
    # the page templates and label() share one parsed table
    assert i18n.labels.cache_info().misses == 1
    assert env.globals["labels"] is i18n.labels("nl")
    # a compiled template is kept by the environment
    name = "kekpublish/hartmonitor.html"
    assert env.get_template(name) is env.get_template(name)


def test_languages_and_custom_dirs_get_their_own_environment(tmp_path):
    (tmp_path / "kekpublish" / "i18n").mkdir(parents=True)
    key = next(iter(i18n.labels("nl")))
    (tmp_path / "kekpublish" / "i18n" / "core.yml").write_text(f"{key}: {{nl: Eigen tekst, en: Own text}}\n", "utf-8")
    nl, en = templates.environment((), "nl"), templates.environment((), "en")
    custom = templates.environment((str(tmp_path),), "nl")
    assert len({id(nl), id(en), id(custom)}) == 3
    assert custom.globals["labels"][key] == "Eigen tekst" and nl.globals["labels"][key] != "Eigen tekst"
    assert en.globals["language"] == "en"


def test_label_files_read_with_libyaml_as_with_pure_python():
    for path in glob.glob(str(templates.themes_dir() / "kekpublish" / "i18n" / "*.yml")):
        text = open(path, encoding="utf-8").read()
        assert yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == yaml.safe_load(text)


def test_compiled_templates_are_kept_between_processes(tmp_path, monkeypatch):
    import jinja2

    cache = jinja2.FileSystemBytecodeCache(str(tmp_path))
    monkeypatch.setattr(templates, "bytecode_cache", lambda: cache)
    templates.environment.cache_clear()
    name = "kekpublish/narrative.html"
    first = templates.environment((), "nl").get_template(name)
    assert list(tmp_path.iterdir())  # the compiled template was stored
    # a new process (a new environment) loads it instead of compiling
    templates.environment.cache_clear()
    env = templates.environment((), "nl")
    monkeypatch.setattr(jinja2.Environment, "compile", lambda *a, **k: (_ for _ in ()).throw(AssertionError("compiled again")))
    assert env.get_template(name).render is not first.render  # a new template object, not compiled
    with pytest.raises(AssertionError, match="compiled again"):
        env.get_template("kekpublish/visit.html")  # never compiled with this cache: it would be
    templates.environment.cache_clear()


def test_an_edited_template_is_compiled_afresh(tmp_path, monkeypatch):
    import jinja2

    cache = jinja2.FileSystemBytecodeCache(str(tmp_path / "bc"))
    (tmp_path / "bc").mkdir()
    custom = tmp_path / "custom" / "kekpublish"
    custom.mkdir(parents=True)
    (custom / "probe.html").write_text("eerste {{ 1 + 1 }}", "utf-8")
    monkeypatch.setattr(templates, "bytecode_cache", lambda: cache)
    templates.environment.cache_clear()
    assert templates.render("kekpublish/probe.html", {}, override_dirs=(str(tmp_path / "custom"),)) == "eerste 2"
    (custom / "probe.html").write_text("tweede {{ 2 + 2 }}", "utf-8")
    templates.environment.cache_clear()  # a new process
    assert templates.render("kekpublish/probe.html", {}, override_dirs=(str(tmp_path / "custom"),)) == "tweede 4"
    templates.environment.cache_clear()
