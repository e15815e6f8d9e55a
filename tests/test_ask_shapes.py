"""Question shapes added for real support questions (issue 11), each checked against SQL written by hand
on the seeded PostgreSQL: several statistics, counted entities, conditions on entities, unassigned
tickets, ages and inactivity, oldest listings, resolution rate (solved ÷ created), and "of those" follow-ups."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from supportwise.questions.context import AskContext
from supportwise.questions.router import ask
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY

ADMIN = Principal.local_admin()
LEAD = Principal("lee", "team_lead", "Frontline")
OPEN = "status IN ('new','open','pending','on_hold')"
# TEST_TODAY = 2026-11-23 (a Monday)
CASES = [
    ("median and p90 first response time last month",
     "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at) / 3600),"
     " percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at) / 3600)"
     " FROM tickets WHERE first_response_at IS NOT NULL AND created_at >= '2026-10-01' AND created_at < '2026-11-01'"),
    ("average, min and max resolution time this quarter",
     "SELECT avg(h), min(h), max(h) FROM (SELECT extract(epoch FROM solved_at - created_at) / 3600 AS h FROM tickets"
     " WHERE status IN ('solved','closed') AND solved_at >= '2026-10-01' AND solved_at < '2026-11-24') s"),
    ("how many customers contacted us last week",
     "SELECT count(DISTINCT requester_id) FROM tickets WHERE created_at >= '2026-11-16' AND created_at < '2026-11-23'"),
    ("how many agents solved more than 10 tickets last month",
     "SELECT count(*) FROM (SELECT assignee_id FROM tickets WHERE status IN ('solved','closed')"
     " AND solved_at >= '2026-10-01' AND solved_at < '2026-11-01' GROUP BY assignee_id HAVING count(*) > 10) g"),
    ("how many customers have more than 3 tickets this year",
     "SELECT count(*) FROM (SELECT requester_id FROM tickets WHERE created_at >= '2026-01-01'"
     " AND created_at < '2026-11-24' GROUP BY requester_id HAVING count(*) > 3) g"),
    ("how many open tickets are unassigned", f"SELECT count(*) FROM tickets WHERE {OPEN} AND assignee_id IS NULL"),
    ("open tickets older than 7 days", f"SELECT count(*) FROM tickets WHERE {OPEN} AND created_at < '2026-11-16'"),
    ("open tickets with no activity for 3 days",
     f"SELECT count(*) FROM tickets WHERE {OPEN} AND updated_at <= '2026-11-20'"),
    ("resolution rate last month",
     "SELECT 100.0 * (SELECT count(*) FROM tickets WHERE status IN ('solved','closed') AND solved_at >= '2026-10-01'"
     " AND solved_at < '2026-11-01') / (SELECT count(*) FROM tickets WHERE created_at >= '2026-10-01'"
     " AND created_at < '2026-11-01')"),  # the vendors' definition: solved in the period ÷ created in it
    ("how many tickets came in on Mondays this quarter",
     "SELECT count(*) FROM tickets WHERE extract(isodow FROM created_at) = 1 AND created_at >= '2026-10-01'"
     " AND created_at < '2026-11-24'"),
    ("tickets created overnight between 10pm and 6am last week",
     "SELECT count(*) FROM tickets WHERE (extract(hour FROM created_at) >= 22 OR extract(hour FROM created_at) < 6)"
     " AND created_at >= '2026-11-16' AND created_at < '2026-11-23'"),
    ("how many tickets tagged vip and billing this year",
     "SELECT count(*) FROM tickets WHERE 'vip' = ANY(tags) AND 'billing' = ANY(tags) AND created_at >= '2026-01-01'"
     " AND created_at < '2026-11-24'"),
    ("average TTR last month",
     "SELECT avg(extract(epoch FROM solved_at - created_at) / 3600) FROM tickets WHERE status IN ('solved','closed')"
     " AND solved_at >= '2026-10-01' AND solved_at < '2026-11-01'"),
    ("the 5 oldest unsolved tickets",
     f"SELECT id FROM tickets WHERE {OPEN} ORDER BY created_at LIMIT 5"),
    # several metrics at once: each on its own timestamp, as if asked alone
    ("how many tickets did we receive last week vs how many did we solve",
     "SELECT (SELECT count(*) FROM tickets WHERE created_at >= '2026-11-16' AND created_at < '2026-11-23'),"
     " (SELECT count(*) FROM tickets WHERE status IN ('solved','closed') AND solved_at >= '2026-11-16'"
     " AND solved_at < '2026-11-23')"),
    ("tickets received, solved and the backlog last month",
     "SELECT (SELECT count(*) FROM tickets WHERE created_at >= '2026-10-01' AND created_at < '2026-11-01'),"
     " (SELECT count(*) FROM tickets WHERE status IN ('solved','closed') AND solved_at >= '2026-10-01'"
     f" AND solved_at < '2026-11-01'), (SELECT count(*) FROM tickets WHERE {OPEN})"),
    ("opened vs solved by month for the last 3 months",
     "SELECT m, sum(c), sum(s) FROM (SELECT date_trunc('month', created_at) m, 1 c, 0 s FROM tickets"
     " WHERE created_at >= '2026-08-01' AND created_at < '2026-11-01' UNION ALL"
     " SELECT date_trunc('month', solved_at), 0, 1 FROM tickets WHERE status IN ('solved','closed')"
     " AND solved_at >= '2026-08-01' AND solved_at < '2026-11-01') x GROUP BY m ORDER BY m"),
    ("average first response time and CSAT for urgent tickets this year",
     "SELECT (SELECT avg(extract(epoch FROM first_response_at - created_at) / 3600) FROM tickets"
     " WHERE priority = 'urgent' AND first_response_at IS NOT NULL AND created_at >= '2026-01-01'"
     " AND created_at < '2026-11-24'), (SELECT 100.0 * count(*) FILTER (WHERE satisfaction = 'good')"
     " / count(*) FILTER (WHERE satisfaction IN ('good','bad')) FROM tickets WHERE priority = 'urgent'"
     " AND status IN ('solved','closed') AND solved_at >= '2026-01-01' AND solved_at < '2026-11-24')"),
    # a condition on each group's value (HAVING), the measure as asked alone
    ("which agents have CSAT below 80% this quarter",
     "SELECT * FROM (SELECT 100.0 * count(*) FILTER (WHERE satisfaction = 'good') / NULLIF(count(*) FILTER (WHERE"
     " satisfaction IN ('good','bad')), 0) AS c FROM tickets WHERE status IN ('solved','closed') AND assignee_id IS"
     " NOT NULL AND solved_at >= '2026-10-01' AND solved_at < '2026-11-24' GROUP BY assignee_id) g WHERE c < 80"
     " ORDER BY c DESC"),
    ("teams with average resolution time over 24 hours last month",
     "SELECT * FROM (SELECT avg(extract(epoch FROM solved_at - created_at) / 3600) AS h FROM tickets WHERE status"
     " IN ('solved','closed') AND solved_at >= '2026-10-01' AND solved_at < '2026-11-01' GROUP BY team) g"
     " WHERE h > 24 ORDER BY h DESC"),
    ("how many agents have a CSAT under 70 percent this year",
     "SELECT count(*) FROM (SELECT assignee_id FROM tickets WHERE status IN ('solved','closed') AND assignee_id IS"
     " NOT NULL AND solved_at >= '2026-01-01' AND solved_at < '2026-11-24' GROUP BY assignee_id HAVING 100.0 *"
     " count(*) FILTER (WHERE satisfaction = 'good') / NULLIF(count(*) FILTER (WHERE satisfaction IN"
     " ('good','bad')), 0) < 70) g"),
    # periods measured from a feature release start at its instant (feature_releases.released_at), not at midnight
    ("how many tickets came in during the 14 days after Auto-sync 2.0 shipped?",
     "SELECT count(*) FROM tickets, (SELECT released_at FROM feature_releases WHERE name = 'Auto-sync 2.0') r"
     " WHERE created_at >= r.released_at AND created_at < r.released_at + interval '14 days'"),
    ("auto-sync tickets in the 30 days after the Auto-sync 2.0 release vs the 30 days before it",
     "SELECT * FROM (SELECT count(*) FILTER (WHERE created_at >= r.released_at - interval '30 days'"
     " AND created_at < r.released_at) FROM tickets, (SELECT released_at FROM feature_releases"
     " WHERE name = 'Auto-sync 2.0') r WHERE product_area = 'auto-sync') b UNION ALL SELECT * FROM ("
     "SELECT count(*) FILTER (WHERE created_at >= r.released_at AND created_at < r.released_at + interval '30 days')"
     " FROM tickets, (SELECT released_at FROM feature_releases WHERE name = 'Auto-sync 2.0') r"
     " WHERE product_area = 'auto-sync') a"),
    ("average first response time for login tickets in the 7 days after we released two-factor authentication "
     "for all plans",
     "SELECT avg(extract(epoch FROM first_response_at - created_at) / 3600) FROM tickets, (SELECT released_at"
     " FROM feature_releases WHERE name = 'Two-factor authentication for all plans') r WHERE product_area = 'login'"
     " AND first_response_at IS NOT NULL AND created_at >= r.released_at"
     " AND created_at < r.released_at + interval '7 days'"),
    ("weekly tickets since Scheduled exports launched",
     "SELECT date_trunc('week', created_at), count(*) FROM tickets, (SELECT released_at FROM feature_releases"
     " WHERE name = 'Scheduled exports') r WHERE created_at >= r.released_at AND created_at < '2026-11-24'"
     " GROUP BY 1 ORDER BY 1"),
]


def _rows(db, sql):
    with db.admin.connect() as conn:
        return [list(r) for r in conn.execute(sa.text(sql)).all()]


def _close(got, expected):
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert [float(v) if v is not None else None for v in g[:len(e)]] == pytest.approx(
            [float(v) if v is not None else None for v in e])


@pytest.mark.parametrize("question, sql", CASES, ids=[q for q, _ in CASES])
def test_shape_matches_hand_written_sql(seeded_db, test_settings, question, sql):
    answer = ask(question, AskContext(seeded_db, test_settings, ADMIN, TEST_TODAY))
    assert answer.status == "ok", answer.reason
    expected = _rows(seeded_db, sql)
    got = [[r[0]] for r in answer.rows] if question.startswith("the 5 oldest") else answer.rows
    got = [[v for v in row if not hasattr(v, "isoformat") and not isinstance(v, str)] for row in got]
    expected = [[v for v in row if not hasattr(v, "isoformat")] for row in expected]
    _close(got, expected)
    assert expected and expected[0][0] is not None


def test_a_second_metric_word_that_qualifies_the_first_is_not_a_second_metric(seeded_db, test_settings):
    ctx = AskContext(seeded_db, test_settings, ADMIN, TEST_TODAY)
    cohort = ask("of the tickets created last week how many are solved", ctx)
    assert cohort.status == "ok" and cohort.rows == _rows(
        seeded_db, "SELECT count(*) FROM tickets WHERE status IN ('solved','closed') AND created_at >= '2026-11-16'"
                   " AND created_at < '2026-11-23'")
    reopen = ask("reopen rate for tickets solved last month", ctx)
    assert reopen.status == "ok" and len(reopen.columns) == 1


def test_several_metrics_keep_the_team_scope(seeded_db, test_settings):
    answer = ask("tickets opened vs solved last week", AskContext(seeded_db, test_settings, LEAD, TEST_TODAY))
    expected = _rows(seeded_db, "SELECT (SELECT count(*) FROM tickets WHERE team = 'Frontline' AND created_at >="
                                " '2026-11-16' AND created_at < '2026-11-23'), (SELECT count(*) FROM tickets WHERE"
                                " team = 'Frontline' AND status IN ('solved','closed') AND solved_at >= '2026-11-16'"
                                " AND solved_at < '2026-11-23')")
    assert answer.status == "ok" and answer.rows == expected
    assert answer.columns == ["tickets", "solved_tickets"] and answer.interpretation.count("team Frontline only") == 2


def test_counted_entities_keep_the_team_scope(seeded_db, test_settings):
    answer = ask("how many customers have more than 1 ticket this year", AskContext(seeded_db, test_settings, LEAD,
                                                                                  TEST_TODAY))
    expected = _rows(seeded_db, "SELECT count(*) FROM (SELECT requester_id FROM tickets WHERE team = 'Frontline' AND"
                                " created_at >= '2026-01-01' AND created_at < '2026-11-24' GROUP BY requester_id"
                                " HAVING count(*) > 1) g")
    everyone = _rows(seeded_db, "SELECT count(*) FROM (SELECT requester_id FROM tickets WHERE created_at >= "
                                "'2026-01-01' AND created_at < '2026-11-24' GROUP BY requester_id"
                                " HAVING count(*) > 1) g")
    assert answer.status == "ok" and answer.rows == expected and expected != everyone


def test_of_those_follows_the_previous_answers_tickets(seeded_db, test_settings, redis_conn):
    ctx = AskContext(seeded_db, test_settings, ADMIN, TEST_TODAY, "shapes-of-those", redis_conn)
    first = ask("how many tickets did we get last week?", ctx)
    solved = ask("how many of those are solved now?", ctx)
    expected = _rows(seeded_db, "SELECT count(*) FROM tickets WHERE status IN ('solved','closed') AND"
                                " created_at >= '2026-11-16' AND created_at < '2026-11-23'")
    assert first.status == solved.status == "ok"
    assert solved.rows == expected and solved.rows != first.rows
    assert "created 2026-11-16 – 2026-11-22" in solved.interpretation


def test_a_tag_breakdown_counts_each_ticket_under_each_of_its_tags(seeded_db, test_settings):
    ctx = AskContext(seeded_db, test_settings, LEAD, TEST_TODAY)
    every = ask("tickets by tag this year", ctx)
    asked = ask("tickets tagged billing or refund this year, per tag", ctx)
    expected = dict(map(tuple, _rows(seeded_db, "SELECT tag, count(*) FROM tickets, unnest(tags) AS tag WHERE"
                                                " team = 'Frontline' AND created_at >= '2026-01-01' AND created_at <"
                                                " '2026-11-24' GROUP BY tag")))
    assert every.status == asked.status == "ok"
    assert dict(map(tuple, every.rows)) == expected and len(expected) > 2
    assert dict(map(tuple, asked.rows)) == {t: n for t, n in expected.items() if t in ("billing", "refund")}
    assert "a ticket counts under each of its tags" in every.interpretation


_TOP_ORGS = ("SELECT organization_id FROM tickets WHERE {team} created_at >= '2026-10-01' AND created_at < '2026-11-24'"
             " GROUP BY organization_id ORDER BY count(*) DESC FETCH FIRST 5 ROWS WITH TIES")
_CSAT_OF_TOP = ("SELECT o.name, 100.0 * count(*) FILTER (WHERE t.satisfaction = 'good') / NULLIF(count(*) FILTER"
                " (WHERE t.satisfaction IN ('good','bad')), 0) FROM tickets t JOIN organizations o ON o.id ="
                " t.organization_id WHERE {team} t.status IN ('solved','closed') AND t.solved_at >= '2026-10-01' AND"
                " t.solved_at < '2026-11-24' AND t.organization_id IN ({top}) GROUP BY o.name ORDER BY o.name")


@pytest.mark.parametrize("who, team", [(ADMIN, ""), (LEAD, "team = 'Frontline' AND")], ids=["admin", "team lead"])
def test_each_of_them_measures_the_previous_top_n(seeded_db, test_settings, redis_conn, who, team):
    """'What's the CSAT for each of them?' after a top 5: those five (ranked within the asker's scope), not the
    five best CSATs and not every organization."""
    ctx = AskContext(seeded_db, test_settings, who, TEST_TODAY, f"shapes-top-{who.username}", redis_conn)
    top = ask("which 5 organizations opened the most tickets this quarter?", ctx)
    csat = ask("what's the CSAT for each of them this quarter?", ctx)
    assert top.status == csat.status == "ok", csat.reason
    expected = _rows(seeded_db, _CSAT_OF_TOP.format(team=team, top=_TOP_ORGS.format(team=team)))
    assert [r[0] for r in sorted(csat.rows)] == [r[0] for r in expected] and len(expected) >= 5
    _close([r[1:] for r in sorted(csat.rows)], [r[1:] for r in expected])
    assert sorted(r[0] for r in csat.rows) == sorted(r[0] for r in top.rows)
    assert "only the top 5 organizations of" in csat.interpretation
    assert len(csat.rows) < _rows(seeded_db, "SELECT count(*) FROM organizations")[0][0]


def test_who_are_they_assigned_to_counts_the_previous_tickets_by_agent(seeded_db, test_settings, redis_conn):
    ctx = AskContext(seeded_db, test_settings, ADMIN, TEST_TODAY, "shapes-assigned", redis_conn)
    listed = ask("list the open tickets older than a week", ctx)
    by_agent = ask("who are they assigned to?", ctx)
    expected = _rows(seeded_db, f"SELECT a.name, count(*) FROM tickets t JOIN agents a ON a.id = t.assignee_id WHERE"
                                f" {OPEN} AND t.created_at < '2026-11-16' GROUP BY a.name ORDER BY a.name")
    assert listed.status == by_agent.status == "ok", by_agent.reason
    assert sorted(by_agent.rows) == expected and expected


SENTIMENT_CASES = [
    # the customer's mood over the conversation: last customer message against the first (ticket_text)
    ("in the last 90 days, how many tickets had a customer who got angrier over the conversation?",
     "SELECT count(*) FROM tickets t JOIN ticket_text x ON x.ticket_id = t.id WHERE {team} x.sentiment_label IS NOT"
     " NULL AND x.sentiment_last < x.sentiment_first AND t.created_at >= '2026-08-26' AND t.created_at < '2026-11-24'"),
    ("tickets where sentiment improved over the conversation by channel this year",
     "SELECT t.channel, count(*) FROM tickets t JOIN ticket_text x ON x.ticket_id = t.id WHERE {team}"
     " x.sentiment_label IS NOT NULL AND x.sentiment_last > x.sentiment_first AND t.created_at >= '2026-01-01' AND"
     " t.created_at < '2026-11-24' GROUP BY t.channel ORDER BY 2 DESC, 1"),
    # the mean over customer messages, each message once (comment_sentiment), by the comment's created_at
    ("average sentiment score of customer messages per channel over the last 90 days",
     "SELECT t.channel, avg(s.score) FROM comment_sentiment s JOIN comments c ON c.id = s.comment_id JOIN tickets t"
     " ON t.id = c.ticket_id WHERE {team} c.author_type = 'customer' AND c.created_at >= '2026-08-26' AND"
     " c.created_at < '2026-11-24' GROUP BY t.channel ORDER BY 2 DESC"),
]


@pytest.mark.parametrize("who, team", [(ADMIN, ""), (LEAD, "t.team = 'Frontline' AND")], ids=["admin", "team lead"])
@pytest.mark.parametrize("question, sql", SENTIMENT_CASES, ids=[q for q, _ in SENTIMENT_CASES])
def test_sentiment_shape_matches_hand_written_sql(seeded_enriched_db, test_settings, who, team, question, sql):
    answer = ask(question, AskContext(seeded_enriched_db, test_settings, who, TEST_TODAY))
    assert answer.status == "ok", answer.reason
    expected = _rows(seeded_enriched_db, sql.format(team=team))
    assert [r[:-1] for r in answer.rows] == [r[:-1] for r in expected] and expected
    _close([r[-1:] for r in answer.rows], [r[-1:] for r in expected])


def test_a_follow_up_to_a_declined_question_does_not_edit_the_one_before(seeded_db, test_settings, redis_conn):
    """'median instead - <a reason it cannot read>' is declined; 'only the Technical team' then must not filter the
    earlier mean (an answer to a question nobody asked) but ask for the whole question."""
    ctx = AskContext(seeded_db, test_settings, ADMIN, TEST_TODAY, "shapes-after-decline", redis_conn)
    first = ask("average first response time per agent last month", ctx)
    declined = ask("median instead - the average is easy to skew with just one old ticket", ctx)
    after = ask("only the Technical team", ctx)
    assert first.status == "ok" and declined.status == after.status == "unanswerable"
    assert "earlier answer" in after.reason
    again = ask("average first response time per agent last month", ctx)
    narrowed = ask("only the Technical team", ctx)
    assert again.status == narrowed.status == "ok" and "team = Technical" in narrowed.interpretation
