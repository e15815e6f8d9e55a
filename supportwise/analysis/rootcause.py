"""Root-cause analysis: "Why are customers unhappy with auto-sync?" → themes, numbers, quotes, summary.

The pipeline, one named step each:
resolve (subject.py) → retrieve (retrieve.py, reader role, team scope) → vectors
(vectors.py: TF-IDF, plus stored embeddings when every ticket has one) → cluster
(clustering.py) → themes (themes.py: names, ranking, weekly series, quotes, masked for
roles without PII access) → summary (summary.py: the LLM chain when configured, else a
template) → audit. Every outcome, answered or refused, leaves one audit row.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, timedelta
from typing import Callable

import numpy as np

from supportwise.analysis import clustering, retrieve
from supportwise.analysis import subject as subjects
from supportwise.analysis import summary as summaries
from supportwise.analysis import themes as theming
from supportwise.analysis.report import RootCauseReport, ThemeResult
from supportwise.analysis.subject import RELEASE, Subject
from supportwise.analysis.vectors import combine, term_matrix, tokenize
from supportwise.engine.periods.phrases import Period
from supportwise.errors import PermissionDenied, QuestionError, SupportWiseError, Unanswerable
from supportwise.llm.chain import FallbackChain
from supportwise.llm.ledger import DatabaseLedger
from supportwise.llm.registry import chain_from_settings
from supportwise.pii.apply import masker_for
from supportwise.pii.masker import build_masker
from supportwise.platform.database import Database
from supportwise.platform.readonly import read_only
from supportwise.platform.settings import Settings
from supportwise.questions.limits import budget_for
from supportwise.records import audit
from supportwise.records.roles import Principal

Progress = Callable[[str, float], None]
MIN_TICKETS = 8  # fewer than this are listed, not clustered

STAGES = {"resolve": 0.0, "retrieve": 0.1, "sentiment": 0.3, "themes": 0.4, "naming": 0.7, "summary": 0.85,
          "done": 1.0}


def analyse(db: Database, principal: Principal, question: str, *, today: date, progress: Progress | None = None,
            llm: FallbackChain | None = None, settings: Settings) -> RootCauseReport:
    """Analyse what is behind a subject's tickets, for ``principal`` (scope and masking applied).

    ``llm``: the chain that writes the summary (default: the providers configured in
    ``settings``, none offline). Raises Unanswerable (no subject, no tickets) or
    PermissionDenied; each outcome is audited as action "analysis".
    """
    started = time.perf_counter()
    try:
        if not principal.may_open("ask"):
            raise PermissionDenied(f"The {principal.role} role may not ask questions, so it may not run analyses.")
        report = _run(db, principal, question, today=today, settings=settings, llm=llm,
                      step=progress or (lambda stage, fraction: None))
    except SupportWiseError as exc:
        audit.record(db.app, principal, "analysis", question=question,
                     duration_ms=(time.perf_counter() - started) * 1000, engine=None,
                     status=exc.status if isinstance(exc, QuestionError) else "error",
                     detail={"reason": str(exc)})
        raise
    report.duration_ms = (time.perf_counter() - started) * 1000
    report.audit_id = audit.record(
        db.app, principal, "analysis", question=question, row_count=report.ticket_count,
        duration_ms=report.duration_ms, engine=report.engine, cost_usd=report.cost_usd, status="ok",
        detail={"subject": report.subject, "period": report.period, "summary_engine": report.summary_engine,
                "themes": [{"label": t.label, "tickets": t.tickets} for t in report.themes[:10]]})
    if progress:
        progress("done", STAGES["done"])
    return report


def _run(db: Database, principal: Principal, question: str, *, today: date, settings: Settings,
         llm: FallbackChain | None, step: Progress) -> RootCauseReport:
    step("resolve", STAGES["resolve"])
    with read_only(db.reader, timeout_ms=settings.statement_timeout_ms, tz=settings.timezone) as conn:
        catalog = retrieve.catalog(conn)
        subject, period = subjects.resolve(question, catalog, today)
        step("retrieve", STAGES["retrieve"])
        tickets = retrieve.fetch(conn, subject, period, team=principal.scope_team, tz=settings.timezone)
    if not tickets.ids:
        scope = f" for the {principal.scope_team} team" if principal.scope_team else ""
        raise Unanswerable(" ".join(filter(None, [f"There are no {subject.label}{scope}",
                                                  _period_words(subject, period)])) + ".",
                           suggestions=subjects.SUGGESTIONS)

    step("sentiment", STAGES["sentiment"])
    sentiment = theming.sentiment_split(tickets.sentiment)
    unhappy = theming.unhappy_flags(tickets)
    base_unhappy = 100.0 * float(unhappy.mean())

    step("themes", STAGES["themes"])
    X = combine(tickets.embeddings, term_matrix(tokenize(tickets.texts, tickets.names)).tfidf)
    engine = "embeddings+tfidf" if tickets.embeddings is not None else "tfidf"
    if len(tickets) >= MIN_TICKETS:
        clusters = clustering.cluster(X, min_size=clustering.min_theme_size(len(tickets)))
    else:
        clusters = np.full(len(tickets), clustering.UNCLUSTERED)

    step("naming", STAGES["naming"])
    mask = None if principal.sees_pii else masker_for(principal, build_masker(db.reader)).mask_text
    window = _window(subject, period, tickets, today)
    area_releases = [r for r in catalog.releases if r.product_area == subject.area] if subject.area else []
    themes = theming.build_themes(tickets, X, clusters, window=window, releases=area_releases, quote_mask=mask)
    if mask is not None:
        themes = [_masked_names(theme, mask) for theme in themes]

    step("summary", STAGES["summary"])
    words = dict(subject=subject.label, period=_period_words(subject, period), ticket_count=len(tickets),
                 sentiment=sentiment, themes=themes, base_unhappy=base_unhappy)
    template = summaries.template_summary(**words, truncated=tickets.truncated)
    chain = llm if llm is not None else chain_from_settings(settings, DatabaseLedger(db.app))
    exhausted = bool(chain.providers) and budget_for(db.app, principal.username, settings.daily_budget_usd).exhausted
    written = summaries.summarize(template, chain=chain, who=principal, data=summaries.facts(**words, mask=mask),
                                  budget_exhausted=exhausted)
    return RootCauseReport(
        question=question, subject=subject.to_dict(), period=_period_dict(subject, period, window),
        ticket_count=len(tickets), sentiment=sentiment, themes=themes, summary=written.text, engine=engine,
        summary_engine=written.engine, cost_usd=written.cost_usd, unclustered=theming.unclustered(clusters),
        truncated=tickets.truncated, notices=[written.notice] if written.notice else [])


def _masked_names(theme: ThemeResult, mask: Callable[[str], str]) -> ThemeResult:
    """Phrases hold no names (tokenizing drops them); masked anyway, failing closed."""
    phrases = [mask(p) for p in theme.phrases]
    return replace(theme, phrases=phrases, label=theming.label_for(phrases) if theme.phrases else theme.label)


def _window(subject: Subject, period: Period, tickets: retrieve.TicketSet, today: date) -> theming.Window:
    """The days the weekly series covers: the period, clipped to the data and to today."""
    end = today + timedelta(days=1)
    if period.end is not None:
        end = min(end, period.end)
    starts = [d for d in (period.start, subject.since.date() if subject.since else None) if d is not None]
    start = max(starts) if starts else min(t.date() for t in tickets.created)
    return theming.Window(min(start, end - timedelta(days=1)), end)


def _period_words(subject: Subject, period: Period) -> str:
    """How the period reads after the subject: "created 2026-10-01 – 2026-10-31", "over all time"."""
    if period.start is None and period.end is None:
        return "" if subject.kind == RELEASE else "over all time"  # a release's label says since when
    return f"created {period.label()}"


def _period_dict(subject: Subject, period: Period, window: theming.Window) -> dict:
    """The days analysed ([start, end), ISO) and how to say them."""
    label = _period_words(subject, period) or f"since {window.start.isoformat()}"
    return {"start": window.start.isoformat(), "end": window.end.isoformat(), "label": label, "phrase": period.phrase}
