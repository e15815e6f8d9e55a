"""The Trends page's charts (Okabe–Ito palette): daily volume per area with its spikes marked."""

from __future__ import annotations

import altair as alt
import pandas as pd

from supportwise.charts.palette import OKABE_ITO
from ui.charts import numeric

SPIKE_COLOUR = "#000000"


def daily_with_spikes(daily: pd.DataFrame) -> alt.Chart:
    """One line per product area over the days, each spike day marked with a labelled triangle."""
    data = numeric(daily, "tickets", "expected", "z")
    data["day"] = pd.to_datetime(data["day"])
    areas = sorted(data["product_area"].astype(str).unique())
    colour = alt.Color("product_area:N", title="Product area", scale=alt.Scale(domain=areas, range=OKABE_ITO),
                       legend=alt.Legend(orient="right"))
    x = alt.X("day:T", title="Day", axis=alt.Axis(format="%d %b", labelAngle=0))
    y = alt.Y("tickets:Q", title="Tickets created")
    tooltip = [alt.Tooltip("day:T", title="Day", format="%a %Y-%m-%d"),
               alt.Tooltip("product_area:N", title="Product area"),
               alt.Tooltip("tickets:Q", title="Tickets", format=","),
               alt.Tooltip("expected:Q", title="Expected", format=",.1f"),
               alt.Tooltip("z:Q", title="z-score", format=".1f")]
    lines = alt.Chart(data).mark_line(strokeWidth=1.8, opacity=0.85).encode(x=x, y=y, color=colour, tooltip=tooltip)
    spikes = data[data["spike"].astype(bool)]
    marks = (alt.Chart(spikes).mark_point(shape="triangle-down", size=160, filled=True, color=SPIKE_COLOUR,
                                          yOffset=-12)
             .encode(x=x, y=y, tooltip=tooltip))
    labels = (alt.Chart(spikes).mark_text(dy=-30, fontWeight="bold", color=SPIKE_COLOUR)
              .encode(x=x, y=y, text="label:N")
              .transform_calculate(label="datum.product_area + ' spike'"))
    return alt.layer(lines, marks, labels).properties(height=320)
