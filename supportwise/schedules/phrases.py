"""Schedules written in plain English → a cron expression and a time zone (issue 12, item 1).

"every Monday at 9am", "weekdays at 8:30", "daily at 17:00 Europe/Berlin", "on the first of every month at 7",
"every 2 hours during business days" and raw cron ("0 9 * * 1") are read; croniter computes the next runs and
cron-descriptor words the echo. Every word has to be read: a phrase with a word left over, or without the time
of day a daily or weekly schedule needs, is refused with examples, never guessed. "Business days" are Monday to
Friday (there is no holiday calendar).
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from cron_descriptor import Options, get_description
from croniter import croniter

from supportwise.errors import InvalidInput

EXAMPLES = ("every Monday at 9am", "weekdays at 8:30", "daily at 17:00 Europe/Berlin",
            "on the first of every month at 7", "every 2 hours during business days", "0 9 * * 1")
_DAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")  # cron: 0 = Sunday
_DAY = r"(?:sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)(?:day)?s?"
_FILLER = {"every", "each", "on", "at", "the", "of", "and", "in", "please", "send", "me", "this", "it", "run",
           "a", "an", "day", "days", "time", "zone", "timezone", ","}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "tenth": 10, "fifteenth": 15,
             "twentieth": 20, "last": None}


@dataclass(frozen=True)
class Schedule:
    cron: str        # five fields: minute hour day-of-month month day-of-week
    timezone: str    # an IANA zone the cron is read in

    def describe(self) -> str:
        """'At 09:00, only on Monday (Europe/Berlin)'."""
        options = Options()
        options.use_24hour_time_format = True
        return f"{get_description(self.cron, options)} ({self.timezone})"

    def next_runs(self, after: datetime, n: int = 3) -> list[datetime]:
        """The next n run times after `after` (aware), in the schedule's zone."""
        it = croniter(self.cron, after.astimezone(zoneinfo.ZoneInfo(self.timezone)))
        return [it.get_next(datetime) for _ in range(n)]

    def slots_between(self, after: datetime, until: datetime) -> list[datetime]:
        """Run times t with after < t <= until (aware), oldest first."""
        it = croniter(self.cron, after.astimezone(zoneinfo.ZoneInfo(self.timezone)))
        slots: list[datetime] = []
        while (slot := it.get_next(datetime)) <= until:
            slots.append(slot)
        return slots

    def shortest_gap_minutes(self, after: datetime) -> float:
        runs = self.next_runs(after, 60)
        return min((b - a).total_seconds() / 60 for a, b in zip(runs, runs[1:]))


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {z.lower(): z for z in zoneinfo.available_timezones()} | {"utc": "UTC", "gmt": "UTC"}


def _refuse(why: str) -> InvalidInput:
    return InvalidInput(f"{why} Try e.g. " + ", ".join(f"'{e}'" for e in EXAMPLES) + ".")


def read_schedule(text: str, default_timezone: str = "UTC", *, min_interval_minutes: int = 15,
                  now: datetime | None = None) -> Schedule:
    """The Schedule a phrase (or a raw cron expression) means; InvalidInput with examples when it can't be read."""
    phrase = " ".join(text.strip().lower().replace(",", " , ").split())
    if not phrase:
        raise _refuse("Say when the report should run.")
    timezone = default_timezone
    for word in phrase.split():
        if word in _zones():
            timezone = _zones()[word]
            phrase = re.sub(rf"(?:\bin\s+)?(?<!\S){re.escape(word)}(?!\S)", " ", phrase)
    phrase = phrase.strip()
    if croniter.is_valid(phrase) and len(phrase.split()) == 5:
        schedule = Schedule(phrase, timezone)
    else:
        schedule = Schedule(_cron_of(phrase), timezone)
    gap = schedule.shortest_gap_minutes(now or datetime.now(zoneinfo.ZoneInfo(timezone)))
    if gap < min_interval_minutes:
        raise InvalidInput(f"That runs every {gap:g} minutes; schedules run at most every {min_interval_minutes} "
                           "minutes.")
    return schedule


class _Phrase:
    """The words of a phrase, taken span by span; what is left at the end must be filler."""

    def __init__(self, text: str):
        self.text = f" {text} "

    def take(self, pattern: str) -> re.Match | None:
        match = re.search(pattern, self.text)
        if match:
            self.text = self.text[:match.start()] + " " + self.text[match.end():]
        return match

    def leftover(self) -> list[str]:
        return [w for w in self.text.split() if w not in _FILLER]


def _cron_of(phrase: str) -> str:
    p = _Phrase(phrase)
    dow, dom = "*", "*"
    hours = p.take(r"\b(?:every|each)\s+(\d+|two|three|four|six|twelve)?\s*(hours?|minutes?|mins?)\b|\bhourly\b")
    window = p.take(r"\bbetween\s+(\d{1,2})(?::00)?\s*(am|pm)?\s+and\s+(\d{1,2})(?::00)?\s*(am|pm)?\b")
    if p.take(r"\b(?:weekdays?|business\s+days?|working\s+days?|work\s*days?|monday\s+(?:to|through|-)\s+friday|"
              r"mon\s*-\s*fri)\b"):
        dow = "1-5"
    elif p.take(r"\bweekends?\b"):
        dow = "0,6"
    else:
        named = re.findall(rf"\b({_DAY})\b", p.text)
        if named:
            dow = ",".join(str(_day_number(d)) for d in dict.fromkeys(named))
            p.take(rf"\b{_DAY}(?:\s*(?:,|and|&|or)\s*{_DAY})*\b")
    day_of_month = p.take(r"\b(?:on\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?(?:\s+day)?\s+of\s+(?:every|each|the)\s+"
                          r"month\b|\b(?:on\s+)?(?:the\s+)?(first|second|third|fourth|fifth|tenth|fifteenth|twentieth|"
                          r"last)(?:\s+day)?\s+of\s+(?:every|each|the)\s+month\b|\bmonthly\s+on\s+the\s+(\d{1,2})"
                          r"(?:st|nd|rd|th)?\b")
    if day_of_month:
        number = day_of_month.group(1) or day_of_month.group(3)
        if day_of_month.group(2) == "last":
            raise _refuse("The last day of the month differs from month to month; pick a day from 1 to 28.")
        dom = str(int(number) if number else _ORDINALS[day_of_month.group(2)])
        if not 1 <= int(dom) <= 28:
            raise _refuse("A day of the month from 1 to 28 runs every month; later days skip some months.")
    elif p.take(r"\bmonthly\b"):
        raise _refuse("Monthly on which day? Say e.g. 'on the first of every month at 7'.")
    p.take(r"\b(?:daily|every\s+day|each\s+day|during|weekly)\b")
    at = None if hours else p.take(
        r"\b(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)|\bat\s+(\d{1,2})(?::(\d{2}))?\b|"
        r"\b(\d{1,2}):(\d{2})\b|\b(?:at\s+)?(noon|midday|midnight)\b")
    if re.search(r"\bbusiness\s+hours\b", p.text):
        raise _refuse("Business hours differ between teams: give them, e.g. 'every hour between 9 and 17 on "
                      "weekdays'.")
    left = p.leftover()
    if left:
        raise _refuse(f"I couldn't read {', '.join(repr(w) for w in left[:3])} in that schedule.")
    if hours:
        return _interval(hours, window, dow)
    if at is None:
        raise _refuse("At what time of day? Say e.g. 'every Monday at 9am'.")
    if window:
        raise _refuse("A time window goes with an interval, e.g. 'every 2 hours between 8 and 18'.")
    hour, minute = _clock(at)
    return f"{minute} {hour} {dom} * {dow}"


def _day_number(word: str) -> int:
    return next(i for i, name in enumerate(_DAYS) if name.startswith(word[:3]))


def _hour_of_day(hour: int, half: str | None) -> int:
    """9 with 'pm' → 21, 12 with 'am' → 0; without am/pm the hour as written."""
    if not half:
        return hour
    if not 1 <= hour <= 12:
        raise _refuse(f"{hour} {half} is not a time of day.")
    return hour % 12 + (12 if half.startswith("p") else 0)


def _clock(at: re.Match) -> tuple[int, int]:
    groups = at.groups()
    if groups[7]:
        return (12 if groups[7] in ("noon", "midday") else 0), 0
    number, minutes, half = next(((groups[i], groups[i + 1], groups[i + 2] if i == 0 else None)
                                  for i in (0, 3, 5) if groups[i]))
    hour, minute = _hour_of_day(int(number), half), int(minutes or 0)
    if hour > 23 or minute > 59:
        raise _refuse(f"{number}:{minutes or '00'} is not a time of day.")
    return hour, minute


_WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "six": 6, "twelve": 12}


def _interval(every: re.Match, window: re.Match | None, dow: str) -> str:
    """'every 2 hours' → '0 */2 * * *'; 'every 30 minutes between 8 and 18' → '*/30 8-17 * * *'."""
    raw = every.group(1) if every.group(0) != "hourly" else "1"
    n = _WORD_NUMBERS.get(raw, None) or int(raw or 1)
    unit = "hour" if every.group(0) == "hourly" or every.group(2).startswith("h") else "minute"
    hours = "*"
    if window:
        start = _hour_of_day(int(window.group(1)), window.group(2))
        stop = _hour_of_day(int(window.group(3)), window.group(4))
        if not 0 <= start < stop <= 24:
            raise _refuse("The window has to start before it ends within one day, e.g. 'between 8 and 18'.")
        hours = f"{start}-{stop - 1}" if unit == "minute" else f"{start}-{stop}"
    if unit == "hour":
        if not 1 <= n <= 23:
            raise _refuse("Every 1 to 23 hours; for a daily run say e.g. 'daily at 9'.")
        if hours == "*":
            return f"0 {'*/' + str(n) if n > 1 else '*'} * * {dow}"
        return f"0 {hours}{'/' + str(n) if n > 1 else ''} * * {dow}"
    if not 1 <= n <= 59:
        raise _refuse("Every 1 to 59 minutes; for longer gaps say e.g. 'every 2 hours'.")
    return f"{'*/' + str(n) if n > 1 else '*'} {hours} * * {dow}"
