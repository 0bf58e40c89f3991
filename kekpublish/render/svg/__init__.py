"""Server-side SVG charts: the hartmonitor, the klantreiskaart and a generic line chart.

Every chart is an accessible, deterministic SVG string: `role="img"`, a
`<title>` and a `<desc>` (a summary in words) named by `aria-labelledby`,
every text XML-escaped, numbers formatted by `markup.num` (same input, same
bytes). Text is measured with the metrics of the shipped DejaVu Sans
(`fonts.text_width`) and wrapped inside its cell (`fonts.wrap`); every text
element carries `data-cell` naming the rect (`data-cell-id`) it must stay in.
"""

from .fonts import FONT_FAMILY, line_height, text_width, wrap
from .linechart import ChartStep, Series, SeriesPoint, line_chart

__all__ = ["FONT_FAMILY", "ChartStep", "Series", "SeriesPoint", "line_chart", "line_height", "text_width", "wrap"]
