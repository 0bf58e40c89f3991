"""The chart cache's entry format (long strings after the JSON, each once) gives back exactly what it stored."""

from __future__ import annotations

import hashlib

import pytest
from markupsafe import Markup

from kekpublish.render import chart_cache
from kekpublish.render.output import OutputFile, OutputPage, Publication


def _entry() -> chart_cache.Entry:
    svg = "<svg>" + "é€😀 " * 300 + "</svg>"
    pub = Publication()
    context = {"svg": Markup(svg), "again": Markup(svg), "plain": svg, "short": "kort", "n": 3, "x": 1.5, "none": None,
               "ok": True, "rows": [("a", 1, Markup("<b>x</b>")), ["b", {"~s": 0, "~m": "tag-like keys"}]],
               "~d": {"~t": svg[:100]}, "~": {"~~x": 1, "~m": [1]}, "one": {"~s": "x"}}
    pub.pages.append(OutputPage(uri="a/index.md", title="T", template="hartmonitor.html", context=context,
                                markdown="# T\n" + "tekst " * 100, search=True, wide=False))
    pub.files.append(OutputFile("a/chart.svg", svg))
    pub.files.append(OutputFile("a/chart.png", b""))
    return chart_cache.Entry(pub, [(1, svg, "png")], True)


def test_an_entry_comes_back_as_it_was_stored(tmp_path) -> None:
    entry = _entry()
    chart_cache.store(tmp_path, "k", entry)
    blob = (tmp_path / "charts" / "k.json").read_bytes()
    svg = entry.pub.files[0].content
    assert blob.count(svg.encode()) == 1  # the SVG is stored once, however often it is used
    back = chart_cache.load(tmp_path, "k")
    assert back is not None
    (page,), (orig,) = back.pub.pages, entry.pub.pages
    assert page.context == orig.context and page.markdown == orig.markdown
    assert type(page.context["svg"]) is Markup and type(page.context["plain"]) is str
    assert type(page.context["rows"][0]) is tuple and type(page.context["rows"][0][2]) is Markup
    assert [(f.uri, f.content) for f in back.pub.files] == [(f.uri, f.content) for f in entry.pub.files]
    assert back.jobs == entry.jobs and back.exported is True


@pytest.mark.parametrize("damage", ["length", "strings", "index", "tag", "cut"])
def test_a_resealed_entry_of_the_wrong_shape_is_not_used(tmp_path, damage) -> None:
    chart_cache.store(tmp_path, "k", _entry())
    path = tmp_path / "charts" / "k.json"
    seal, _, payload = path.read_bytes().partition(b"\n")
    sizes, _, rest = payload.partition(b"\n")
    size, _, lengths = sizes.partition(b" ")
    head, tail = rest[:int(size)], rest[int(size):]
    if damage == "length":
        payload = b"%d %s\n" % (int(size) + 3, lengths) + head + tail
    elif damage == "strings":
        payload = sizes + b"\n" + head + tail + b"x"
    elif damage == "index":
        bad = head.replace(b'{"~s":0}', b'{"~s":99}', 1)
        payload = b"%d %s\n" % (len(bad), lengths) + bad + tail
    elif damage == "tag":
        bad = head.replace(b'"~t":', b'"~q":', 1)
        payload = b"%d %s\n" % (len(bad), lengths) + bad + tail
    else:
        payload = sizes + b"\n" + head + tail[:-2]  # inside a UTF-8 character
    path.write_bytes(b"kekpublish-chart-cache-sha256:" + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    assert chart_cache.load(tmp_path, "k") is None
    assert not path.exists()
