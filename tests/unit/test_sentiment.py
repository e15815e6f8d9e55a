"""Sentiment in the question engine: the words, the spec, the SQL and its interpretation (no database).

Sentiment is ticket_text.sentiment_label (VADER over the customer comments, migration 0007);
every sentiment question is asked of the tickets that have a label.
"""

from datetime import date

import pytest
import sqlglot
from sqlglot import exp

from supportwise.engine.compile import compile_spec
from supportwise.engine.interpret import interpretation
from supportwise.engine.lexicon import correct
from supportwise.engine.names import NameIndex
from supportwise.engine.parse import parse_question
from supportwise.engine.spec import Filter, QuerySpec
from supportwise.errors import Unanswerable

TODAY = date(2026, 11, 23)
NAMES = NameIndex.of(organization=["Acme Corp"], agent=["Maria Lopez"])
NEGATIVE = Filter(dimension="sentiment", values=("negative",))
LABELLED = "only tickets with a sentiment label (enriched, with customer comments)"


def p(question, previous=None):
    return parse_question(question, TODAY, NAMES, previous)


def period(spec):
    return (spec.period.start.isoformat(), spec.period.end.isoformat()) if spec.period else None


CASES = [
    # question, metric, filters, share_filters, group_by, period, (limit, order)
    ("share of negative tickets for billing last month", "share",
     (Filter(dimension="product_area", values=("billing",)),), (NEGATIVE,), (), ("2026-10-01", "2026-11-01"),
     (None, None)),
    ("what share of billing tickets were negative last month", "share",
     (Filter(dimension="product_area", values=("billing",)),), (NEGATIVE,), (), ("2026-10-01", "2026-11-01"),
     (None, None)),
    ("what percentage of tickets were negative last month by channel", "share", (), (NEGATIVE,), ("channel",),
     ("2026-10-01", "2026-11-01"), (None, None)),
    ("which product area has the most negative tickets this week", "ticket_count", (NEGATIVE,), (),
     ("product_area",), ("2026-11-23", "2026-11-24"), (1, "desc")),
    ("sentiment trend by week", "avg_sentiment", (), (), ("week",), None, (None, None)),
    ("average sentiment by week for auto-sync", "avg_sentiment",
     (Filter(dimension="product_area", values=("auto-sync",)),), (), ("week",), None, (None, None)),
    ("negative tickets by channel last month", "ticket_count", (NEGATIVE,), (), ("channel",),
     ("2026-10-01", "2026-11-01"), (None, None)),
    ("how many negative tickets did we get yesterday", "ticket_count", (NEGATIVE,), (), (),
     ("2026-11-22", "2026-11-23"), (None, None)),
    ("positive tickets", "ticket_count", (Filter(dimension="sentiment", values=("positive",)),), (), (), None,
     (None, None)),
    ("tickets with negative sentiment last week", "ticket_count", (NEGATIVE,), (), (),
     ("2026-11-16", "2026-11-23"), (None, None)),
    ("how many frustrated customers did we have last week", "ticket_count", (NEGATIVE,), (), (),
     ("2026-11-16", "2026-11-23"), (None, None)),
    ("tickets by sentiment this month", "ticket_count", (), (), ("sentiment",), ("2026-11-01", "2026-11-24"),
     (None, None)),
    ("sentiment by channel last month", "avg_sentiment", (), (), ("channel",), ("2026-10-01", "2026-11-01"),
     (None, None)),
    ("which product area has the most negative sentiment last month", "avg_sentiment", (), (), ("product_area",),
     ("2026-10-01", "2026-11-01"), (1, "asc")),
    ("which team has the best average sentiment this quarter", "avg_sentiment", (), (), ("team",),
     ("2026-10-01", "2026-11-24"), (1, "desc")),
    ("how negative were billing tickets last month", "avg_sentiment",
     (Filter(dimension="product_area", values=("billing",)),), (), (), ("2026-10-01", "2026-11-01"), (None, None)),
    ("happy tickets last month", "ticket_count", (Filter(dimension="sentiment", values=("positive",)),), (), (),
     ("2026-10-01", "2026-11-01"), (None, None)),
    ("worst sentiment by team", "avg_sentiment", (), (), ("team",), None, (None, "asc")),
    ("the most negative sentiment by product area last month", "avg_sentiment", (), (), ("product_area",),
     ("2026-10-01", "2026-11-01"), (None, "asc")),
    ("highest average sentiment by channel", "avg_sentiment", (), (), ("channel",), None, (None, "desc")),
    ("neutral tickets from enterprise customers this year", "ticket_count",
     (Filter(dimension="sentiment", values=("neutral",)), Filter(dimension="plan", values=("enterprise",))), (), (),
     ("2026-01-01", "2026-11-24"), (None, None)),
]


@pytest.mark.parametrize("question, metric, filters, share_filters, group_by, span, shape", CASES,
                         ids=[c[0] for c in CASES])
def test_sentiment_questions(question, metric, filters, share_filters, group_by, span, shape):
    spec = p(question)
    assert spec.metric == metric
    assert set(spec.filters) == set(filters)
    assert spec.share_filters == share_filters
    assert spec.group_by == group_by
    assert period(spec) == span
    assert (spec.limit, spec.order) == shape


@pytest.mark.parametrize("question", [
    "what was our CSAT last month", "how many happy customers last month", "how satisfied were customers last month",
    "satisfaction score by channel this year", "I'd be happy to know our CSAT last month",
])
def test_csat_words_stay_with_csat(question):
    spec = p(question)
    assert spec.metric == "csat" and not spec.filters and "sentiment" not in interpretation(spec)


def test_negated_sentiment():
    spec = p("non negative tickets last week")
    assert spec.filters == (Filter(dimension="sentiment", values=("negative",), negate=True),)


FOLLOW_UPS = [
    ("only negative ones", lambda s: NEGATIVE in s.filters and s.group_by == ("channel",)),
    ("break that down by sentiment", lambda s: s.group_by == ("sentiment",) and not s.filters),
    ("what about the sentiment", lambda s: s.metric == "avg_sentiment" and s.group_by == ("channel",)),
]


@pytest.mark.parametrize("follow_up, check", FOLLOW_UPS, ids=[f for f, _ in FOLLOW_UPS])
def test_follow_ups(follow_up, check):
    assert check(p(follow_up, p("tickets by channel last month")))


def test_follow_up_switches_the_sentiment_value():
    previous = p("negative tickets by channel last month")
    spec = p("what about positive ones?", previous)
    assert spec.filters == (Filter(dimension="sentiment", values=("positive",)),)


def test_emotion_words_are_never_typo_targets():
    # "enjoyed" is two edits from "annoyed", "position" two from "positive": read as typed, they decline
    assert correct("enjoyed position natural") == "enjoyed position natural"
    assert correct("sentimnet") == "sentiment"
    for question in ("tickets customers enjoyed last week", "tickets by position"):
        with pytest.raises(Unanswerable):
            p(question)


def test_median_sentiment_declines():
    with pytest.raises(Unanswerable):
        p("median sentiment last month")


# ---------------------------------------------------------------- SQL and interpretation

def _joins(sql: str) -> list[exp.Join]:
    return list(sqlglot.parse_one(sql, read="postgres").find_all(exp.Join))


def test_sentiment_filter_joins_ticket_text_inner_and_requires_a_label():
    compiled = compile_spec(p("how many negative tickets did we get yesterday"))
    sql = compiled.sql()
    (join,) = _joins(sql)
    assert join.args.get("kind") == "INNER" and join.this.name == "ticket_text"
    assert "tt.ticket_id = t.id" in sql and "tt.sentiment_label IS NOT NULL" in sql
    assert "'negative'" not in sql and "negative" in compiled.params.values()  # bound, never inlined


def test_share_denominator_is_labelled_tickets():
    spec = p("share of negative tickets for billing last month")
    shown = compile_spec(spec).display_sql()
    assert "COUNT(*) FILTER(WHERE\n    tt.sentiment_label = 'negative')" in shown
    assert "tt.sentiment_label IS NOT NULL AND t.product_area = 'billing'" in shown
    text = interpretation(spec)
    assert text == ("Share of tickets (%) · product_area = billing · " + LABELLED + " · created 2026-10-01 – "
                    "2026-10-31 · share of sentiment = negative (VADER, customer comments)")


def test_average_sentiment_is_the_mean_of_ticket_means():
    spec = p("average sentiment by week for auto-sync")
    compiled = compile_spec(spec)
    shown = compiled.display_sql()
    assert "AVG(tt.sentiment_mean) AS avg_sentiment" in shown
    assert "DATE_TRUNC('WEEK', t.created_at)" in shown
    assert compiled.value_column == "avg_sentiment" and compiled.category_columns == ("week",)
    assert interpretation(spec) == ("Average sentiment (-1 … 1) · product_area = auto-sync · " + LABELLED +
                                    " · created · all time · mean sentiment score (VADER, customer comments) by week")


def test_interpretation_of_a_sentiment_filter():
    text = interpretation(p("negative tickets by channel last month"))
    assert "sentiment = negative (VADER, customer comments)" in text and LABELLED in text


def test_queries_without_sentiment_do_not_join_ticket_text():
    for question in ("tickets by channel last month", "CSAT last month", "which agent solved the most tickets"):
        sql = compile_spec(p(question)).sql()
        assert "ticket_text" not in sql and LABELLED not in interpretation(p(question))


@pytest.mark.parametrize("spec", [
    QuerySpec(metric="avg_sentiment", group_by=("sentiment", "month")),
    QuerySpec(metric="share", share_filters=(NEGATIVE,), group_by=("plan",)),
    QuerySpec(listing=True, filters=(NEGATIVE,)),
], ids=["avg", "share-by-plan", "listing"])
def test_same_tree_renders_to_duckdb(spec):
    duck = compile_spec(spec).expression.sql(dialect="duckdb")
    assert isinstance(sqlglot.parse_one(duck, read="duckdb"), exp.Select)
    assert duck.count("ticket_text") == 1  # one join, whatever uses it
