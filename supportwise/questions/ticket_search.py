"""'Tickets like "sync deleted my contacts"' on the Ask page: hybrid search as an Answer.

The words inside the question are searched (full text, plus vectors when the embeddings
extra is installed) within the asker's scope; the answer is a table of the best tickets
with a highlighted, masked snippet of what the customer wrote. Audited like any question.
"""

from __future__ import annotations

import re
import time

from supportwise.records import audit
from supportwise.questions.answer import Answer
from supportwise.questions.ask import AskContext
from supportwise.errors import InvalidInput, SupportWiseError
from supportwise.pii.apply import mask_answer
from supportwise.pii.masker import build_masker
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
    """The tickets most like ``text`` for ctx.principal, as an Answer with its audit row."""
    started = time.perf_counter()
    try:
        hits = search_tickets(ctx.db, ctx.principal, text, limit=LIMIT)
        how = " and ".join(sorted({m for hit in hits for m in hit.matched_by})) or "text"
        answer = Answer(status="ok", question=question, engine="search",
                        interpretation=f"Tickets whose words match “{text}” ({how} search, best first, "
                                       f"top {LIMIT}){' · team ' + ctx.principal.scope_team + ' only' if ctx.principal.scope_team else ''}",
                        columns=COLUMNS, chart={"type": "table", "x": None, "y": None},
                        rows=[[h.ticket_id, h.subject, h.snippet, h.sentiment, h.product_area, h.status, h.created_at,
                               "+".join(h.matched_by)] for h in hits])
        if not ctx.principal.sees_pii:  # snippets come masked; subjects are typed by customers too
            answer = mask_answer(answer, ctx.principal, build_masker(ctx.db.reader))
    except InvalidInput as exc:
        answer = Answer(status="unanswerable", question=question, reason=str(exc), engine="search")
    except SupportWiseError as exc:
        answer = Answer(status="error", question=question, reason=str(exc), engine="search")
    answer.duration_ms = (time.perf_counter() - started) * 1000
    answer.audit_id = audit.record(ctx.db.app, ctx.principal, "search", question=question,
                                   row_count=len(answer.rows) if answer.status == "ok" else None,
                                   duration_ms=answer.duration_ms, engine="search", status=answer.status,
                                   client=ctx.client, detail={"text": text})
    return answer
