"""Helpers of the signature tests: a draft letter to send, the firm's Yousign key pointed at the fake server."""

import itertools
from datetime import date

from data.integrations.yousign import YousignClient
from domain.clients.services import create_client
from domain.letters.model import EngagementLetter, LetterStatus
from domain.signatures import services
from tests.conftest import FirmFixture, random_siren
from tests.integration.compliance_support import assessed
from tests.yousign_fake import API_KEY, FakeYousign

_numbers = itertools.count(1)


def draft_letter(firm: FirmFixture, signatory: tuple[str, str, str] = ("Jeanne Dupain", "jeanne@dupain.fr",
                                                                       "06 12 34 56 78")) -> EngagementLetter:
    """A draft letter (no quote) for a new client of the firm, with its signatory."""
    c = firm.container
    client = create_client(c.firm_uow(firm.firm_id), None, c.clock,
                           {"name": f"Boulangerie Dupain {next(_numbers)}", "siren": random_siren(),
                            "legal_form": "SARL", "city": "Lyon", "postal_code": "69003", "fiscal_year_end": "31/12"})
    assessed(firm, client.id)  # the LCB-FT gate (on by default) lets its letter be sent
    name, email, phone = signatory
    with c.firm_uow(firm.firm_id) as uow:
        letter = uow.letters.add(EngagementLetter(
            id=0, number=f"LM-TEST-{next(_numbers):04d}", status=LetterStatus.DRAFT, client_id=client.id,
            fiscal_year_start=date(2027, 1, 1), fiscal_year_end=date(2027, 12, 31), created_on=c.clock.today(),
            title="Lettre de mission — exercice 2027", signatory_name=name, signatory_email=email,
            signatory_phone=phone), "", at=c.clock.now())
        uow.commit()
    return letter


def configure_yousign(firm: FirmFixture, fake: FakeYousign, key: str = API_KEY) -> None:
    c = firm.container
    services.save_yousign_key(c.firm_uow(firm.firm_id), None, c.clock, c.cipher, key, "sandbox", base_url=fake.url)


def gateway(fake: FakeYousign, waits: list | None = None) -> YousignClient:
    return YousignClient(API_KEY, fake.url, max_attempts=3, sleep=(waits if waits is not None else []).append)


def letter_of(firm: FirmFixture, letter_id: int) -> EngagementLetter:
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.letters.get(letter_id)
