"""The one way pages show failures: a friendly sentence, details folded away, never a traceback."""

from __future__ import annotations

import contextlib
import logging
import traceback
from typing import Iterator

import streamlit as st

from supportwise.errors import ServiceUnavailable, SupportWiseError

log = logging.getLogger("supportwise.ui")

UNEXPECTED = "Something went wrong on our side. The details below help whoever maintains SupportWise."


def show_error(err: BaseException) -> None:
    """Render one error: SupportWiseError by its own message, anything else as a generic apology."""
    if isinstance(err, SupportWiseError):
        if isinstance(err, ServiceUnavailable):
            st.error(f"{err} — please try again in a minute.", icon=":material/cloud_off:")
        else:
            st.error(str(err), icon=":material/error:")
        detail = err.detail
    else:
        st.error(UNEXPECTED, icon=":material/error:")
        detail = f"{type(err).__name__}: {err}"
    if detail:
        with st.expander("Details"):
            st.code(detail, language=None)


@contextlib.contextmanager
def friendly_errors() -> Iterator[None]:
    """Catch what the block raises and show it with show_error; st.stop/st.rerun pass through.

    Streamlit's stop and rerun signals derive from BaseException, so `except Exception`
    leaves them alone.
    """
    try:
        yield
    except SupportWiseError as err:
        log.info("shown to user: %s", err)
        show_error(err)
    except Exception as err:  # noqa: BLE001 - last line of defence; logged with the traceback
        log.error("unexpected error in page\n%s", traceback.format_exc())
        show_error(err)
