"""Data for the pages that browse rather than ask (Trends, Reports, Costs), their fixed
queries (``supportwise/platform/sql/queries``), spike detection and answer exports.
"""
