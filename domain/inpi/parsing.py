"""The RNE's company JSON (`GET /api/companies/{siren}`) → CompanyRecord.

The formality lies under `formality.content`: a company (`personneMorale`) has its identity under
`identite.entreprise` / `identite.description`, its seat under `adresseEntreprise.adresse`, its managers under
`composition.pouvoirs`; a sole trader (`personnePhysique`) has the entrepreneur's person instead. Beneficial
owners (`beneficiairesEffectifs`) are present only for accounts authorised to read the RBE: their absence
means "not authorised", an empty list means "none declared". Every field is optional in the RNE: what is
missing stays empty rather than failing the whole record.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from domain.inpi.model import BeneficialOwner, CompanyRecord, InpiError, Manager

# INSEE legal categories (catégories juridiques) the firm's clients commonly have; others show their code.
LEGAL_FORMS = {
    "1000": "Entrepreneur individuel", "5202": "SNC", "5306": "SCS", "5308": "SCA", "5385": "SELAFA",
    "5485": "SELARL", "5498": "EURL", "5499": "SARL", "5599": "SA", "5699": "SA à directoire", "5710": "SAS",
    "5720": "SASU", "5785": "SELAS", "6540": "SCI", "6541": "SCI de construction-vente", "6585": "SCP",
    "6599": "Société civile", "9220": "Association déclarée",
}
# RNE role codes (roleEntreprise) of the powers.
ROLES = {
    "28": "Gérant associé indéfiniment responsable", "29": "Liquidateur", "30": "Gérant", "40": "Liquidateur",
    "51": "Président du conseil d'administration", "52": "Président du directoire", "53": "Directeur général",
    "60": "Président-directeur général", "61": "Président du conseil de surveillance",
    "63": "Membre du directoire", "64": "Membre du conseil de surveillance", "65": "Administrateur",
    "69": "Directeur général unique", "70": "Directeur général délégué",
    "71": "Commissaire aux comptes titulaire", "72": "Commissaire aux comptes suppléant", "73": "Président",
    "74": "Associé indéfiniment et solidairement responsable", "101": "Entrepreneur", "201": "Dirigeant",
    "205": "Président",
}
STREET_TYPES = {
    "RUE": "rue", "AV": "avenue", "BD": "boulevard", "PL": "place", "CHE": "chemin", "ALL": "allée",
    "IMP": "impasse", "QUA": "quai", "RTE": "route", "CRS": "cours", "SQ": "square", "PAS": "passage",
}


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _text(value) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _person_name(person: dict) -> str:
    first = person.get("prenoms")
    first_names = " ".join(_text(p) for p in first if _text(p)) if isinstance(first, list) else _text(first)
    usage = _text(person.get("nomUsage"))
    return " ".join(part for part in (first_names, usage or _text(person.get("nom"))) if part)


def _naf(code: str) -> str:
    """"6920Z" → "69.20Z" (the RNE omits the dot EEXPI writes)."""
    code = code.replace(".", "").upper()
    return f"{code[:2]}.{code[2:]}" if len(code) == 5 else code


def _cents(amount) -> int | None:
    if amount is None or isinstance(amount, bool):
        return None
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return None
    return int((value * 100).to_integral_value()) if value >= 0 else None


def _date(text) -> date | None:
    try:
        return date.fromisoformat(_text(text)[:10])
    except ValueError:
        return None


def _percent(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def address_of(block: dict) -> tuple[str, str, str]:
    """(street line, postal code, city) of an `adresseEntreprise`."""
    address = _dict(_dict(block).get("adresse"))
    street_type = _text(address.get("typeVoie"))
    street = " ".join(part for part in (
        _text(address.get("numVoie")) + _text(address.get("indiceRepetition")).lower(),
        STREET_TYPES.get(street_type.upper(), street_type), _text(address.get("voie"))) if part)
    extra = _text(address.get("complementLocalisation"))
    line = ", ".join(part for part in (extra, street) if part)
    return line, _text(address.get("codePostal")), _text(address.get("commune"))


def _manager(power: dict) -> Manager | None:
    role = _text(str(power.get("roleEntreprise") or ""))
    label = ROLES.get(role, f"Rôle {role}" if role else "")
    if power.get("typeDePersonne") == "ENTREPRISE" or "entreprise" in power:
        company = _dict(power.get("entreprise"))
        name = _text(company.get("denomination"))
        return Manager(name=name, role=label, is_company=True, siren=_text(company.get("siren"))) if name else None
    person = _dict(_dict(power.get("individu")).get("descriptionPersonne"))
    name = _person_name(person)
    label = label or _text(person.get("role"))
    return Manager(name=name, role=label, birth=_text(person.get("dateDeNaissance"))[:7]) if name else None


def _owner(entry: dict) -> BeneficialOwner | None:
    person = _dict(_dict(entry.get("beneficiaire")).get("descriptionPersonne"))
    name = _person_name(person)
    if not name:
        return None
    terms = _dict(entry.get("modalite"))
    ways = terms.get("modalitesDeControle")
    control = ", ".join(_text(w) for w in ways if _text(w)) if isinstance(ways, list) else _text(ways)
    return BeneficialOwner(name=name, birth=_text(person.get("dateDeNaissance"))[:7],
                           nationality=_text(person.get("nationalite")),
                           capital_percent=_percent(terms.get("detentionPartTotale")),
                           votes_percent=_percent(terms.get("detentionVoteTotal")), control=control)


def company_record(siren: str, payload: dict) -> CompanyRecord:
    """The record of `siren`; InpiError when the answer holds no formality of that company."""
    formality = _dict(_dict(payload).get("formality"))
    content = _dict(formality.get("content"))
    if not content or _text(formality.get("siren") or payload.get("siren")) not in ("", siren):
        raise InpiError(f"Réponse inattendue de l'INPI : aucune fiche de l'entreprise {siren}.")
    creation = _dict(content.get("natureCreation"))
    moral, physical = _dict(content.get("personneMorale")), _dict(content.get("personnePhysique"))
    if moral:
        identity = _dict(moral.get("identite"))
        company, description = _dict(identity.get("entreprise")), _dict(identity.get("description"))
        name = _text(company.get("denomination"))
        form_code = _text(str(company.get("formeJuridique") or creation.get("formeJuridique") or ""))
        capital = _cents(description.get("montantCapital"))
        powers = _dict(moral.get("composition")).get("pouvoirs")
        managers = tuple(m for m in (_manager(_dict(p)) for p in powers or []) if m) if isinstance(powers, list) else ()
        owners_raw = moral.get("beneficiairesEffectifs")
        owners = (tuple(o for o in (_owner(_dict(e)) for e in owners_raw) if o)
                  if isinstance(owners_raw, list) else None)
        block = moral
    elif physical:
        identity = _dict(physical.get("identite"))
        company = _dict(identity.get("entreprise"))
        person = _dict(_dict(identity.get("entrepreneur")).get("descriptionPersonne"))
        name = _text(company.get("denomination")) or _person_name(person)
        form_code = _text(str(creation.get("formeJuridique") or "1000"))
        capital, owners = None, None
        managers = (Manager(name=_person_name(person), role=ROLES["101"],
                            birth=_text(person.get("dateDeNaissance"))[:7]),) if _person_name(person) else ()
        block = physical
    else:
        raise InpiError(f"Réponse inattendue de l'INPI : la fiche de l'entreprise {siren} n'a ni personne morale "
                        "ni personne physique.")
    if not name:
        raise InpiError(f"Réponse inattendue de l'INPI : la fiche de l'entreprise {siren} n'a pas de dénomination.")
    line, postal_code, city = address_of(_dict(block.get("adresseEntreprise")))
    return CompanyRecord(
        siren=siren, name=name, legal_form_code=form_code, legal_form=LEGAL_FORMS.get(form_code, form_code),
        address_line=line, postal_code=postal_code, city=city, naf_code=_naf(_text(company.get("codeApe"))),
        share_capital_cents=capital, created_on=_date(creation.get("dateCreation")), managers=managers,
        beneficial_owners=owners, updated_at=_text(payload.get("updatedAt")))
