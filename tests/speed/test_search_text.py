"""Search reads chart pages without their inline SVGs; the pages keep them."""
from __future__ import annotations

from kekpublish.render import search_text

PAGE = ('<h2>Hartmonitor</h2><figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Curve</title>'
        '<svg x="1"><text>inner</text></svg><path d="M0 0"/><text>Stap één</text></svg>'
        '<figcaption>Beschrijving</figcaption></figure><p>tekst <svg class="icon"/> meer</p>'
        '<table><tr><td>Stap één</td><td>-40</td></tr></table><SVG viewBox="0 0 1 1"><text>hoofdletters</text></SVG>')


def test_svgs_are_taken_out_whole_and_put_back_exactly():
    text, svgs = search_text.without_svg(PAGE)
    assert len(svgs) == 3  # the outer chart (with its nested svg), the self-closed icon, the upper-case one
    assert "<svg" not in text.lower() and "</svg>" not in text.lower()
    assert "Curve" not in text and "inner" not in text and "hoofdletters" not in text
    assert "Beschrijving" in text and "<td>Stap één</td>" in text and "tekst" in text and "meer" in text
    assert search_text.restore(text, svgs) == PAGE


def test_other_changes_in_between_survive_the_restore():
    text, svgs = search_text.without_svg(PAGE)
    changed = text.replace("<h2>Hartmonitor</h2>", "<h2 id=x>Hartmonitor</h2>")
    back = search_text.restore(changed, svgs)
    assert back == PAGE.replace("<h2>Hartmonitor</h2>", "<h2 id=x>Hartmonitor</h2>")


def test_pages_without_svg_and_unclosed_svg_are_left_alone():
    assert search_text.without_svg("<p>geen grafiek</p>") == ("<p>geen grafiek</p>", [])
    broken = "<p>a</p><svg><text>open"
    assert search_text.without_svg(broken) == (broken, [])
    assert search_text.restore("<p>x</p>", []) == "<p>x</p>"
