"""Span extractors for measures and filters: metric and statistic, counted entities, values, names, tags.

Conditions on each ticket (thresholds, ages, touches) live in conditions.py."""

from __future__ import annotations

import re

from supportwise.engine.cursor import COMMENT_NOUN, Cursor, Found, _pattern, negated
from supportwise.engine.layer import load_layer
from supportwise.engine.names import NameIndex
from supportwise.engine.spec import Filter

# ---- counted entities -------------------------------------------------------------------------

_ENTITIES = {"requester": r"customers|customer|requesters|requester|end[\s-]users|users|people|contacts|clients",
             "organization": r"organizations|organisations|orgs|companies|accounts",
             "agent": r"agents|reps|assignees|staff\s+members"}
_ENTITY = "|".join(f"(?P<{name}>{words})" for name, words in _ENTITIES.items())
_HOW_MANY_ENTITIES = (
    re.compile(rf"\b(?:how\s+many|(?:the\s+|total\s+)?number\s+of|count\s+(?:of\s+)?|total)\s+(?:(?:different|"
               rf"distinct|unique|individual|separate)\s+)?((?:(?!tickets?\b|cases?\b|requests?\b)\w+\s+){{0,2}}?)"
               rf"(?:{_ENTITY})\b{COMMENT_NOUN}"),
    re.compile(rf"\b(?:distinct|unique|different|individual)\s+()(?:{_ENTITY})\b{COMMENT_NOUN}"))


def _is_metric_phrase(words: str) -> bool:
    phrase = " ".join(words.split())
    words_of_metrics = (w for _, ws in load_layer().metric_words for w in ws if " " in w)
    return any(phrase == w or phrase.endswith(" " + w) for w in words_of_metrics)


def extract_entity(cur: Cursor, found: Found) -> None:
    """'how many customers …', 'number of unique orgs …': count entities, not tickets. With a condition
    on each one ('customers with more than one open ticket') the entities meeting it are counted."""
    match = next(filter(None, (p.search(cur.text) for p in _HOW_MANY_ENTITIES)), None)
    if match is None or _is_metric_phrase(cur.text[match.start(1):match.end()]):  # "happy customers" is CSAT
        return
    found.entity = next(name for name, value in match.groupdict().items() if value)
    between = match.start(1), match.end(1)  # "how many enterprise customers": "enterprise" stays a filter
    cur.consume(match.start(), between[0])
    cur.consume(between[1], match.end())
    found.counting = True


# ---- metric and statistic -------------------------------------------------------------------

_SHARE = re.compile(r"\b(?:what|which)?\s*(percentage|percent|share|proportion|fraction|ratio|portion|part)\b")
_COUNTING = re.compile(r"\b(tickets?|how\s+many|number\s+of|count|volume|traffic|cases?|requests?|issues?|total|"
                       r"came\s+in|"
                       r"contacts?|conversations?|inquiries|queries)\b")
_HOW_LONG = re.compile(r"\bhow\s+(?:long|quickly|fast|slow)\b")
_OPEN_VERB = re.compile(r"\b(?:did|do|does|will|would)\b(?:\s+\S+){0,5}\s+open\b(?!\s+(?:tickets?|cases?|ones|right\s+now))")  # noqa: E501
_COMMENTS = re.compile(r"\b(?:number\s+of\s+)?(?:comments|replies|messages|notes)\b")
_PER_TICKET = re.compile(r"\b(?:per|each|a|an|every)\s+(?:ticket|case)\b(?:\s+(?:get|gets|have|has|receive|receives))?|"
                         r"\bon\s+average\b")
_PER_SOLVED = re.compile(r"\b(?:(?:needed\s+|it\s+takes\s+|it\s+took\s+)?to\s+(?:resolve|solve|close)|"
                         r"(?:per|each|a|an|every|for|on|of)\s+(?:the\s+)?(?:solved|resolved|closed))\b"
                         r"(?:\s+(?:an?\s+|the\s+)?(?:tickets?|cases?))?")
_BOTH_AUTHORS = re.compile(r"\b(?:from\s+|by\s+|between\s+)?(?:both\s+)?(?:customers?\s*(?:and|&|\+|or)\s*agents?|"
                           r"agents?\s*(?:and|&|\+|or)\s*customers?)\b")
_A_TICKET = re.compile(r"\b(an?|each|every)\s+\w+\s+(ticket|case)(\s+(?:get|gets|have|has|receive|receives))?\b")


def extract_metric(cur: Cursor, found: Found) -> None:
    layer = load_layer()
    if found.also_metrics:  # several listed metrics (engine.several) are already read
        while cur.take(_COUNTING):
            found.counting = True
        return
    if cur.take(r"\b(?:resolution|solve|solved|resolved|close|closure|closed|completion)\s+"
                r"(?:rate|ratio|percentage)\b"):
        found.metric = "resolution_rate"  # solved in the period ÷ created in the period
        return
    asked: list[tuple[int, str]] = []  # (position, statistic): "median and p90" asks for both, in that order
    for stat, words in layer.statistic_words.items():
        for word in sorted(words, key=len, reverse=True):
            while (match := cur.take(_pattern(word))) is not None:
                asked.append((match.start(), stat))
    stats = list(dict.fromkeys(stat for _, stat in sorted(asked)))
    if stats:
        found.statistic, found.statistics = stats[0], stats
    best: tuple[int, int, str, re.Match] | None = None
    for rank, (metric, words) in enumerate(layer.metric_words):
        for word in words:
            match = _pattern(word).search(cur.text)
            if match and (best is None or (len(word), -rank) > (best[0], -best[1])):
                best = (len(word), rank, metric, match)
    if best and best[2] == "backlog" and best[3].group() == "open" and _OPEN_VERB.search(cur.text):
        cur.consume(best[3].start(), best[3].end())  # "did enterprise customers open" = created
        best = None
        found.counting = True
    comments = _COMMENTS.search(cur.text)
    kind = layer.metrics[best[2]].kind if best else None
    averaged = best is not None and layer.metrics[best[2]].aggregate is not None  # "sentiment of customer messages"
    if comments and kind in (None, "comments", "comment_count") and not averaged and (
            found.statistic == "mean" or _PER_TICKET.search(cur.text) or _A_TICKET.search(cur.text) or
            _PER_SOLVED.search(cur.text)):
        # "average replies per ticket": the per-ticket mean of that kind of comment
        per_ticket = best[2] if kind == "comments" else layer.metrics[best[2]].per_ticket if best else None
        if best is not None:
            cur.consume(best[3].start(), best[3].end())
        cur.consume(comments.start(), comments.end())
        cur.take(_PER_TICKET)
        if cur.take(_PER_SOLVED):  # "replies to resolve a ticket", "messages per closed ticket": over solved tickets
            found.per_solved = True
        if per_ticket in (None, "messages_per_ticket", "comments_per_ticket"):
            cur.take(_BOTH_AUTHORS)  # "messages exchanged (customer + agent)": both sides, as public messages are
        a_ticket = _A_TICKET.search(cur.text)  # "an urgent ticket get": keep "urgent" for the filters
        if a_ticket:
            for group in (1, 2, 3):
                if a_ticket.group(group):
                    cur.consume(a_ticket.start(group), a_ticket.end(group))
        found.metric, best = per_ticket or "comments_per_ticket", None
    if best and best[2] == "solved_count" and _HOW_LONG.search(cur.text):
        best = (best[0], best[1], "resolution_time", best[3])  # "how long did it take us to resolve …"
    if best and re.search(r"\b(opened|created)\b", best[3].group()) is None:
        found.metric, found.metric_at = best[2], best[3].start()
        cur.consume(best[3].start(), best[3].end())
        for word in sorted(dict(layer.metric_words)[found.metric], key=len, reverse=True):
            while (again := _pattern(word).search(cur.text)) is not None:  # "satisfied … (CSAT %)"
                cur.consume(again.start(), again.end())
        if found.metric == "resolution_time" or found.metric == "first_response_time":
            cur.take(_HOW_LONG)
            cur.take(r"\b(?:has\s+it\s+|did\s+it\s+|does\s+it\s+)?(?:taken|take|took|takes)\b(?:\s+us)?")
        if layer.metrics[found.metric].event == "solved":  # "reopen rate for tickets solved last month"
            while cur.take(r"\b(?:solved|resolved|closed)\b"):
                pass
    elif _HOW_LONG.search(cur.text):
        found.metric = "resolution_time" if re.search(r"resol|solv|clos|fix", cur.text) else None
        cur.take(_HOW_LONG)
    share = None if found.metric in ("csat", "reopen_rate", "share") else cur.take(_SHARE)
    if found.metric in ("csat", "reopen_rate"):
        cur.take(r"\b(?:percent|percentage)\b")  # "CSAT %" is already a percentage
    if share:
        found.share = True
        split = re.search(r"\b(were|was|are|is|came|had|have|got|that|which|with|being)\b", cur.text[share.end():])
        # a filter read already ("got a rating" by the exact-value extractors) may hold the verb that splits
        starts = [share.end() + split.start()] if split else []
        starts += [pos for pos, _ in found.filters if pos > share.end() and (found.metric_at or 0) < pos]
        found.share_split = min(starts) if starts else None
    if _COUNTING.search(cur.text):
        found.counting = True
        while cur.take(_COUNTING):
            pass


# ---- filters ---------------------------------------------------------------------------------

_BARE_LEVEL = re.compile(r"\b(urgent|high|low|normal|medium)\s*(?:/|and|or|,)?\s*(?:(high|low|normal|medium|urgent)"
                         r"\s*)?(?:[\s-]*prio\w*\b|(?=\s*(?:tickets?|cases?|issues?|requests?|ones|incidents?|"
                         r"problems?|questions?|tasks?)\b))")


def extract_names(cur: Cursor, found: Found, names: NameIndex) -> None:
    for hit in names.find(cur.text):
        _add(found, hit.start, hit.dimension, hit.value, negated(cur, hit.start))
        cur.consume(hit.start, hit.end)
    if any(len(f.values) > 1 and not f.negate for _, f in found.filters):
        found.compare_values = True  # "CSAT for Xiu Tran and Aiko Park": one row each, never both at once


_TAG = r"#?([a-z0-9][a-z0-9_-]*)"
_TAG_LEAD = (r"\b(?:(?:tagged|labell?ed)(?:\s+(?:as|with))?|with\s+(?:the\s+)?(?:tags?|labels?)|"
             r"having\s+(?:the\s+)?(?:tags?|labels?)|(?<!by\s)(?<!per\s)(?:tag|label))\s+")
_TAGS = re.compile(rf"{_TAG_LEAD}{_TAG}(?:\s*(,|and|or|&|\+)\s*{_TAG})?(?:\s*(?:,|and|or)\s*{_TAG})?|"
                   rf"\b([a-z0-9][a-z0-9_-]*)-tagged\b|\b(?:on|with|under)\s+the\s+([a-z0-9][a-z0-9_-]*)\s+(?:label|tag)\b")
_NOT_TAGS = frozenset("this that the last these those all any each every a an by in on for from of".split())


def extract_tags(cur: Cursor, found: Found) -> None:
    """'tagged vip', 'with tag mobile-android', 'tagged vip and refund' (both), 'tagged vip or refund' (either):
    read before typo correction, tags are free words."""
    for tag in list(_TAGS.finditer(cur.text)):
        words = [w for w in (tag.group(1), tag.group(3), tag.group(4), tag.group(5), tag.group(6)) if w]
        if words[0] in _NOT_TAGS:
            continue
        words = [w for w in words if w not in _NOT_TAGS]
        every = tag.group(2) in ("and", "&", "+") or (tag.group(2) == "," and " and " in tag.group())
        negate = negated(cur, tag.start())
        if every and len(words) > 1:
            found.filters.append((tag.start(), Filter(dimension="tag", values=tuple(words), negate=negate,
                                                      all_of=True)))
        else:
            for word in words:
                _add(found, tag.start(), "tag", word, negate)
        cur.consume(tag.start(), tag.end())


_STATUS_WORD = r"(new|open|pending|on[\s-]hold|solved|closed)"
_STATUS_LIST = re.compile(rf"\b(?:with\s+|in\s+|having\s+)?(?:the\s+|a\s+)?status(?:es)?\s+(?:of\s+|is\s+|=\s*|:\s*)?"
                          rf"{_STATUS_WORD}((?:\s*(?:,|and|or|/|&)\s*{_STATUS_WORD})*)\b")


def extract_status_list(cur: Cursor, found: Found) -> None:
    """'with the status open and pending': those status values (one row each when joined by 'and'), read
    before the metric words, so 'open' here is a status, not the backlog."""
    match = _STATUS_LIST.search(cur.text)
    if match is None:
        return
    values = [match.group(1), *re.findall(_STATUS_WORD, match.group(2))]
    values = [re.sub(r"[\s-]+", "_", v) for v in values]
    for value in dict.fromkeys(values):
        _add(found, match.start(), "status", value, False)
    if len(set(values)) > 1 and re.search(r"\b(?:and|&)\b|,", match.group(2)):
        found.compare_values = True
    cur.consume(match.start(), match.end())


_SHARED_HEAD = re.compile(r"\b([\w-]+)\s*(,|\band\b|\bor\b|&|/)\s*([\w-]+)\s+([\w-]+)\b")


def extract_shared_head_values(cur: Cursor, found: Found) -> None:
    """'good and bad ratings', 'positive or negative sentiment': two values sharing the last word of their
    phrases ('good ratings', 'bad ratings'); joined by 'and' they are compared (one row each)."""
    phrases = {p: (d, v) for p, d, v in load_layer().value_phrases()}
    for match in list(_SHARED_HEAD.finditer(cur.text)):
        first, joint, second, head = match.groups()
        a, b = phrases.get(f"{first} {head}"), phrases.get(f"{second} {head}")
        if a is None or b is None or a[0] != b[0] or a[1] == b[1]:
            continue
        negate = negated(cur, match.start())
        _add(found, match.start(), a[0], a[1], negate)
        _add(found, match.start(), b[0], b[1], negate)
        if joint.strip() in ("and", "&", ","):
            found.compare_values = True
        cur.consume(match.start(), match.end())


def extract_filters(cur: Cursor, found: Found) -> None:
    for match in list(_BARE_LEVEL.finditer(cur.text)):
        negate = negated(cur, match.start())
        for level in filter(None, (match.group(1), match.group(2))):
            _add(found, match.start(), "priority", level, negate)
        cur.consume(match.start(), match.end())
    matches = []  # longest phrase first, then read in the order typed: "not on hold or pending" negates both
    for phrase, dimension, value in load_layer().value_phrases():
        for match in list(_pattern(phrase).finditer(cur.text)):
            matches.append((match.start(), match.end(), dimension, value))
            cur.consume(match.start(), match.end())
    for start, end, dimension, value in sorted(matches):
        negate = negated(cur, start) or _continues_negation(cur, found, dimension, start)
        _add(found, start, dimension, value, negate)
        _consume_dimension_words(cur, dimension, start, end)
    if any(len(f.values) > 1 and not f.negate for _, f in found.filters):
        if cur.take(r"\b(?:between|vs|versus|compared\s+(?:to|with)|against|than)\b"):
            found.compare_values = True  # "CSAT between chat and email": one row per value


_SENTIMENT_IS = re.compile(r"\b(?:the\s+|their\s+|its\s+)?(?:customer(?:'s|s')?\s+|overall\s+)?sentiment\s+"
                           r"(?:is|was|are|were|=|:)\s+(not\s+)?(?:very\s+|mostly\s+|clearly\s+)?"
                           r"(negative|positive|neutral)\b")


def _read_early(phrase: str, dimension: str, value: str) -> bool:
    """Several-word values read before the metric: 'bad CSAT rating' is a filter; 'status closed' is the
    status, not the 'closed' (= solved) metric word inside it — so the 'status closed only' reading of
    'closed' (engine.readings) can be asked. Other statuses are read with the filters, as before."""
    if dimension == "status":
        return "status" in phrase.split() and value in load_layer().metrics["solved_count"].status
    return dimension in ("sentiment", "satisfaction") and " " in phrase


def _continues_negation(cur: Cursor, found: Found, dimension: str, start: int) -> bool:
    """'not pending or on hold': a value listed right after a negated one of its dimension is negated too."""
    return any(flt.negate and flt.dimension == dimension and pos < start and
               re.fullmatch(r"[\s,/]*(?:or|nor|and)?[\s,/]*", cur.text[pos:start]) is not None
               for pos, flt in found.filters)


def extract_sentiment_values(cur: Cursor, found: Found) -> None:
    """Sentiment phrases of several words, read before the metric and shape take their words.

    'negative sentiment' is a filter, not the average-sentiment metric; 'happy tickets' is a
    filter, its 'tickets' not a count word. 'How negative were billing tickets' asks for a
    degree: the average sentiment, not a count.
    """
    if cur.take(r"\bhow\s+(?:negative|positive)\b"):
        found.metric = "avg_sentiment"
    stated = _SENTIMENT_IS.search(cur.text)
    if stated:  # "where the customer sentiment is negative": a filter, not the average sentiment
        _add(found, stated.start(), "sentiment", stated.group(2), stated.group(1) is not None)
        cur.consume(stated.start(), stated.end())
    for phrase, dimension, value in load_layer().value_phrases():
        if not _read_early(phrase, dimension, value):
            continue
        for match in list(_pattern(phrase).finditer(cur.text)):
            _add(found, match.start(), dimension, value, negated(cur, match.start()))
            cur.consume(match.start(), match.end())


def _consume_dimension_words(cur: Cursor, dimension: str, start: int, end: int) -> None:
    """'status pending', 'the Frontline team', 'EMEA region': the dimension's own word beside its value."""
    layer = load_layer()
    own = list(layer.dimension_words.get(dimension, ()))
    if layer.dimensions[dimension].join == "organization":  # "free-plan organisations", "EMEA accounts"
        own += layer.dimension_words["organization"]
    words = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(own, key=len, reverse=True))
    if not words:
        return
    after = re.match(rf"\s*(?:{words})\b", cur.text[end:])
    if after:
        cur.consume(end, end + after.end())
    before = re.search(rf"\b(?:{words})\s*(?:=|:|is|of)?\s*$", cur.text[:start])
    if before:
        cur.consume(before.start(), start)


def _add(found: Found, position: int, dimension: str, value: str, negate: bool) -> None:
    for i, (pos, flt) in enumerate(found.filters):
        if flt.dimension == dimension and flt.negate == negate and not flt.all_of:
            if value not in flt.values:
                found.filters[i] = (pos, Filter(dimension=dimension, values=(*flt.values, value), negate=negate))
            return
    found.filters.append((position, Filter(dimension=dimension, values=(value,), negate=negate)))
