"""Run a command from a page: French error on refusal, success message shown after the rerun."""

from collections.abc import Callable

import streamlit as st

from domain.errors import DomainError

_FLASH = "_flash"


def attempt(action: Callable[[], object], success: str) -> None:
    """Call `action`; on a DomainError show its message and change nothing, else rerun with `success`."""
    try:
        action()
    except DomainError as err:
        st.error(err.message)
        return
    st.session_state[_FLASH] = success
    st.rerun()


def show_flash() -> None:
    if message := st.session_state.pop(_FLASH, None):
        st.success(message)
