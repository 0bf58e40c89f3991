"""The template environment and the label tables are made once per process, and stay right."""
from __future__ import annotations

import glob

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
