"""Helpers of the Chorus Pro tests: a valid SIRET for a SIREN, a public-sector client."""

from domain.clients.services import create_client
from tests.conftest import random_siren
from tests.integration.invoices_support import uow


def siret_of(siren: str, nic: str = "0001") -> str:
    """SIREN + 4 digits + the Luhn check digit computed here: double every second digit from the right."""
    digits = [int(d) for d in siren + nic]
    total = sum(d if i % 2 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(reversed(digits)))
    return siren + nic + str((10 - total % 10) % 10)


def public_client(firm, *, service_code="SERV-FACT", commitment="EJ1300012345", service_required=False,
                  commitment_required=False, nic="0001"):
    siren = random_siren()
    form = {"name": "Commune de Saint-Genis", "siren": siren, "legal_form": "Commune",
            "address_line": "1 place de la Mairie", "postal_code": "69230", "city": "Saint-Genis-Laval",
            "email": "factures@saint-genis.fr", "public_sector": "oui", "chorus_siret": siret_of(siren, nic),
            "chorus_service_code": service_code, "chorus_commitment_number": commitment,
            "chorus_service_code_required": "oui" if service_required else "",
            "chorus_commitment_required": "oui" if commitment_required else ""}
    return create_client(uow(firm), None, firm.container.clock, form)
