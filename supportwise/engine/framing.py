"""Conversational framing around a question: greetings, what the numbers are for, requests for help.

"Hi - for the exec deck on Thursday I need three numbers: how many tix we received last month, …"
asks for the numbers after the colon; "on Thursday" dates the deck, not the tickets. These spans are
consumed before any extractor runs, so their words can neither be read as data ("Thursday" as a
weekday filter, "weekly" as a grain) nor make the question fail as unknown words. Each pattern is
framing only: it names no metric, filter or period of the data. A purpose clause ("so we can see
the monthly comparisons") loses only its lead words — what follows still has to be read.
"""

from __future__ import annotations

import re

from supportwise.engine.cursor import Cursor

_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_OCCASION = (r"(?:deck|meeting|review|report|update|presentation|sync|standup|stand-up|qbr|call|slides?|all[\s-]hands|"
             r"offsite|one[\s-]on[\s-]one|1:1)")
_FRAMING = [re.compile(p) for p in (
    # greetings and thanks
    r"^\s*(?:hi|hey|hello|good\s+(?:morning|afternoon|evening))(?:\s+(?:there|team|all|folks|everyone))?\b\s*[,!.-]*",
    r"\b(?:many\s+)?thanks?(?:\s+you)?(?:\s+(?:so\s+much|a\s+lot|in\s+advance))?\s*[!.]*\s*$|\bcheers\s*[!.]*\s*$",
    # what the numbers are for: "for the exec deck on Thursday", "ahead of the weekly ops review"
    rf"\b(?:for|ahead\s+of|before)\s+(?:the|our|my|a|an|this|next|tomorrow's|tomorrows)\s+"
    rf"(?:(?:exec|executive|board|leadership|team|management|weekly|monthly|quarterly|ops|staff|business|"
    rf"customer|account)\s+)*{_OCCASION}(?:\s+(?:on\s+{_DAY}|this\s+{_DAY}|next\s+{_DAY}|tomorrow|later\s+today|"
    rf"this\s+afternoon|this\s+morning))?\b",
    rf"\bi\s+am\s+(?:putting\s+together|preparing|building|writing|working\s+on|doing)\s+(?:the|a|an|our|my)\s+"
    rf"(?:\w+\s+){{0,3}}?{_OCCASION}\b",
    # requests for help: "would really appreciate it if you could", "I need three numbers:"
    r"\b(?:and\s+)?(?:(?:i|we)\s+)?would\s+(?:really\s+|very\s+much\s+)?(?:appreciate|love)\s+it\s+if\s+you\s+could"
    r"(?:\s+(?:pull|get|give\s+me|fetch|share))?\b",
    r"\b(?:i|we)\s+need\s+(?:(?:a\s+few|some|two|three|four|five|\d+)\s+)?(?:numbers|figures|stats|metrics|kpis)\b"
    r"\s*:?",
    r"\b(?:could|can|would)\s+you\s+(?:please\s+)?(?:give\s+me|pull(?:\s+up)?|get\s+me|fetch)\s+(?:a\s+|an\s+)?"
    r"(?:quick\s+)?(?:health\s+check\s+(?:of|on|for)\s+)?",
    r"\b(?:a\s+)?(?:quick\s+)?health\s+check\s+(?:of|on|for)\b",
    r"\b(?:all\s+)?in\s+one\s+go\b|\ball\s+at\s+once\b|\b(?:that\s+)?(?:would\s+be|is)\s+(?:great|fine|enough|perfect)\b",
    # a purpose clause keeps its content: "so we can see the monthly comparisons"
    r"\bso\s+(?:that\s+)?(?:we|i)\s+can\s+(?:see|compare|show|track|check|understand)\b",
)]


def strip_framing(cur: Cursor) -> None:
    """Consume the framing spans of a normalized question (see the module docstring)."""
    for pattern in _FRAMING:
        for match in list(pattern.finditer(cur.text)):
            cur.consume(match.start(), match.end())
