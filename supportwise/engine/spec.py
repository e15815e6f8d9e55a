"""QuerySpec: the structured, validated form of a question.

It is what the parser produces, what an LLM is asked to fill in (its JSON Schema comes
from the model), what follow-ups edit, and what a saved report stores.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from supportwise.engine.periods.phrases import Period

Statistic = Literal["mean", "median", "p90", "min", "max"]
TIME_GRAINS = ("hour_of_day", "day_of_week", "day_type", "day", "week", "month", "quarter")


class DateRange(BaseModel):
    """A half-open date range [start, end); None on a side means unbounded; bounds may be
    instants (aware datetimes), as in "the 14 days after Auto-sync 2.0 shipped"."""

    model_config = ConfigDict(frozen=True)
    start: date | datetime | None = None
    end: date | datetime | None = None
    phrase: str = ""
    grain: str | None = None

    @model_validator(mode="after")
    def _same_kind(self) -> "DateRange":
        # a midnight instant comes back from JSON as a day: both bounds are instants again
        period = self.period()
        object.__setattr__(self, "start", period.start)
        object.__setattr__(self, "end", period.end)
        return self

    @classmethod
    def of(cls, period: Period) -> "DateRange":
        return cls(start=period.start, end=period.end, phrase=period.phrase, grain=period.grain_hint)

    def period(self) -> Period:
        return Period(self.start, self.end, self.phrase, self.grain)

    def shifted(self, n: int = -1) -> "DateRange":
        return DateRange.of(self.period().shifted(n))

    def label(self) -> str:
        return self.period().label()


class Filter(BaseModel):
    """dimension IN values (or NOT IN when negate)."""

    model_config = ConfigDict(frozen=True)
    dimension: str
    values: tuple[str, ...] = Field(min_length=1)
    negate: bool = False
    all_of: bool = False    # an array column (tags) holding every value, not any of them

    def describe(self) -> str:
        shown = self.values[0] if len(self.values) == 1 else "{" + ", ".join(self.values) + "}"
        return f"{self.dimension} {'≠' if self.negate else '='} {shown}{' (all of them)' if self.all_of else ''}"


class Threshold(BaseModel):
    """A per-ticket condition on a measure: e.g. first response > 4 hours."""

    model_config = ConfigDict(frozen=True)
    measure: Literal["first_response_hours", "resolution_hours", "reopens", "comments", "replies", "value",
                     "age_days", "idle_days", "sentiment_change"]
    op: Literal[">", ">=", "<", "<=", "="]
    value: float

    def describe(self) -> str:
        if self.measure == "sentiment_change":  # last minus first customer message's sentiment (VADER)
            return (f"the customer's last message more {'negative' if self.op in ('<', '<=') else 'positive'} "
                    f"than the first (sentiment)")
        unit = " h" if self.measure.endswith("hours") else " days" if self.measure.endswith("days") else ""
        measure = "agent replies" if self.measure == "replies" else self.measure.replace("_", " ")
        return f"{measure} {self.op} {self.value:g}{unit}"


class AlsoMetric(BaseModel):
    """One more metric in the same answer ("received, solved and backlog"): its own column."""

    model_config = ConfigDict(frozen=True)
    metric: str
    statistic: Statistic | None = None


class QuerySpec(BaseModel):
    """Everything needed to compile one question to SQL."""

    model_config = ConfigDict(frozen=True)
    metric: str = "ticket_count"
    statistic: Statistic | None = None
    filters: tuple[Filter, ...] = ()
    share_filters: tuple[Filter, ...] = ()     # numerator of metric 'share'
    share_threshold: Threshold | None = None   # … or a per-ticket condition as the numerator
    group_by: tuple[str, ...] = ()
    period: DateRange | None = None
    compare_to: DateRange | None = None
    threshold: Threshold | None = None
    having: Threshold | None = None            # condition on each group's value (measure "value")
    time_field: Literal["created_at", "solved_at"] | None = None  # overrides the metric's timestamp
    weekend: bool | None = None                # True: Sat/Sun only, False: weekdays only
    order: Literal["desc", "asc"] | None = None
    limit: int | None = Field(default=None, ge=1, le=1000)
    listing: bool = False
    also_statistics: tuple[Statistic, ...] = ()  # "median and p90": more columns of the same duration
    count_groups: bool = False                 # "how many agents solved > 10": count the groups, not tickets
    distinct: Literal["requester", "organization", "agent"] | None = None  # count distinct ones, not tickets
    days_of_week: tuple[int, ...] = ()         # ISO weekdays (1 = Monday) the timestamp falls on: "on Mondays"
    hours: tuple[int, int] | None = None       # [from, to) hour of day, wrapping past midnight: (22, 6)
    as_of: date | None = None                  # "now" for age_days / idle_days thresholds (the configured today)
    per_day: bool = False                       # "average tickets per day": the count ÷ the period's days
    also_metrics: tuple[AlsoMetric, ...] = ()   # several metrics at once: each measured as if asked alone
    # age buckets in days, [from, to) with None for no upper end: "under a week, 1-4 weeks, older than 4 weeks"
    age_buckets: tuple[tuple[float, float | None], ...] = ()
    # "what's the CSAT for each of them?" after a top 5: only the groups that earlier top-N answer ranks (its
    # query is run again as a subquery, so a saved report keeps meaning "the current top 5")
    top_of: QuerySpec | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "QuerySpec":
        if self.metric == "share" and not (self.share_filters or self.share_threshold or self.group_by):
            raise ValueError("a share needs what it measures (share_filters, share_threshold) or a breakdown")
        if self.count_groups and not self.group_by:
            raise ValueError("counting groups needs what is grouped")
        if self.threshold is not None and self.threshold.measure in ("age_days", "idle_days") and self.as_of is None:
            raise ValueError("an age needs the date it is measured at")
        if self.also_metrics and (self.listing or self.compare_to or self.count_groups or self.having
                                  or self.distinct or self.metric == "share" or self.also_statistics):
            raise ValueError("several metrics are answered side by side, one number each, not combined with this")
        if self.age_buckets and (self.as_of is None or self.group_by or self.listing or self.also_metrics
                                 or self.compare_to or self.metric not in ("ticket_count", "backlog", "solved_count")):
            raise ValueError("age buckets are ticket counts, one column per bucket, at a given date")
        if self.per_day and (self.period is None or self.period.start is None or self.period.end is None):
            raise ValueError("a daily average needs a period with a start and an end")
        if self.compare_to is not None and self.period is None:
            raise ValueError("a comparison needs a period to compare")
        if self.top_of is not None and not self.top_of.ranks_groups():
            raise ValueError("'each of them' needs an earlier top-N by one breakdown that is not a time grain")
        return self

    def ranks_groups(self) -> bool:
        """A top-N by one breakdown ("the 5 organizations with the most tickets"): its groups can be referred to
        ("the CSAT for each of them", top_of)."""
        return bool(self.limit) and len(self.group_by) == 1 and self.group_by[0] not in TIME_GRAINS and \
            not (self.listing or self.count_groups or self.also_metrics)

    def clock_words(self) -> list[str]:
        """The weekday and hour conditions in words: ['on Mondays', 'between 22:00 and 06:00 UTC']."""
        words = ["on " + ", ".join(calendar.day_name[d - 1] + "s" for d in self.days_of_week)] \
            if self.days_of_week else []
        if self.hours is not None:
            words.append(f"between {self.hours[0]:02d}:00 and {self.hours[1]:02d}:00 UTC")
        return words

    def with_filter(self, new: Filter) -> "QuerySpec":
        """Add a filter, replacing any existing one on the same dimension."""
        kept = tuple(f for f in self.filters if f.dimension != new.dimension)
        return self.model_copy(update={"filters": (*kept, new)})


QuerySpec.model_rebuild()  # top_of refers to the class itself
