"""The Ask page with a configured model that writes SQL (OpenAI-compatible, replayed on 127.0.0.1):
the answer says the SQL was written by the model and checked by the guard; a refused one is a warning."""

from __future__ import annotations

import pytest
import streamlit as st

from supportwise.platform.settings import reset_settings
from tests.llm.replay_server import ReplayServer
from tests.ui.test_ask_page_apptest import _ask
from tests.ui.test_pages_apptest import app_scalar, open_page, scalar, sign_in

QUESTION = "flurbish: how many customers have raised more than ten tickets?"


@pytest.fixture
def model(app_db, monkeypatch):
    """A replay server the app uses as its only LLM provider."""
    with ReplayServer() as server:
        monkeypatch.setenv("SUPPORTWISE_LLM", "openai")
        monkeypatch.setenv("SUPPORTWISE_LLM_URL", server.url + "/v1")
        reset_settings()
        st.cache_resource.clear()
        yield server


def _last_answer(at):
    return [m for m in at.chat_message if m.name == "assistant"][-1]


def test_model_sql_is_shown_as_written_by_the_model_and_checked_by_the_guard(app_db, model):
    model.reply(200, "openai/chat_completion_spec_needs_sql").reply(200, "openai/chat_completion_sql")
    at = _ask(open_page(sign_in("manager"), "ask"), QUESTION)
    expected = scalar(app_db, "SELECT count(*) FROM (SELECT requester_id FROM tickets GROUP BY requester_id "
                              "HAVING count(*) > 10) AS c")
    last = _last_answer(at)
    assert int(last.metric[0].value.replace(",", "")) == expected
    captions = [c.value for c in last.caption]
    assert any("SQL written by the model, checked by the guard" in c and "openai" in c for c in captions), captions
    assert any("written by the model" in m.value and "checked by the guard" in m.value for m in last.markdown)
    assert len(model.requests) == 2


def test_refused_model_sql_is_a_warning_and_nothing_runs(app_db, model):
    model.reply(200, "openai/chat_completion_spec_needs_sql").reply(200, "openai/chat_completion_sql_hostile")
    at = _ask(open_page(sign_in("manager"), "ask"), QUESTION)
    last = _last_answer(at)
    assert last.warning and "guard refused" in last.warning[0].value
    assert not last.metric and not last.dataframe
    assert app_scalar(app_db, "SELECT count(*) FROM app.audit_log WHERE status = 'rejected' "
                              "AND detail ? 'model_sql'") == 1
