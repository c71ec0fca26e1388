"""Port of the INPI RNE connector."""

from __future__ import annotations

from typing import Protocol

from domain.inpi.model import CompanyRecord


class InpiGateway(Protocol):
    """One firm's access to the RNE API (login, then Bearer token); InpiError in French."""

    def company(self, siren: str) -> CompanyRecord: ...  # InpiError when unknown
    def check_connection(self) -> None: ...
