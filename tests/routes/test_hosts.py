"""Settings that make the built site request another host are named before the build (publish/hosts.py)."""

from __future__ import annotations

from kekpublish.publish.hosts import external_requests

SAFE = {"theme": {"name": "material", "font": False}, "extra": {"generator": False}, "plugins": ["search", "kekpublish"],
        "markdown_extensions": ["attr_list", {"toc": {"permalink": True}}]}


def test_safe_defaults_say_nothing():
    assert external_requests(SAFE) == []
    # links, not requests: a generator link, social links, a repo on a host Material does not query
    assert external_requests({**SAFE, "extra": {"generator": True, "social": [{"link": "https://example.org"}]},
                              "repo_url": "https://git.example.org/kek"}) == []


def test_each_setting_that_reaches_another_host():
    cases = {
        "fonts.googleapis.com": {**SAFE, "theme": {"name": "material"}},
        "api.github.com": {**SAFE, "repo_url": "https://github.com/gemeente/kek"},
        "extra_javascript: https://cdn": {**SAFE, "extra_javascript": ["https://cdn.example.org/x.js"]},
        "extra_css: //fonts": {**SAFE, "extra_css": ["//fonts.example.org/a.css"]},
        "extra.analytics": {**SAFE, "extra": {"analytics": {"provider": "google", "property": "G-X"}}},
        "unpkg.com": {**SAFE, "markdown_extensions": [{"pymdownx.superfences": {"custom_fences": [{"name": "mermaid", "class": "mermaid"}]}}]},
        "MathJax": {**SAFE, "markdown_extensions": ["pymdownx.arithmatex"]},
        "theme.logo": {**SAFE, "theme": {"name": "material", "font": False, "logo": "https://example.org/logo.png"}},
        "social": {**SAFE, "plugins": ["search", "social", "kekpublish"]},
    }
    for expected, config in cases.items():
        messages = external_requests(config)
        assert len(messages) == 1 and expected in messages[0], (expected, messages)


def test_local_mathjax_is_fine():
    config = {**SAFE, "markdown_extensions": ["pymdownx.arithmatex"], "extra_javascript": ["javascripts/mathjax.js"]}
    assert external_requests(config) == []
