"""The summary by an LLM: through the provider chain, priced into app.llm_calls, never shown ticket text."""

import sqlalchemy as sa

from supportwise.analysis import analyse
from supportwise.llm.breaker import CircuitBreaker
from supportwise.llm.chain import FallbackChain
from supportwise.llm.fake import FakeProvider
from supportwise.llm.ledger import DatabaseLedger
from supportwise.llm.pricing import Price, PriceTable
from tests.conftest import TEST_TODAY

QUESTION = "Why are customers unhappy with auto-sync?"
WRITTEN = "Duplicates and stuck syncs since Auto-sync 2.0 drive the unhappiness."


def chain(db, provider):
    # list-price a model nobody sells, so the cost is not zero
    prices = PriceTable({("anthropic", "claude-test"): Price(3.0, 15.0)})
    return FallbackChain([provider], CircuitBreaker(), DatabaseLedger(db.app), prices=prices)


def test_llm_summary_is_used_and_costed(rc_db, manager, test_settings):
    provider = FakeProvider([WRITTEN], name="anthropic", model="claude-test")
    report = analyse(rc_db, manager, QUESTION, today=TEST_TODAY, llm=chain(rc_db, provider), settings=test_settings)
    assert report.summary == WRITTEN and report.summary_engine == "llm:anthropic" and report.cost_usd > 0
    with rc_db.admin.connect() as conn:
        calls = conn.execute(sa.text("SELECT username, provider, purpose, ok, cost_usd FROM app.llm_calls")).all()
        audited = conn.execute(sa.text("SELECT cost_usd FROM app.audit_log WHERE id = :id"),
                               {"id": report.audit_id}).scalar_one()
    assert [(c.username, c.provider, c.purpose, c.ok) for c in calls] == [("morgan", "anthropic", "analysis", True)]
    assert float(calls[0].cost_usd) == report.cost_usd == float(audited)


def test_the_prompt_has_numbers_and_phrases_but_no_ticket_text(rc_db, admin, test_settings):
    provider = FakeProvider([WRITTEN], name="anthropic", model="claude-test")
    report = analyse(rc_db, admin, QUESTION, today=TEST_TODAY, llm=chain(rc_db, provider), settings=test_settings)
    (call,) = provider.calls
    assert call.kind == "complete" and str(report.ticket_count) in call.prompt
    assert report.themes[0].label in call.prompt
    with rc_db.admin.connect() as conn:
        names = [r[0] for r in conn.execute(sa.text("SELECT name FROM customers UNION SELECT name FROM agents"))]
    assert not any(quote[:60] in call.prompt for theme in report.themes for quote in theme.quotes)
    assert not any(name in call.prompt for name in names)


def test_a_failing_llm_falls_back_to_the_template(rc_db, admin, test_settings):
    provider = FakeProvider([WRITTEN], name="anthropic", model="claude-test", fail_times=5)
    report = analyse(rc_db, admin, QUESTION, today=TEST_TODAY, llm=chain(rc_db, provider), settings=test_settings)
    assert report.summary_engine == "template" and report.summary.startswith(f"{report.ticket_count:,} auto-sync")
    assert report.notices and "server-error" in report.notices[0]
    with rc_db.admin.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM app.llm_calls WHERE NOT ok")).scalar_one() == 1


def test_no_provider_means_the_template(rc_db, admin, test_settings):
    report = analyse(rc_db, admin, QUESTION, today=TEST_TODAY, settings=test_settings)  # SUPPORTWISE_LLM=none
    assert report.summary_engine == "template" and "Auto-sync 2.0" in report.summary
