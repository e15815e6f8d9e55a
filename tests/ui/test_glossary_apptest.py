"""Readings, the glossary and verified answers in the app (Streamlit AppTest): a reading button asks that
reading; an admin edits the glossary on the Data page and marks an answer verified on the Ask page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.ui.test_pages_apptest import URGENT_LAST_WEEK, _by_label, app_scalar, as_int, open_page, scalar, sign_in


def _ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def _readings(at: AppTest, index: int) -> list:
    return [b for b in at.button if (b.key or "").startswith(f"sw_reading_{index}_")]


def _read_as(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**Read as**")]


def test_a_reading_button_asks_that_reading(app_db):
    at = _ask(open_page(sign_in("manager"), "ask"), "How many VIP tickets did we get last week?")
    assert "'VIP' can mean" in at.info[0].value
    buttons = _readings(at, 0)
    assert [b.label for b in buttons] == ["VIP as enterprise-plan customers", "VIP as tickets tagged vip"]
    buttons[1].click().run()
    assert not at.exception and not at.error
    expected = scalar(app_db, "SELECT count(*) FROM tickets WHERE 'vip' = ANY(tags) "
                              "AND created_at >= '2026-11-16' AND created_at < '2026-11-23'")
    assert as_int(at.metric[0].value) == expected
    assert "tag = vip" in _read_as(at)[-1]
    assert app_scalar(app_db, "SELECT question FROM app.audit_log WHERE action = 'question' ORDER BY id DESC "
                              "LIMIT 1") == "How many tagged vip tickets did we get last week?"


def test_an_answered_default_reading_offers_the_other(app_db):
    at = _ask(open_page(sign_in("manager"), "ask"), "How many P1 tickets came in last week?")
    assert "'P1' read as priority urgent" in _read_as(at)[0]
    [other] = _readings(at, 0)
    assert other.label == "P1 as priority high"
    other.click().run()
    expected = scalar(app_db, "SELECT count(*) FROM tickets WHERE priority = 'high' "
                              "AND created_at >= '2026-11-16' AND created_at < '2026-11-23'")
    assert as_int(at.metric[-1].value) == expected


def test_an_admin_fixes_a_word_on_the_data_page(app_db):
    at = open_page(sign_in("admin"), "data")
    _by_label(at.text_input, "Word").input("VIP")
    _by_label(at.selectbox, "Means a").set_value("value").run()
    _by_label(at.selectbox, "Meaning").set_value("plan=enterprise")
    _by_label(at.button, "Save entry").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Saved: 'VIP' means plan enterprise." in [s.value for s in at.success]
    assert list(at.dataframe[0].value["term"]) == ["VIP"]
    assert app_scalar(app_db, "SELECT detail->>'target' FROM app.audit_log WHERE action = 'glossary_save'") == \
        "plan=enterprise"
    # a meaning the layer does not have is refused with the reason, and nothing is stored
    _by_label(at.text_input, "Word").input("tix")
    _by_label(at.selectbox, "Means a").set_value("word").run()
    _by_label(at.text_input, "Meaning").input("blorps")
    _by_label(at.button, "Save entry").click().run()
    assert any("does not read 'blorps'" in e.value for e in at.error)
    assert app_scalar(app_db, "SELECT count(*) FROM app.glossary") == 1
    # the Ask page now reads VIP the team's way, and says so
    at = _ask(open_page(at, "ask"), "How many VIP tickets did we get last week?")
    assert "'VIP' = plan enterprise (team glossary)" in _read_as(at)[0]
    at = open_page(at, "data")
    _by_label(at.selectbox, "Remove an entry").set_value("VIP").run()
    _by_label(at.button, "Remove").click().run()
    assert not at.exception and app_scalar(app_db, "SELECT count(*) FROM app.glossary") == 0
    assert app_scalar(app_db, "SELECT count(*) FROM app.audit_log WHERE action = 'glossary_delete'") == 1


def test_an_admin_marks_an_answer_verified(app_db):
    at = _ask(open_page(sign_in("admin"), "ask"), URGENT_LAST_WEEK)
    _by_label(at.button, "Mark as verified").click().run()
    assert not at.exception
    assert app_scalar(app_db, "SELECT question FROM app.verified_questions") == URGENT_LAST_WEEK
    at = _ask(at, URGENT_LAST_WEEK)
    assert "answered from a verified answer" in _read_as(at)[-1]  # (its rows may come from the result cache)
    at = open_page(at, "data")
    assert list(at.dataframe[-1].value["question"]) == [URGENT_LAST_WEEK]


def test_only_admins_may_verify(app_db):
    at = _ask(open_page(sign_in("manager"), "ask"), URGENT_LAST_WEEK)
    assert not [b for b in at.button if b.label == "Mark as verified"]
