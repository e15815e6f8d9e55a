"""ui.errors: a SupportWiseError shows its own message, anything else a generic one; details fold away."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui.errors import UNEXPECTED


def _failing_page():
    import streamlit as st

    from supportwise.errors import InvalidInput
    from ui.errors import friendly_errors

    with friendly_errors():
        raise InvalidInput("The end date is before the start date", detail="start=2026-11-23 end=2026-11-01")
    with friendly_errors():
        raise KeyError("weekly")
    with friendly_errors():
        st.write("still rendered")
    st.write("after the blocks")


def test_errors_are_friendly_and_the_page_goes_on():
    at = AppTest.from_function(_failing_page).run()
    assert not at.exception, "no traceback reaches the page"
    assert [e.value for e in at.error] == ["The end date is before the start date", UNEXPECTED]
    assert [x.label for x in at.expander] == ["Details", "Details"]
    assert [c.value for c in at.code] == ["start=2026-11-23 end=2026-11-01", "KeyError: 'weekly'"]
    assert [m.value for m in at.markdown][-2:] == ["still rendered", "after the blocks"]


def _stopping_page():
    import streamlit as st

    from ui.errors import friendly_errors

    with friendly_errors():
        st.write("before stop")
        st.stop()
    st.write("never shown")


def test_stop_passes_through():
    at = AppTest.from_function(_stopping_page).run()
    assert not at.exception and not at.error
    assert [m.value for m in at.markdown] == ["before stop"]
