"""The demo LCB-FT parties seed on SQLite and PostgreSQL, run on a firm of 24 companies: the five ownership
patterns, the legal representative by default, PEP (one no longer a PEP), the client operating in a high-risk
country, and the gaps in evidence."""

from datetime import date

from data.seeding.compliance_parties import seed_compliance_parties
from domain.clients import services as clients
from domain.clients.model import ClientFilter
from domain.compliance import party_services as ps
from domain.compliance.parties import ControlType
from tests.conftest import random_siren

TODAY = date(2026, 11, 20)


def seeded(firm) -> list:
    c = firm.container
    for n in range(24):
        clients.create_client(c.firm_uow(firm.firm_id), None, c.clock,
                              {"name": f"Société {n:02d}", "siren": random_siren()})
    with c.firm_uow(firm.firm_id) as uow:
        assert seed_compliance_parties(uow, today=TODAY) == 5 * 2 + 5 * 3 + 5 * 5 + 5 * 2 + 4 * 2  # 68 persons
        uow.commit()
        return [ps.build_file(uow, client, TODAY) for client in sorted(uow.clients.search(ClientFilter()), key=lambda x: x.id)]


def test_the_demo_files(firm):
    files = seeded(firm)
    assert len(files) == 24
    # Pattern 2 (five holders of 20 %): the legal representative stands in.
    assert files[2].ownership.by_default
    assert files[2].ownership.owners[0].controls == (ControlType.LEGAL_REPRESENTATIVE,)
    # Pattern 3: 10 % direct + 60 % × 50 % through a holding = 40 %.
    indirect = next(f.party for f in files[3].ownership.owners if f.party.holdings)
    assert indirect.total_capital == 40
    # Three PEP or relatives today; the ambassador left office on 30/06/2024 and no longer counts.
    assert [i for i, f in enumerate(files) if f.has_pep] == [5, 9, 21]
    assert [i for i, f in enumerate(files) if f.hits] == [3]
    assert files[3].hits[0].country == "CI"
    # Gaps: no Kbis on every seventh company, an expired ID on every sixth, a stale extract.
    assert [i for i, f in enumerate(files) if "Extrait Kbis de moins de 3 mois" in f.missing] == [6, 8, 13, 20, 21]
    assert [i for i, f in enumerate(files) if any(line.flags for line in f.evidence)] == [5, 8, 11, 17, 21, 23]
    assert [i for i, f in enumerate(files) if f.divergences] == [4, 15]
