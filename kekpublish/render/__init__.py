"""Render the computed views: HTML fragments and SVG from Jinja2 templates in themes/."""
