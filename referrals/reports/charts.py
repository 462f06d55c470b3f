"""Small bar charts drawn on the server as SVG: no script, nothing fetched from elsewhere, printable.

Each chart is an image with a text alternative listing every value, so it reads the same to a screen
reader; values hidden from partners ("fewer than 5") get no bar and a "<5" label.
"""

from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT, TOP, BOTTOM = 360, 96, 14, 16


def bar_chart(title, points):
    """`points`: (short label, value) pairs; a value is a number, None, or a text such as
    "fewer than 5"."""
    numbers = [
        value for _, value in points if isinstance(value, (int, float)) and not isinstance(value, bool)
    ]
    highest = max(numbers, default=0) or 1
    slot = WIDTH / max(len(points), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        height = 0
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            height = (HEIGHT - TOP - BOTTOM) * value / highest
        x, y = index * slot + slot * 0.15, HEIGHT - BOTTOM - height
        middle = f"{x + slot * 0.35:.1f}"
        bars.append((f"{x:.1f}", f"{y:.1f}", f"{slot * 0.7:.1f}", f"{height:.1f}", middle, f"{y - 3:.1f}",
                     text_of(value), middle, HEIGHT - 3, label))  # fmt: skip
    described = "; ".join(f"{label}: {text_of(value)}" for label, value in points)
    body = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}"></rect>'
        '<text x="{}" y="{}" class="chart__value">{}</text>'
        '<text x="{}" y="{}" class="chart__label">{}</text>',
        bars,
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}: {}"><title>{}</title>{}</svg>',
        WIDTH, HEIGHT, title, described, title, body,
    )  # fmt: skip


def text_of(value):
    if value is None:
        return "–"
    if value == "fewer than 5":
        return "<5"
    return f"{value:g}" if isinstance(value, float) else str(value)
