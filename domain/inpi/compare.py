"""The RNE record against the firm's client file: a pre-filled client form, and the fields that differ.

Spelling is not a difference: the RNE writes in capitals and without the NAF code's dot, the firm may write
"Lyon" or "69.20Z"; case, accents, punctuation and spaces are ignored. An empty field on the firm's side is a
difference (the RNE knows something the file lacks); an empty field on the RNE side is not (nothing to say).
"""

import unicodedata

from domain.clients.model import Client
from domain.clients.validation import share_capital_text
from domain.inpi.model import CompanyRecord, Difference


def prefill_form(record: CompanyRecord) -> dict[str, str]:
    """The client form's fields the RNE can fill (by field name of domain.clients.validation)."""
    form = {"kind": "company", "siren": record.siren, "name": record.name, "legal_form": record.legal_form,
            "naf_code": record.naf_code, "address_line": record.address_line, "postal_code": record.postal_code,
            "city": record.city, "share_capital": share_capital_text(record.share_capital_cents)}
    return {field: value for field, value in form.items() if value}


def _plain(text: str) -> str:
    """Lower case, no accents, letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed.casefold() if ch.isalnum())


def differences(client: Client, record: CompanyRecord) -> list[Difference]:
    registry = prefill_form(record)
    recorded = {"name": client.name, "legal_form": client.legal_form, "naf_code": client.naf_code,
                "address_line": client.address_line, "postal_code": client.postal_code, "city": client.city,
                "share_capital": share_capital_text(client.share_capital_cents)}
    labels = {"name": "Dénomination", "legal_form": "Forme juridique", "naf_code": "Code NAF",
              "address_line": "Adresse du siège", "postal_code": "Code postal", "city": "Ville",
              "share_capital": "Capital social (€)"}
    found = []
    for field, label in labels.items():
        theirs = registry.get(field, "")
        if theirs and _plain(theirs) != _plain(recorded[field]):
            found.append(Difference(label=label, recorded=recorded[field], registry=theirs))
    return found


def _person_key(name: str) -> str:
    """"MARTIN Sophie" and "Sophie Martin" are the same person: words compared without case, accents or order."""
    return " ".join(sorted(_plain(word) for word in (name or "").split() if _plain(word)))


def _percent(value) -> str:
    return "—" if value is None else f"{float(value):.2f}".replace(".", ",").replace(",00", "") + " %"


def owner_differences(record: CompanyRecord, owners: list[tuple[str, object, object]]) -> list[Difference]:
    """The beneficial owners declared to the RBE against those of the firm's file (name, % capital, % votes).
    Each difference may be a divergence the firm must report to the greffe (CMF L561-47-1). Nothing when the
    account may not read the RBE."""
    if record.beneficial_owners is None:
        return []
    declared = {_person_key(o.name): o for o in record.beneficial_owners}
    recorded = {_person_key(name): (name, capital, votes) for name, capital, votes in owners}
    found = []
    for key, owner in declared.items():
        mine = recorded.get(key)
        if mine is None:
            found.append(Difference(f"Bénéficiaire effectif {owner.name}", "absent du dossier",
                                    f"capital {_percent(owner.capital_percent)}, votes {_percent(owner.votes_percent)}"))
            continue
        ours = (_percent(mine[1]), _percent(mine[2]))
        theirs = (_percent(owner.capital_percent), _percent(owner.votes_percent))
        if owner.capital_percent is not None and ours != theirs:
            found.append(Difference(f"Bénéficiaire effectif {owner.name}", f"capital {ours[0]}, votes {ours[1]}",
                                    f"capital {theirs[0]}, votes {theirs[1]}"))
    for key, (name, capital, votes) in recorded.items():
        if key not in declared:
            found.append(Difference(f"Bénéficiaire effectif {name}",
                                    f"capital {_percent(capital)}, votes {_percent(votes)}", "non déclaré au RBE"))
    return found
