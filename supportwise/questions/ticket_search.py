"""'Tickets like "sync deleted my contacts"' on the Ask page: hybrid search as an Answer.

The words inside the question are searched (full text, plus vectors when the embeddings
extra is installed) within the asker's scope; the answer is a table of the best tickets
with a highlighted, masked snippet of what the customer wrote. Audited like any question.
"""

from __future__ import annotations

import re

from supportwise.questions.answer import Answer
from supportwise.questions.context import AskContext
from supportwise.questions.envelope import respond
from supportwise.text.search import search_tickets

LIMIT = 20
_SEARCH = re.compile(r"^\s*(?:(?:show|find|search|list|get)(?:\s+me)?\s+)?(?:the\s+)?(?:tickets?|cases?)\s+"
                     r"(?:like|similar\s+to|that\s+say|saying|mentioning)\s+[\"'“‘«]?(?P<text>.+?)[\"'”’»]?"
                     r"\s*[?.!]?\s*$", re.IGNORECASE)
COLUMNS = ["ticket_id", "subject", "snippet", "sentiment", "product_area", "status", "created_at", "matched_by"]


def search_text(question: str) -> str | None:
    """The words to search for when the question asks for tickets like some text, else None.

    >>> search_text('Tickets like "sync deleted my contacts"')
    'sync deleted my contacts'
    """
    match = _SEARCH.match(question or "")
    return match.group("text").strip() if match else None


def answer_search(question: str, text: str, ctx: AskContext) -> Answer:
    """The tickets most like ``text`` for ctx.principal, as an Answer with its audit row ('search')."""
    return respond("search", question, ctx, lambda: _search(question, text, ctx), engine="search",
                   detail={"text": text})


def _search(question: str, text: str, ctx: AskContext) -> Answer:
    # snippets come masked for the role; subjects (typed by customers too) are masked by the envelope
    hits = search_tickets(ctx.db, ctx.principal, text, limit=LIMIT, settings=ctx.settings)
    how = " and ".join(sorted({m for hit in hits for m in hit.matched_by})) or "text"
    scope = f" · team {ctx.principal.scope_team} only" if ctx.principal.scope_team else ""
    return Answer(status="ok", question=question, engine="search",
                  interpretation=f"Tickets whose words match “{text}” ({how} search, best first, top {LIMIT}){scope}",
                  columns=COLUMNS, chart={"type": "table", "x": None, "y": None},
                  rows=[[h.ticket_id, h.subject, h.snippet, h.sentiment, h.product_area, h.status, h.created_at,
                         "+".join(h.matched_by)] for h in hits])
