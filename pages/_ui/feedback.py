"""Run a command from a page: French error on refusal, success message shown after the rerun."""

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from domain.errors import DomainError

_FLASH = "_flash"
T = TypeVar("T")


def attempt(action: Callable[[], T], success: str | Callable[[T], str]) -> None:
    """Call `action`; on a DomainError show its message and change nothing, else rerun with `success` (a text,
    or a function of what the action returned, e.g. the reference of the document it created)."""
    try:
        result = action()
    except DomainError as err:
        st.error(err.message)
        return
    st.session_state[_FLASH] = success(result) if callable(success) else success
    st.rerun()


def show_flash() -> None:
    if message := st.session_state.pop(_FLASH, None):
        st.success(message)
