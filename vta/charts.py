"""Accessible server-side SVG charts for the statistics page, the CSR dashboard and the PDF report.

Pure functions: figures in, SVG text out. Each chart has a <title> and a <desc> (named by
aria-labelledby), role="img", and draws the same numbers the page shows in a table beside it.
A hidden figure (small-count protection) gets no bar and the mark "–", never a guessed value.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from vta.follow_up import AGE_BANDS, GENDERS, OUTCOME_LABELS, label

HIDDEN_MARK = "–"
HIDDEN_NOTE = "– = dolt (färre än 5, eller skyddar en sådan siffra)"
# Colour-blind-safe (Okabe-Ito), and each series also differs by pattern of its legend text.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[int | float | None]


def _fmt(v: int | float | None) -> str:
    if v is None:
        return HIDDEN_MARK
    return f"{v:.0%}" if isinstance(v, float) and v <= 1 else f"{v:g}"


def bar_chart(chart_id: str, title: str, desc: str, labels: Sequence[str], series: Sequence[Series], *,
              width: int = 640, bar_height: int = 18, note: str = HIDDEN_NOTE) -> str:
    """Horizontal grouped bars: one group per label, one bar per series, the value written at the
    end of each bar (so the chart reads without colour)."""
    if not re.fullmatch(r"[a-z][a-z0-9-]{0,40}", chart_id):
        raise ValueError("chart_id must be a short lower-case id")
    ids = {"t": f"{chart_id}-title", "d": f"{chart_id}-desc"}
    peak = max([v for s in series for v in s.values if v is not None] or [1]) or 1
    # room for the longest label (about 7 px a character at 12 px), so none is cut at the left edge
    label_w, value_w, gap = max(120, min(width // 2, 7 * max((len(x) for x in labels), default=0) + 14)), 44, 10
    plot_w = width - label_w - value_w
    group_h = bar_height * len(series) + gap
    legend_h = 22 * ((len(series) + 2) // 3) + 22
    height = group_h * len(labels) + legend_h + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{ids["t"]} {ids["d"]}" '
           f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
           f'<title id="{ids["t"]}">{escape(title)}</title>', f'<desc id="{ids["d"]}">{escape(desc)}</desc>']
    for g, label in enumerate(labels):
        top = g * group_h
        out.append(f'<text x="{label_w - 8}" y="{top + group_h / 2}" text-anchor="end" '
                   f'dominant-baseline="middle">{escape(label)}</text>')
        for i, s in enumerate(series):
            v = s.values[g]
            y = top + i * bar_height
            w = 0 if v is None else round(plot_w * float(v) / float(peak), 1)
            out.append(f'<rect x="{label_w}" y="{y + 2}" width="{w}" height="{bar_height - 4}" '
                       f'fill="{COLOURS[i % len(COLOURS)]}"><title>{escape(f"{s.name}: {_fmt(v)}")}</title></rect>')
            out.append(f'<text x="{label_w + w + 4}" y="{y + bar_height / 2}" dominant-baseline="middle">'
                       f'{escape(_fmt(v))}</text>')
    y = group_h * len(labels) + 14
    for i, s in enumerate(series):
        x = (i % 3) * (width // 3)
        row = y + 22 * (i // 3)
        out.append(f'<rect x="{x}" y="{row - 10}" width="12" height="12" fill="{COLOURS[i % len(COLOURS)]}"/>'
                   f'<text x="{x + 16}" y="{row}">{escape(s.name)}</text>')
    if note:  # charts of figures that are never hidden (a person's own scores) need no note
        out.append(f'<text x="0" y="{y + 22 * ((len(series) + 2) // 3)}" font-size="10">{escape(note)}</text>')
    out.append("</svg>")
    return "".join(out)


def data_table(caption: str, labels: Sequence[str], series: Sequence[Series], label_header: str = "") -> str:
    """The chart's numbers as an HTML table (the accessible twin of `bar_chart`)."""
    head = "".join(f"<th scope=\"col\">{escape(s.name)}</th>" for s in series)
    rows = "".join(f"<tr><th scope=\"row\">{escape(label)}</th>"
                   + "".join(f"<td>{escape(_fmt(s.values[i]))}</td>" for s in series) + "</tr>"
                   for i, label in enumerate(labels))
    return (f"<table><caption>{escape(caption)}</caption><thead><tr><th scope=\"col\">{escape(label_header)}</th>"
            f"{head}</tr></thead><tbody>{rows}</tbody></table>")


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    svg: str
    table: str


def _chart(chart_id: str, title: str, desc: str, labels: Sequence[str], series: Sequence[Series],
           label_header: str, width: int = 640) -> Chart:
    return Chart(title, bar_chart(chart_id, title, desc, labels, series, width=width),
                 data_table(title, labels, series, label_header))


def placement_charts(answer: dict[str, Any], prefix: str = "chart", width: int = 640) -> list[Chart]:
    """The standard charts of a statistics answer (vta.placement_statistics.report), each with its
    table: placements by quarter, outcomes, and placements started by gender and by age band.
    A page asks for a narrower drawing than print, so its text stays legible on a phone."""
    items = answer["items"]
    quarters = [r["quarter"] for r in items]
    total = answer["total"]
    charts = []
    if items:
        charts.append(_chart(f"{prefix}-quarters", "Placeringar per kvartal",
                             "Startade placeringar och aktiva vid kvartalets slut, per kvartal.", quarters,
                             [Series("Startade", [r["started"] for r in items]),
                              Series("Aktiva", [r["active"] for r in items])], "Kvartal", width))
    outcomes = list(OUTCOME_LABELS)
    charts.append(_chart(f"{prefix}-outcomes", "Avslutade placeringar efter utfall",
                         "Antal avslutade placeringar per utfall, sedan starten.",
                         [OUTCOME_LABELS[o] for o in outcomes],
                         [Series("Antal", [total["ended"][o] for o in outcomes])], "Utfall", width))
    for key, labels, title in (("gender", GENDERS, "Startade placeringar efter kön"),
                               ("age_band", AGE_BANDS, "Startade placeringar efter åldersgrupp")):
        rows = answer.get(f"by_{key}", [])
        if rows:
            charts.append(_chart(f"{prefix}-{key.replace('_', '-')}", title, f"{title}, sedan starten.",
                                 [label(r[key], labels) for r in rows],
                                 [Series("Startade", [r["started"] for r in rows])], "", width))
    return charts


__all__ = ["HIDDEN_MARK", "HIDDEN_NOTE", "Chart", "Series", "bar_chart", "data_table", "placement_charts"]
