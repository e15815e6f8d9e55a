"""Question → QuerySpec (first version: counts by priority, channel and status over a time phrase).

The parser is deliberately strict: any content word it does not understand makes the
question ``Unanswerable`` (with suggestions) instead of being silently ignored.
"""

from __future__ import annotations

import re
from datetime import date

from supportwise.errors import Rejected, Unanswerable
from supportwise.queryspec import Filter, QuerySpec
from supportwise.semantic import DIMENSIONS, FILTER_WORDS
from supportwise.timephrases import parse_period

SUGGESTIONS = (
    "How many urgent tickets did we get last week?",
    "How many tickets were solved this month?",
    "How many open tickets are there by priority?",
    "Tickets by channel in the last 30 days",
)

_WRITE_WORDS = re.compile(
    r"\b(delete|drop|truncate|insert|update|alter|grant|revoke|remove|modify|overwrite|wipe|erase|"
    r"reassign|close all|merge|create table|set status)\b")
_OVERRIDE = re.compile(r"\b(ignore|disregard|forget)\b.*\b(instructions?|rules?|prompt|guardrails?)\b|"
                       r"\b(system prompt|jailbreak|sudo|superuser|pg_catalog|information_schema|app\.)")
_GROUP_BY = re.compile(r"\b(?:by|per|across|split by|broken down by|break(?:\s+\w+)?\s+down\s+by)\s+"
                       r"(" + "|".join(sorted(map(re.escape, DIMENSIONS), key=len, reverse=True)) + r")s?\b")
_SOLVED = re.compile(r"\b(solved|resolved|closed)\b")
_OPEN = re.compile(r"\b(open|unsolved|unresolved|backlog|outstanding)\b|\bpending work\b")
_COUNTING = re.compile(r"\b(tickets?|how many|number of|count|volume|came in|requests?|cases?)\b")

# Words that carry no meaning for a count query.
_FILLER = frozenset("""
a an the of did do does we our us get got getting receive received come came coming in on at for with to from
ticket tickets how many much what was were is are there have has had number count total show me give tell
please by per and all that it those these which create created opened open opening solved resolved closed
unsolved unresolved backlog outstanding pending work currently right now still any volume requests request
case cases can you i'd like know see list was were been being so far priority channel status team area
product type new broken down break split across via through over during within overall whole whats what's
""".split())


def _reject_if_hostile(text: str) -> None:
    if _WRITE_WORDS.search(text):
        raise Rejected("SupportWise only reads support data; it never changes, deletes or adds anything.")
    if _OVERRIDE.search(text):
        raise Rejected("That asks to bend the rules or reach outside the support tables, which is not allowed.")


def _metric(text: str) -> str:
    if _SOLVED.search(text):
        return "tickets_solved"
    if _OPEN.search(text):
        return "open_tickets"
    if _COUNTING.search(text):
        return "tickets_created"
    raise Unanswerable("I can't tell what to count in that question.", suggestions=list(SUGGESTIONS))


def _filters(text: str) -> tuple[tuple[Filter, ...], str]:
    found: dict[str, list[str]] = {}
    for phrase in sorted(FILTER_WORDS, key=len, reverse=True):
        pattern = r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])"
        if re.search(pattern, text):
            column, value = FILTER_WORDS[phrase]
            if value not in found.setdefault(column, []):
                found[column].append(value)
            text = re.sub(pattern, " ", text)
    return tuple(Filter(col, tuple(vals)) for col, vals in found.items()), text


def parse_question(question: str, today: date) -> QuerySpec:
    """Parse a plain-English count question; raise Unanswerable or Rejected instead of guessing.

    >>> parse_question("How many urgent tickets did we get last week?", date(2026, 11, 23)).metric
    'tickets_created'
    """
    text = question.lower().strip()
    if not text:
        raise Unanswerable("Please type a question.", suggestions=list(SUGGESTIONS))
    _reject_if_hostile(text)
    period, text = parse_period(text, today)
    text = re.sub(r"[?!.,;:()\"']", " ", text)
    group_by = tuple(dict.fromkeys(DIMENSIONS[m.group(1)] for m in _GROUP_BY.finditer(text)))
    text = _GROUP_BY.sub(" ", text)
    metric = _metric(text)
    filters, text = _filters(text)
    unknown = [w for w in re.findall(r"[a-z0-9_-]+", text) if w not in _FILLER and not w.isdigit()]
    if unknown:
        raise Unanswerable(
            f"I don't know how to answer questions about {', '.join(repr(w) for w in unknown[:3])} yet, "
            "and I won't guess.", suggestions=list(SUGGESTIONS))
    return QuerySpec(metric=metric, filters=filters, group_by=group_by, period=period)
