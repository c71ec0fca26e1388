"""Ports of the Chorus Pro deposits: the PISTE gateway and the deposits' storage."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from domain.chorus.model import ChorusDeposit, DepositStatus, FlowReport


class ChorusGateway(Protocol):
    """One firm's access to Chorus Pro (PISTE OAuth2 token + technical account); ChorusError in French."""

    def deposit(self, file_name: str, content: bytes, syntax: str) -> str: ...  # → numeroFluxDepot
    def flow_report(self, flow_number: str, syntax: str) -> FlowReport: ...
    def check_connection(self) -> None: ...


class ChorusDepositRepo(Protocol):
    def add(self, deposit: ChorusDeposit) -> ChorusDeposit: ...
    def get(self, deposit_id: int) -> ChorusDeposit | None: ...
    def latest(self, invoice_id: int) -> ChorusDeposit | None: ...
    def latest_for(self, invoice_ids: Iterable[int]) -> dict[int, ChorusDeposit]: ...
    def pending(self) -> list[ChorusDeposit]: ...  # not integrated nor rejected, oldest first
    def set_status(self, deposit_id: int, status: DepositStatus, flow_state: str, message: str,
                   checked_at: datetime) -> None: ...
