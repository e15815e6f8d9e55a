"""Colours for every chart: Okabe–Ito for categories, viridis for magnitudes."""

from __future__ import annotations

# Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
PRIMARY = OKABE_ITO[0]
# A heatmap encodes magnitude, not category: viridis is perceptually uniform and stays readable
# in greyscale and under deuteranopia/protanopia, which a categorical palette cannot do.
SEQUENTIAL_SCHEME = "viridis"
