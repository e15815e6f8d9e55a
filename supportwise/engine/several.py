"""Several metrics asked at once: "incoming vs closed last week", "received, solved and the backlog",
"each agent's closed ticket count and average resolution time".

Two metric words are two metrics only when they are joined as a list ("X and Y", "X vs Y", "X, Y
and Z"); otherwise the second one qualifies the first ("first response time for open tickets",
"reopen rate of tickets solved last month") and the one-metric extractors read it as before.
"""

from __future__ import annotations

import re
from functools import lru_cache

from supportwise.engine.cursor import Cursor, Found, _pattern
from supportwise.engine.layer import load_layer

# words that name "tickets created" when listed beside another metric ("opened vs solved")
_CREATED = ("incoming", "received", "receive", "opened", "created", "came in", "come in", "inbound", "submitted",
            "raised",
            "new tickets", "new ones")
_TICKETS = r"(?:tickets?|tix|cases?|ones|requests?|issues?)"
_LEAD = (rf"(?:the\s+|our\s+|also\s+|what\s+|is\s+|are\s+|how\s+many\s+|number\s+of\s+|count\s+of\s+|{_TICKETS}\s+|"
         r"we\s+|were\s+|did\s+we\s+|have\s+we\s+|got\s+)*")
_JOINED = re.compile(rf"^\s*{_TICKETS}?\s*(?:count|counts|volume|numbers?)?\s*"
                     r"(?:,|;|\band\b|&|\+|\bplus\b|\bvs\b\.?|\bversus\b|\bv\b\.?|\bcompared\s+(?:to|with)\b|"
                     r"\bagainst\b|\bas\s+well\s+as\b|\balongside\b|\btogether\s+with\b|/)"
                     rf"(?:\s*(?:,|\band\b))?\s*{_LEAD}\s*$")
# "how many we received, how many we solved" (the comma is gone after normalising): a list only when the first
# metric was asked the same way; "of the tickets created last week how many are solved" is one metric of a cohort
_AGAIN = re.compile(rf"^\s*(?=(?:how\s+many|what)\b){_LEAD}\s*$")
_COHORT = re.compile(r"\b(?:of|among|from)\s+(?:the\s+|those\s+|these\s+|all\s+)?(?:\w+\s+){0,2}(?:tickets?|ones|cases)"
                     r"\s*(?:that\s+were\s+|that\s+|we\s+)?$")
_ASKED = re.compile(r"\b(?:how\s+many|number\s+of|what)\b(?:\s+\S+){0,3}\s*$")


@lru_cache(maxsize=1)
def _mentions_patterns() -> list[tuple[re.Pattern, str]]:
    """(pattern, metric) for every metric word, longest first; a statistic word just before is part of it."""
    layer = load_layer()
    stats = sorted((w for words in layer.statistic_words.values() for w in words), key=len, reverse=True)
    stat = r"(?:(?P<stat>" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in stats) + r")\s+)?"
    pairs = [(w, metric) for metric, words in layer.metric_words for w in words]
    pairs += [(w, "ticket_count") for w in _CREATED]
    pairs += [(f"{w} {r}", "resolution_rate") for w in ("resolution", "closure", "close", "solve", "solved", "resolved")
              for r in ("rate", "ratio", "percentage")]
    pairs.sort(key=lambda p: len(p[0]), reverse=True)
    out = []
    for word, metric in pairs:
        body = _pattern(word).pattern.removeprefix(r"(?<![\w-])")
        out.append((re.compile(r"(?<![\w-])" + stat + body), metric))
    return out


def _statistic(word: str | None) -> str | None:
    if word is None:
        return None
    word = re.sub(r"\s+", " ", word)
    return next(s for s, words in load_layer().statistic_words.items() if word in words)


def _mentions(text: str) -> list[tuple[int, int, str, str | None]]:
    """(start, end, metric, statistic) of each metric word, not overlapping, in order."""
    taken: list[tuple[int, int, str, str | None]] = []
    for pattern, metric in _mentions_patterns():
        for match in pattern.finditer(text):
            if metric == "ticket_count" and _COHORT.search(text[:match.start()]):
                continue  # "of the tickets created last week, how many are solved": who is counted, not a metric
            if all(match.end() <= s or match.start() >= e for s, e, _, _ in taken):
                taken.append((match.start(), match.end(), metric, _statistic(match.group("stat"))))
    return sorted(taken)


def _adjacent_list(text: str, before: tuple, after: tuple) -> bool:
    """Two metric phrases side by side, where a comma stood ("average response time, average resolution time"):
    a list when the second carries its own statistic or both are phrases of several words."""
    words = [len(text[m[0]:m[1]].split()) for m in (before, after)]
    return after[3] is not None or min(words) >= 2


def extract_several(cur: Cursor, found: Found) -> None:
    """Set found.metric and found.also_metrics when two or more metrics are listed; consume their words."""
    mentions = _mentions(cur.text)
    best: list = []
    run: list = mentions[:1]
    for before, after in zip(mentions, mentions[1:]):
        gap = cur.text[before[1]:after[0]]
        if _JOINED.match(gap) or (not gap.strip() and _adjacent_list(cur.text, before, after)) or \
                (_AGAIN.match(gap) and _ASKED.search(cur.text[:run[0][0]])):
            run.append(after)
        else:
            best, run = max(best, run, key=len), [after]
    listed = max(best, run, key=len)
    metrics = list(dict.fromkeys((m, s) for _, _, m, s in listed))
    if len(listed) < 2 or len({m for m, _ in metrics}) < 2:
        return
    statistic = None
    picked: list[tuple[str, str | None]] = []
    for metric, stat in metrics:
        if load_layer().metrics[metric].kind == "duration":
            statistic = stat or statistic  # "average first response and resolution time": both averages
            picked.append((metric, statistic))
        else:
            picked.append((metric, None))
    found.metric, found.metric_at = picked[0][0], listed[0][0]
    found.statistic = picked[0][1]
    found.also_metrics = list(dict.fromkeys(picked[1:]))
    cur.consume(listed[0][0], listed[-1][1])  # the list and what joins it
