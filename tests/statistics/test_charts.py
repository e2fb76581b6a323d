"""Charts: accessible SVG with the same numbers as the table beside it; hidden figures stay hidden."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from vta.charts import HIDDEN_MARK, Series, bar_chart, data_table, placement_charts
from vta.placement_statistics import Record, report

NS = {"s": "http://www.w3.org/2000/svg"}


def test_a_chart_is_labelled_and_shows_the_tables_numbers() -> None:
    labels = ["2026-Q1", "Kafé <Strömmen> & co"]
    series = [Series("Startade", [12, None]), Series("Aktiva", [7, 30])]
    svg = bar_chart("q-chart", "Placeringar", "Per kvartal", labels, series)
    root = ET.fromstring(svg)  # well-formed, names escaped
    assert root.get("role") == "img" and root.get("aria-labelledby") == "q-chart-title q-chart-desc"
    assert root.find("s:title", NS).text == "Placeringar" and root.find("s:desc", NS).text == "Per kvartal"
    written = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert labels[1] in written
    table = data_table("Placeringar", labels, series, "Kvartal")
    cells = re.findall(r"<td>([^<]*)</td>", table)
    assert cells == ["12", "7", HIDDEN_MARK, "30"]
    assert [w for w in written if w in cells or w == HIDDEN_MARK] == ["12", "7", HIDDEN_MARK, "30"]
    # the hidden bar has no length, the others are proportional
    widths = [float(r.get("width")) for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.find("s:title", NS)
              is not None]
    assert widths[2] == 0 and widths[3] > widths[0] > widths[1] > 0


def test_chart_ids_are_checked() -> None:
    with pytest.raises(ValueError):
        bar_chart('x" onload="alert(1)', "t", "d", ["a"], [Series("s", [1])])


def test_the_standard_charts_of_an_answer() -> None:
    today = date(2026, 12, 4)
    records = [Record(f"p{i}", "e", today - timedelta(days=20 * i), gender="woman" if i % 2 else None)
               for i in range(1, 30)]
    charts = placement_charts(report(records, today), "dash")
    assert [c.title for c in charts] == ["Placeringar per kvartal", "Avslutade placeringar efter utfall",
                                         "Startade placeringar efter kön", "Startade placeringar efter åldersgrupp"]
    for c in charts:
        ET.fromstring(c.svg)
        assert c.title in c.table and "<caption>" in c.table
