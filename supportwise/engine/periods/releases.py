"""Periods measured from a feature release: "the 14 days after Auto-sync 2.0 shipped".

Release names and instants come from the ``feature_releases`` table (read by
``supportwise.questions.names``; the engine never touches a connection). A period starts
or ends at the release instant itself, not at midnight:

    >>> at = datetime(2026, 10, 12, 16, tzinfo=timezone.utc)
    >>> [p.label() for _, _, p in find_release_spans(
    ...     "tickets in the 14 days after auto-sync 2.0 shipped vs the 14 days before it",
    ...     {"Auto-sync 2.0": at}, date(2026, 11, 23))]
    ['2026-10-12 16:00 UTC – 2026-10-26 16:00 UTC', '2026-09-28 16:00 UTC – 2026-10-12 16:00 UTC']
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

from supportwise.engine.periods.period import Period
from supportwise.engine.periods.words import NUMBER_WORDS, add_months

_NUM = r"\d+|an?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_UNIT = r"(?P<u{k}>day|week|month)s?"
_AFTER = r"after|following|since|post"
_BEFORE = r"before|prior\s+to|leading\s+up\s+to|ahead\s+of"
_NOUN = r"release|launch|rollout|roll-out|go-live|update|upgrade"
_VERB = (r"(?:was\s+|got\s+|were\s+)?(?:shipped|launched|released|rolled\s+out|deployed)|went\s+(?:out|live)|"
         r"came\s+out|shipped|launched|dropped|landed")


@lru_cache(maxsize=32)
def _patterns(names: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(measured from a release, bare since/after/before a release, "vs the N days before it")."""
    alternation = "|".join(r"\s+".join(map(re.escape, n.lower().split())) for n in sorted(names, key=len, reverse=True))
    rel = rf"(?<![\w-])(?P<rel>{alternation})(?![\w-])"
    event = (rf"(?:(?:the\s+)?(?:(?:{_NOUN})\s+of\s+(?:the\s+)?)?{rel}(?:\s+(?:{_NOUN})\b)?(?:\s+(?:{_VERB})\b)?|"
             rf"we\s+(?:released|launched|shipped|rolled\s+out|deployed)\s+(?:the\s+)?{rel.replace('rel>', 'rel2>')})")
    span = rf"(?:(?:in|during|within|for|over)\s+)?(?:the\s+)?(?:first\s+)?(?:(?P<n>{_NUM})\s+)?{_UNIT.format(k='')}"
    measured = re.compile(rf"{span}\s+(?P<dir>{_AFTER}|{_BEFORE})\s+{event}")
    bare = re.compile(rf"(?:\bever\s+)?\b(?P<dir>since|after|{_BEFORE})\s+{event}")
    other = re.compile(rf"(?:\b(?:vs|versus|compared\s+(?:to|with)|against|and)\s+)?(?:with\s+)?(?:the\s+)?"
                       rf"(?P<n>{_NUM})\s+{_UNIT.format(k='')}\s+(?P<dir>before|after|prior)"
                       rf"(?:\s+(?:it|that|then|the\s+(?:{_NOUN})|(?:{_NOUN})))?\b")
    return measured, bare, other


def _amount(raw: str | None) -> int:
    return 1 if raw in (None, "a", "an") else int(raw) if raw.isdigit() else NUMBER_WORDS[raw]


def _moved(at: datetime, n: int, unit: str) -> datetime:
    if unit == "month":  # add_months keeps the day (clamped), not the time of day
        return datetime.combine(add_months(at.date(), n), at.timetz())
    return at + timedelta(days=n * (7 if unit == "week" else 1))


def _measured(at: datetime, name: str, n: int, unit: str, after: bool) -> Period:
    words = f"{n} {unit}{'s' if n != 1 else ''}"
    if after:
        return Period(at, _moved(at, n, unit), f"the {words} after {name} (released {at:%Y-%m-%d %H:%M} UTC)", "day")
    return Period(_moved(at, -n, unit), at, f"the {words} before {name} (released {at:%Y-%m-%d %H:%M} UTC)", "day")


def find_release_spans(text: str, releases: dict[str, datetime], today: date) -> list[tuple[int, int, Period]]:
    """Release-relative periods in normalized *text* as (start, end, period), in order; a trailing
    "vs the N days before it" is measured from the same release."""
    if not releases:
        return []
    measured, bare, other = _patterns(tuple(releases))
    by_words = {" ".join(n.lower().split()): (n, at) for n, at in releases.items()}

    def release(m: re.Match) -> tuple[str, datetime]:
        return by_words[" ".join((m.group("rel") or m.group("rel2")).split())]

    out: list[tuple[int, int, Period]] = []
    for m in measured.finditer(text):
        name, at = release(m)
        after = not re.fullmatch(_BEFORE, m.group("dir"))
        out.append((m.start(), m.end(), _measured(at, name, _amount(m.group("n")), m.group("u"), after)))
    for m in bare.finditer(text):
        if any(s <= m.start() < e for s, e, _ in out):
            continue
        name, at = release(m)
        stamp = f"{at:%Y-%m-%d %H:%M} UTC"
        if m.group("dir") in ("since", "after"):
            end = datetime.combine(today + timedelta(days=1), time(), tzinfo=timezone.utc)
            out.append((m.start(), m.end(), Period(at, end, f"since {name} was released ({stamp})", None)))
        else:
            out.append((m.start(), m.end(), Period(None, at, f"before {name} was released ({stamp})", None)))
    out.sort(key=lambda s: s[0])
    if len(out) == 1:  # "… vs the 30 days before it": the same release, the other side
        s0, e0, first = out[0]
        name, at = next((n, a) for n, a in releases.items() if a in (first.start, first.end))
        for m in other.finditer(text, e0):
            after = m.group("dir") == "after"
            out.append((m.start(), m.end(), _measured(at, name, _amount(m.group("n")), m.group("u"), after)))
            break
    return out
