"""Charts chosen from the data's shape (``choose_chart``) and drawn with Altair (``build_chart``).

No Streamlit here: pages render the ``altair.Chart`` this package returns, and exports
turn the same chart into PNG, SVG or offline HTML.
"""

from supportwise.charts.build import build_chart
from supportwise.charts.palette import OKABE_ITO, PRIMARY
from supportwise.charts.shape import CHART_KINDS, KINDS, ChartPlan, choose_chart

__all__ = ["CHART_KINDS", "KINDS", "OKABE_ITO", "PRIMARY", "ChartPlan", "build_chart", "choose_chart"]
