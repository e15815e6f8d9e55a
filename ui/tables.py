"""One way to show a result table: the rows, or a note saying why there are none."""

from __future__ import annotations

import pandas as pd
import streamlit as st


def table_or_note(frame: pd.DataFrame, empty_note: str, icon: str, **column_config) -> bool:
    """Show frame (column formats as keyword arguments), or an info note when it is empty; True if shown."""
    if frame.empty:
        st.info(empty_note, icon=icon)
        return False
    st.dataframe(frame, hide_index=True, width="stretch", column_config=column_config)
    return True
