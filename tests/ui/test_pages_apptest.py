"""Every page for every role, through the real login form, against the seeded database (Streamlit AppTest)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from supportwise.records.roles import PAGES, Principal, pages_for

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
LOGINS = {"admin": ("admin", "admin-demo-pass"), "manager": ("manager", "manager-demo-pass"),
          "team_lead": ("lead", "lead-demo-pass"), "viewer": ("viewer", "viewer-demo-pass")}
TITLES = {"ask": "Ask", "reports": "Reports", "trends": "Trends", "costs": "Costs", "audit": "Audit", "data": "Data"}
URGENT_LAST_WEEK = "How many urgent tickets did we get last week?"
TIMEOUT = 60


def sign_in(role: str) -> AppTest:
    """A fresh session, signed in through the login form as the demo user of role."""
    username, password = LOGINS[role]
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception
    _by_label(at.text_input, "Username").input(username)
    _by_label(at.text_input, "Password").input(password)
    _by_label(at.button, "Sign in").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return cookie_written(at)


def cookie_written(at: AppTest) -> AppTest:
    """Play the browser's part after signing in: the cookie component reports the login cookie written.

    The app opens only then (ui/auth.py _await_cookie); AppTest runs no browser components.
    """
    assert [c.value for c in at.caption if c.value.startswith("Signing you in")], "not waiting for the cookie"
    at.session_state[at.session_state["sw_cookie_pending"]["key"]] = True
    at.run()
    assert not at.exception, at.exception
    assert "sw_cookie_pending" not in at.session_state
    return at


def _by_label(elements, label: str):
    matches = [e for e in elements if e.label == label]
    assert matches, f"no element labelled {label!r} among {[e.label for e in elements]}"
    return matches[0]


def open_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert [t.value for t in at.title] == [TITLES[page]]
    return at


def metric(at: AppTest, label: str) -> str:
    return _by_label(at.metric, label).value


def as_int(text: str) -> int:
    return int(text.replace(",", ""))


def scalar(database, query: str, **params):
    with database.reader.connect() as conn:
        return conn.execute(sa.text(query), params).scalar_one()


def app_scalar(database, query: str, **params):
    with database.app.connect() as conn:
        return conn.execute(sa.text(query), params).scalar_one()


def test_login_screen_shows_the_form_and_the_demo_logins(app_db):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [w.label for w in at.text_input] == ["Username", "Password"]
    hint = " ".join(c.value for c in at.caption)
    assert "lead-demo-pass" in hint and "viewer-demo-pass" in hint
    assert not at.title or [t.value for t in at.title] == ["SupportWise"]


def test_a_wrong_password_is_refused(app_db):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    _by_label(at.text_input, "Username").input("lead")
    _by_label(at.text_input, "Password").input("not-the-password")
    _by_label(at.button, "Sign in").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Wrong username or password."]
    assert app_scalar(app_db, "SELECT count(*) FROM app.audit_log WHERE action = 'login'") == 0


@pytest.mark.parametrize("role", list(LOGINS))
def test_every_role_opens_exactly_its_pages(app_db, role):
    at = sign_in(role)
    allowed = pages_for(role)
    assert [t.value for t in at.title] == [TITLES[allowed[0]]]  # the first allowed page is the home page
    for page in allowed:
        open_page(at, page)
        assert at.metric or at.button, f"{page} shows nothing for {role}"
    # Everyone's Reports page shows last week's count, scoped to the team for a team lead.
    open_page(at, "reports")
    team = "Frontline" if role == "team_lead" else None
    expected = scalar(app_db, "SELECT count(*) FROM tickets WHERE created_at >= '2026-11-16' "
                              "AND created_at < '2026-11-23' AND (CAST(:team AS text) IS NULL OR team = :team)",
                      team=team)
    assert as_int(metric(at, "Created last week")) == expected
    for page in set(PAGES) - set(allowed):
        with pytest.raises(ValueError):  # not registered in st.navigation for this role
            at.switch_page(f"app_pages/{page}.py")
    # Walking through the pages is one session: exactly one login row.
    assert app_scalar(app_db, "SELECT count(*) FROM app.audit_log WHERE action = 'login' AND username = :u",
                      u=LOGINS[role][0]) == 1


@pytest.mark.parametrize("page", ["ask", "trends", "costs", "audit"])
def test_a_page_refuses_a_role_that_may_not_open_it(app_db, page):
    at = AppTest.from_file(str(ROOT / "app_pages" / f"{page}.py"), default_timeout=TIMEOUT)
    at.session_state["sw_principal"] = Principal("viewer", "viewer")
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [f"Your role (Viewer) can't open the {TITLES[page]} page."]
    assert not at.metric and not at.title


def test_a_page_refuses_without_login(app_db):
    at = AppTest.from_file(str(ROOT / "app_pages" / "reports.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "Please sign in first" in at.error[0].value
    assert not at.metric


def test_reports_show_the_team_leads_weekly_numbers(app_db):
    at = open_page(sign_in("team_lead"), "reports")
    expected = scalar(app_db, "SELECT count(*) FROM tickets WHERE team = 'Frontline' "
                              "AND created_at >= '2026-11-16' AND created_at < '2026-11-23'")
    assert expected > 0
    assert as_int(metric(at, "Created last week")) == expected
    weekly = at.dataframe[0].value
    assert len(weekly) == 9 and weekly["created"].sum() > expected
    assert "Frontline" in " ".join(c.value for c in at.caption)


def test_trends_cards_match_sql(app_db):
    at = open_page(sign_in("manager"), "trends")
    created = scalar(app_db, "SELECT count(*) FROM tickets WHERE created_at >= '2026-10-27' "
                             "AND created_at < '2026-11-24'")
    backlog = scalar(app_db, "SELECT count(*) FROM tickets WHERE status IN ('new', 'open', 'pending', 'on_hold')")
    assert as_int(metric(at, "Tickets created")) == created
    assert as_int(metric(at, "Open backlog now")) == backlog
    # A narrower period recomputes the cards.
    at.date_input[0].set_value((date(2026, 11, 16), date(2026, 11, 22))).run()
    week = scalar(app_db, "SELECT count(*) FROM tickets WHERE created_at >= '2026-11-16' "
                          "AND created_at < '2026-11-23'")
    assert not at.exception and as_int(metric(at, "Tickets created")) == week


def test_asking_shows_the_scoped_count(app_db):
    at = open_page(sign_in("team_lead"), "ask")
    at.chat_input[0].set_value(URGENT_LAST_WEEK).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    expected = scalar(app_db, "SELECT count(*) FROM tickets WHERE priority = 'urgent' AND team = 'Frontline' "
                              "AND created_at >= '2026-11-16' AND created_at < '2026-11-23'")
    assert as_int(at.metric[0].value) == expected
    assert any("team Frontline only" in m.value for m in at.markdown)
    assert any("Frontline" in c.value for c in at.code)  # the SQL expander shows the scoped SQL
    # The conversation stays on screen after the next rerun.
    at.run()
    assert [m.value for m in at.chat_message[0].markdown] == [URGENT_LAST_WEEK]
    assert as_int(at.metric[0].value) == expected


def test_a_follow_up_edits_the_previous_question(app_db):
    at = open_page(sign_in("admin"), "ask")
    at.chat_input[0].set_value(URGENT_LAST_WEEK).run()
    at.chat_input[0].set_value("what about the week before?").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    expected = scalar(app_db, "SELECT count(*) FROM tickets WHERE priority = 'urgent' "
                              "AND created_at >= '2026-11-09' AND created_at < '2026-11-16'")
    assert len(at.metric) == 2 and as_int(at.metric[1].value) == expected
    _by_label(at.sidebar.button, "New conversation").click().run()
    assert not at.chat_message and not at.metric


def test_a_starter_button_asks_its_question_and_draws_a_chart(app_db):
    at = open_page(sign_in("admin"), "ask")
    _by_label(at.button, "Tickets by product area this month").click().run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    expected = scalar(app_db, "SELECT count(*) FROM tickets WHERE created_at >= '2026-11-01' "
                              "AND created_at < '2026-11-24'")
    assert list(table.columns) == ["product_area", "tickets"] and table["tickets"].sum() == expected
    assert list(table["tickets"]) == sorted(table["tickets"], reverse=True)
    [chart] = at.get("vega_lite_chart")
    encoding = json.loads(chart.proto.spec)["encoding"]
    assert encoding["x"]["field"] == "product_area" and encoding["x"]["sort"] == "-y"
    assert encoding["y"]["field"] == "tickets"


def test_unanswerable_and_rejected_questions(app_db):
    at = open_page(sign_in("admin"), "ask")
    at.chat_input[0].set_value("What is the weather in Paris?").run()
    assert not at.exception and at.info, "an unanswerable question gets a friendly note"
    suggestions = [b for b in at.button if (b.key or "").startswith("sw_suggestion_")]
    assert suggestions, "the note offers questions that can be answered"
    asked = suggestions[0].label
    suggestions[0].click().run()  # a suggestion asks itself
    assert not at.exception and not at.error
    typed = [m.markdown[0].value for m in at.chat_message if m.name == "user"]
    assert typed == ["What is the weather in Paris?", asked]
    assert at.metric or at.dataframe
    before = scalar(app_db, "SELECT count(*) FROM tickets")
    at.chat_input[0].set_value("Delete all tickets from last week").run()
    assert not at.exception
    last = [m for m in at.chat_message if m.name == "assistant"][-1]
    assert last.warning and not last.metric and not last.expander, "a rejected request runs no SQL"
    assert scalar(app_db, "SELECT count(*) FROM tickets") == before


def test_costs_and_audit_show_the_questions_asked(app_db):
    at = open_page(sign_in("admin"), "ask")
    at.chat_input[0].set_value(URGENT_LAST_WEEK).run()
    open_page(at, "costs")
    assert as_int(metric(at, "Questions asked")) == 1
    assert as_int(metric(at, "Answered")) == 1
    assert metric(at, "LLM spend") == "$0.00"
    assert "answered offline" in at.info[0].value
    open_page(at, "audit")
    rows = at.dataframe[0].value
    assert list(rows["action"]) == ["question", "login"]
    assert at.get("download_button")
    _by_label(at.text_input, "User").input("nobody").run()
    assert "No audit rows" in at.info[0].value
    _by_label(at.button, "Verify chain").click().run()
    assert not at.exception
    assert at.success[0].value == "The chain is intact: 2 rows checked."


def test_the_audit_page_filters_every_action_and_shows_an_exports_file(app_db):
    from supportwise.records import audit

    admin = Principal("admin", "admin")
    audit.record(app_db.app, admin, "export", question="q", row_count=3,
                 detail={"format": "csv", "filename": "supportwise-q-2026-11-23.csv", "bytes": 10})
    for action in ("analysis", "report_save", "feedback"):
        audit.record(app_db.app, admin, action, question=f"{action}?")
    at = open_page(sign_in("admin"), "audit")
    chooser = _by_label(at.selectbox, "Action")
    assert {"export", "analysis", "report_save", "feedback"} <= set(chooser.options)
    chooser.set_value("export").run()
    rows = at.dataframe[0].value
    assert list(rows["action"]) == ["export"]
    assert (rows["format"][0], rows["file_name"][0]) == ("csv", "supportwise-q-2026-11-23.csv")
    for action in ("analysis", "report_save", "feedback"):
        _by_label(at.selectbox, "Action").set_value(action).run()
        assert list(at.dataframe[0].value["question"]) == [f"{action}?"]


def test_logout_returns_to_the_login_form(app_db):
    at = sign_in("viewer")
    assert [t.value for t in at.title] == ["Reports"]
    _by_label(at.sidebar.button, "Log out").click().run()
    assert not at.exception
    assert [w.label for w in at.text_input] == ["Username", "Password"]
    actions = app_scalar(app_db, "SELECT string_agg(action, ',' ORDER BY id) FROM app.audit_log")
    assert actions == "login,logout"
