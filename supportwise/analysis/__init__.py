"""Root-cause analysis of support tickets (issue 6): ``analyse(db, principal, question, today=…)``.

See ``rootcause.py`` for the pipeline; ``jobs/analysis.py`` runs it on the RQ worker.
"""

from supportwise.analysis.report import RootCauseReport, SentimentSplit, ThemeResult
from supportwise.analysis.rootcause import STAGES, analyse

__all__ = ["RootCauseReport", "SentimentSplit", "ThemeResult", "STAGES", "analyse"]
