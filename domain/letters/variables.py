"""The variables a letter template may use: the render context, and its documentation for the admin page.

The context is made of plain dicts, lists, strings, integers (cents, minutes) and dates, so the sandboxed
template reads `cabinet.nom`, loops `{% for mission in missions %}` and formats with the filters
`eur` (cents → 1 234,56 €), `day` (date → 22/11/2026), `month` (date → novembre 2026), `hours`
(minutes → 28,5 h). `VARIABLES` documents every key the context holds; a unit test keeps both in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from domain.catalogue.model import BillingMode, DueAnchor, DueRule, MissionType, TaskTemplate
from domain.clients.model import Client, ClientKind, Contact
from domain.engagements.model import Mission
from domain.engagements.schedule import fiscal_year_from_start, instalments_for, share_out
from domain.firm.model import FirmIdentity, Grade, GradeRate, rate_in_force
from domain.formatting import day as day_label
from domain.letters.model import EngagementLetter, LetterKind, LetterStatus
from domain.quotes.model import GradeHours, LineKind, Quote, QuoteLine, QuoteStatus
from domain.subscription.model import IndexValue

# What the client does in every engagement (annex "Répartition des tâches"); the firm's side comes from the
# work programme of each mission type.
CLIENT_TASKS = (
    ("Transmettre les pièces justificatives (achats, ventes, frais) et les relevés bancaires", "Mensuelle",
     "le 10 du mois suivant"),
    ("Tenir la caisse et conserver les justificatifs originaux", "Permanente", "—"),
    ("Communiquer les éléments variables de paie (absences, primes, entrées et sorties)", "Mensuelle",
     "le 20 du mois"),
    ("Réaliser l'inventaire physique des stocks et en transmettre la valorisation", "Annuelle",
     "dans les 15 jours suivant la clôture"),
    ("Signaler tout événement significatif (litige, contrôle, sinistre, changement de dirigeant)", "Ponctuelle",
     "dès sa survenance"),
    ("Signer la lettre d'affirmation et approuver les comptes annuels", "Annuelle", "avant le dépôt des comptes"),
)


@dataclass(frozen=True, slots=True)
class LetterData:
    """Everything a letter's text is made of, gathered by the services (or a sample for the preview)."""

    firm: FirmIdentity
    client: Client
    letter: EngagementLetter
    today: date
    quote: Quote | None = None
    mission_types: dict[int, MissionType] = field(default_factory=dict)
    grades: tuple[Grade, ...] = ()
    rates: tuple[GradeRate, ...] = ()
    syntec: IndexValue | None = None
    amended: EngagementLetter | None = None


def _address(line: str, postal_code: str, city: str) -> str:
    return ", ".join(part for part in (line, " ".join(p for p in (postal_code, city) if p)) if part)


def _firm(firm: FirmIdentity) -> dict:
    rcs = f"RCS {firm.rcs_city} {_siren_spaced(firm.siren)}" if firm.rcs_city and firm.siren else ""
    return {"nom": firm.name, "forme_juridique": firm.legal_form, "capital": firm.share_capital_cents,
            "adresse": _address(firm.address_line, firm.postal_code, firm.city), "ville": firm.city,
            "siren": firm.siren, "siret": firm.siret, "rcs": rcs, "tva": firm.vat_number,
            "numero_ordre": firm.ordre_number, "email": firm.email, "telephone": firm.phone}


def _siren_spaced(siren: str | None) -> str:
    siren = siren or ""
    return " ".join(siren[i:i + 3] for i in range(0, len(siren), 3))


def _client(client: Client) -> dict:
    return {"nom": client.name, "societe": client.kind is ClientKind.COMPANY, "forme_juridique": client.legal_form,
            "siren": _siren_spaced(client.siren), "tva": client.vat_number,
            "adresse": _address(client.address_line, client.postal_code, client.city),
            "capital": client.share_capital_cents or 0, "cloture": client.fiscal_year_end_label}


def _signatory(letter: EngagementLetter) -> dict:
    return {"nom": letter.signatory_name, "email": letter.signatory_email, "telephone": letter.signatory_phone}


def _letter(letter: EngagementLetter, amended: EngagementLetter | None) -> dict:
    return {"reference": letter.reference, "numero": letter.number, "version": letter.version,
            "titre": letter.title or letter.kind.label, "date": letter.created_on,
            "avenant": letter.kind is LetterKind.AMENDMENT, "expire_le": letter.expires_on,
            "lettre_initiale": amended.reference if amended else "",
            "lettre_initiale_signee_le": amended.decided_on if amended else None}


def mission_fees(quote: Quote) -> list[int]:
    """The priced lines' fees once the quote's discount is shared out over its forfaits (over every priced
    line when it has no forfait), so that the missions sum to the quote's total HT."""
    lines = quote.priced_lines
    fees = [line.fee_cents for line in lines]
    if not quote.discount_cents:
        return fees
    indices = [i for i, line in enumerate(lines) if line.billing_mode.is_forfait] or list(range(len(lines)))
    cuts = share_out(quote.discount_cents, [fees[i] for i in indices])
    for i, cut in zip(indices, cuts, strict=True):
        fees[i] -= cut
    return fees


def _tasks(mission_type: MissionType | None, start: date, end: date) -> list[dict]:
    if mission_type is None:
        return []
    return [{"libelle": t.label, "echeance": t.due.due_on(start, end), "regle": t.due.label,
             "minutes": t.total_minutes}
            for t in sorted(mission_type.tasks, key=lambda t: (t.position, t.id))]


def _missions(data: LetterData, start: date, end: date) -> list[dict]:
    quote = data.quote
    if quote is None:
        return []
    grade_labels = {g.id: g.label for g in data.grades}
    missions = []
    for line, fee in zip(quote.priced_lines, mission_fees(quote), strict=True):
        mission_type = data.mission_types.get(line.mission_type_id) if line.mission_type_id else None
        monthly = line.billing_mode is BillingMode.MONTHLY or (quote.monthly and line.billing_mode.is_forfait)
        missions.append({
            "libelle": line.label, "type": mission_type.label if mission_type else line.label,
            "norme": mission_type.norm_reference if mission_type else "",
            "perimetre": mission_type.scope if mission_type else "",
            "exclusions": mission_type.exclusions if mission_type else "",
            "mode": line.billing_mode.value, "mode_libelle": line.billing_mode.label,
            "mensualise": monthly, "honoraires": fee, "mensualite": fee // 12 if monthly else 0,
            "quantite": line.quantity or 0, "prix_unitaire": line.unit_price_cents or 0,
            "unite": mission_type.unit_label if mission_type and mission_type.unit_label else "unité",
            "minutes": line.minutes,
            "heures": [{"grade": grade_labels.get(h.grade_id, ""), "minutes": h.minutes}
                       for h in line.hours if h.minutes],
            "taches": _tasks(mission_type, start, end)})
    return missions


def _schedule(data: LetterData, start: date, end: date) -> list[dict]:
    quote = data.quote
    if quote is None:
        return []
    planned = []
    for index, (line, fee) in enumerate(zip(quote.priced_lines, mission_fees(quote), strict=True)):
        mission = Mission(id=index, client_id=data.client.id, label=line.label, fiscal_year_start=start,
                          fiscal_year_end=end, billing_mode=line.billing_mode, created_on=data.today, fee_cents=fee)
        planned.extend(instalments_for(mission, 0, monthly=quote.monthly))
    by_day: dict[date, int] = {}
    for instalment in planned:
        by_day[instalment.due_on] = by_day.get(instalment.due_on, 0) + instalment.amount_cents
    return [{"echeance": due, "montant": amount} for due, amount in sorted(by_day.items())]


def _rates(data: LetterData) -> list[dict]:
    rates = []
    for grade in sorted(data.grades, key=lambda g: g.rank):
        rate = rate_in_force(list(data.rates), grade.id, data.today)
        if rate is not None:
            rates.append({"grade": grade.label, "taux": rate.selling_rate_cents})
    return rates


def _fees(data: LetterData, start: date, end: date) -> dict:
    quote = data.quote
    if quote is None:
        return {"total_ht": 0, "remise": 0, "taux_tva": "20 %", "tva": 0, "total_ttc": 0, "mensualise": False,
                "mensualite": 0, "echeancier": [], "taux_horaires": _rates(data), "travaux_complementaires": []}
    rate = quote.vat_rate_bp / 100
    schedule = _schedule(data, start, end)
    monthly = [m for m in _missions(data, start, end) if m["mensualise"]]
    return {"total_ht": quote.total_ht_cents, "remise": quote.discount_cents,
            "taux_tva": f"{rate:g} %".replace(".", ","), "tva": quote.vat_cents, "total_ttc": quote.total_ttc_cents,
            "mensualise": quote.monthly, "mensualite": sum(m["mensualite"] for m in monthly),
            "echeancier": schedule, "taux_horaires": _rates(data),
            "travaux_complementaires": [{"libelle": line.label, "minutes": line.minutes}
                                        for line in quote.extra_lines]}


def _annex(missions: list[dict]) -> list[dict]:
    rows = [{"tache": label, "intervenant": "Client", "frequence": frequency, "echeance": deadline}
            for label, frequency, deadline in CLIENT_TASKS]
    for mission in missions:
        for task in mission["taches"]:
            rows.append({"tache": f"{mission['type']} : {task['libelle']}", "intervenant": "Cabinet",
                         "frequence": f"Exercice ({task['regle']})", "echeance": day_label(task["echeance"])})
    return rows


def build_context(data: LetterData) -> dict:
    start, end = data.letter.fiscal_year_start, data.letter.fiscal_year_end
    missions = _missions(data, start, end)
    syntec = data.syntec
    return {
        "cabinet": _firm(data.firm),
        "client": _client(data.client),
        "signataire": _signatory(data.letter),
        "lettre": _letter(data.letter, data.amended),
        "exercice": {"debut": start, "fin": end},
        "missions": missions,
        "repartition": _annex(missions),
        "honoraires": _fees(data, start, end),
        "indexation": {"indice": "SYNTEC", "mois_reference": syntec.month if syntec else None,
                       "valeur_reference": f"{syntec.value}".replace(".", ",") if syntec else ""},
        "date_du_jour": data.today,
    }


# (variable, description, example) for the admin page; `missions[].x` is `mission.x` inside
# `{% for mission in missions %}`.
VARIABLES: tuple[tuple[str, str, str], ...] = (
    ("cabinet.nom", "Dénomination du cabinet", "Cabinet Verger & Associés"),
    ("cabinet.forme_juridique", "Forme juridique du cabinet", "SAS"),
    ("cabinet.capital", "Capital social du cabinet, en centimes (filtre eur)", "{{ cabinet.capital | eur }}"),
    ("cabinet.adresse", "Adresse du siège", "12 rue de la République, 69002 Lyon"),
    ("cabinet.ville", "Ville du siège (lieu de signature)", "Lyon"),
    ("cabinet.siren", "SIREN du cabinet", "123456789"),
    ("cabinet.siret", "SIRET du siège", "12345678900012"),
    ("cabinet.rcs", "Immatriculation au RCS (ville et numéro)", "RCS Lyon 123 456 789"),
    ("cabinet.tva", "Numéro de TVA intracommunautaire du cabinet", "FR12123456789"),
    ("cabinet.numero_ordre", "Numéro d'inscription au tableau de l'Ordre des experts-comptables", "14-000123-01"),
    ("cabinet.email", "Adresse électronique du cabinet", "contact@cabinet.fr"),
    ("cabinet.telephone", "Téléphone du cabinet", "04 78 00 00 00"),
    ("client.nom", "Dénomination ou nom du client", "Boulangerie Dupain SARL"),
    ("client.societe", "Vrai si le client est une société (sinon un particulier)",
     "{% if client.societe %}…{% endif %}"),
    ("client.forme_juridique", "Forme juridique du client", "SARL"),
    ("client.siren", "SIREN du client, groupé par trois chiffres", "552 100 554"),
    ("client.tva", "Numéro de TVA intracommunautaire du client", "FR40552100554"),
    ("client.adresse", "Adresse du client", "3 place du Marché, 69001 Lyon"),
    ("client.capital", "Capital social du client, en centimes (0 si inconnu)", "{{ client.capital | eur }}"),
    ("client.cloture", "Date de clôture habituelle (JJ/MM)", "31/12"),
    ("signataire.nom", "Nom du signataire pour le client", "Marie Dupain"),
    ("signataire.email", "Adresse électronique du signataire", "marie@dupain.fr"),
    ("signataire.telephone", "Téléphone du signataire", "06 12 34 56 78"),
    ("lettre.reference", "Numéro et version de la lettre", "LM2026-00012-v2"),
    ("lettre.numero", "Numéro de la lettre (commun à ses versions)", "LM2026-00012"),
    ("lettre.version", "Numéro de version", "2"),
    ("lettre.titre", "Titre de la lettre", "Lettre de mission 2027"),
    ("lettre.date", "Date d'établissement (filtre day)", "{{ lettre.date | day }}"),
    ("lettre.avenant", "Vrai pour un avenant", "{% if lettre.avenant %}…{% endif %}"),
    ("lettre.expire_le", "Date limite de signature (vide tant que la lettre n'est pas à signer)",
     "{{ lettre.expire_le | day }}"),
    ("lettre.lettre_initiale", "Avenant : référence de la lettre modifiée", "LM2026-00003"),
    ("lettre.lettre_initiale_signee_le", "Avenant : date de signature de la lettre modifiée",
     "{{ lettre.lettre_initiale_signee_le | day }}"),
    ("exercice.debut", "Premier jour de l'exercice couvert", "{{ exercice.debut | day }}"),
    ("exercice.fin", "Date de clôture de l'exercice couvert", "{{ exercice.fin | day }}"),
    ("missions", "Liste des missions (boucle {% for mission in missions %})", "{{ missions | length }}"),
    ("missions[].libelle", "Libellé de la mission", "Tenue comptable"),
    ("missions[].type", "Type de mission du catalogue", "Établissement des comptes annuels"),
    ("missions[].norme", "Norme professionnelle applicable", "NP 2300 — présentation des comptes"),
    ("missions[].perimetre", "Objet et limites de la mission", "Présentation des comptes annuels…"),
    ("missions[].exclusions", "Ce qui n'est pas compris dans la mission", "Audit légal, travaux juridiques…"),
    ("missions[].mode", "Mode de facturation (code)", "forfait_mensualise"),
    ("missions[].mode_libelle", "Mode de facturation", "Forfait mensualisé"),
    ("missions[].mensualise", "Vrai si la mission est facturée chaque mois", "{% if mission.mensualise %}…{% endif %}"),
    ("missions[].honoraires", "Honoraires annuels HT de la mission, en centimes", "{{ mission.honoraires | eur }}"),
    ("missions[].mensualite", "Mensualité HT (0 si non mensualisée)", "{{ mission.mensualite | eur }}"),
    ("missions[].quantite", "Quantité estimée (mode unitaire)", "120"),
    ("missions[].prix_unitaire", "Prix unitaire HT en centimes (mode unitaire)", "{{ mission.prix_unitaire | eur }}"),
    ("missions[].unite", "Unité facturée (mode unitaire)", "bulletin"),
    ("missions[].minutes", "Budget total en minutes (filtre hours)", "{{ mission.minutes | hours }}"),
    ("missions[].heures", "Budget par grade (boucle : h.grade, h.minutes)", "{% for h in mission.heures %}…"),
    ("missions[].taches", "Programme de travail (boucle : t.libelle, t.echeance, t.regle, t.minutes)",
     "{% for t in mission.taches %}…"),
    ("repartition", "Annexe de répartition des tâches (boucle : r.tache, r.intervenant, r.frequence, r.echeance)",
     "{% for r in repartition %}…"),
    ("honoraires.total_ht", "Honoraires annuels HT après remise, en centimes", "{{ honoraires.total_ht | eur }}"),
    ("honoraires.remise", "Remise HT, en centimes", "{{ honoraires.remise | eur }}"),
    ("honoraires.taux_tva", "Taux de TVA", "20 %"),
    ("honoraires.tva", "TVA, en centimes", "{{ honoraires.tva | eur }}"),
    ("honoraires.total_ttc", "Honoraires annuels TTC, en centimes", "{{ honoraires.total_ttc | eur }}"),
    ("honoraires.mensualise", "Vrai si le forfait est mensualisé", "{% if honoraires.mensualise %}…{% endif %}"),
    ("honoraires.mensualite", "Mensualité HT des forfaits mensualisés (hors dernière, qui régularise les arrondis)",
     "{{ honoraires.mensualite | eur }}"),
    ("honoraires.echeancier", "Échéancier prévu (boucle : e.echeance, e.montant)",
     "{% for e in honoraires.echeancier %}…"),
    ("honoraires.taux_horaires", "Taux horaires HT par grade (boucle : t.grade, t.taux)",
     "{% for t in honoraires.taux_horaires %}…"),
    ("honoraires.travaux_complementaires", "Travaux hors forfait au temps passé (boucle : t.libelle, t.minutes)",
     "{% for t in honoraires.travaux_complementaires %}…"),
    ("indexation.indice", "Indice de révision des honoraires", "SYNTEC"),
    ("indexation.mois_reference", "Mois de référence S0 (filtre month)", "{{ indexation.mois_reference | month }}"),
    ("indexation.valeur_reference", "Valeur de l'indice au mois de référence", "322,2"),
    ("date_du_jour", "Date du jour (filtre day)", "{{ date_du_jour | day }}"),
)


def documented_paths() -> set[str]:
    return {name for name, _, _ in VARIABLES}


def context_paths(context: dict) -> set[str]:
    """Every path of a context in the notation of VARIABLES (for the test keeping them in step)."""
    paths: set[str] = set()

    def walk(prefix: str, value: object, top: bool) -> None:
        if isinstance(value, dict) and (top or prefix in ("cabinet", "client", "signataire", "lettre", "exercice",
                                                          "honoraires", "indexation")):
            for key, item in value.items():
                walk(f"{prefix}.{key}" if prefix else key, item, False)
            return
        paths.add(prefix)
        if prefix == "missions" and isinstance(value, list) and value:
            for key in value[0]:
                paths.add(f"missions[].{key}")

    walk("", context, True)
    return paths


# --- the sample shown by the preview when no client is chosen ----------------------------------------------

def sample_data(firm: FirmIdentity, today: date, grades: tuple[Grade, ...] = (), rates: tuple[GradeRate, ...] = (),
                syntec: IndexValue | None = None, kind: LetterKind = LetterKind.LETTER) -> LetterData:
    """A fictitious client and quote, to preview a template."""
    start, end = fiscal_year_from_start(date(today.year + 1, 1, 1))
    client = Client(id=0, kind=ClientKind.COMPANY, name="Boulangerie Dupain SARL", siren="552100554",
                    legal_form="SARL", vat_number="FR40552100554", address_line="3 place du Marché",
                    postal_code="69001", city="Lyon", share_capital_cents=1_000_000)
    by_rank = sorted(grades, key=lambda g: g.rank)
    senior = by_rank[1].id if len(by_rank) > 1 else (by_rank[0].id if by_rank else 0)
    junior = by_rank[-1].id if by_rank else 0
    accounts = MissionType(
        id=-1, code="comptes", label="Établissement des comptes annuels", billing_mode=BillingMode.MONTHLY,
        norm_reference="NP 2300 — mission de présentation des comptes",
        scope="Tenue de la comptabilité, établissement des comptes annuels et de la liasse fiscale.",
        exclusions="Audit légal, évaluation d'entreprise, travaux juridiques.",
        tasks=(TaskTemplate(id=1, label="Saisie et révision courante", due=DueRule(DueAnchor.FISCAL_YEAR_END, 1, 0),
                            minutes_by_grade=((junior, 1800),)),
               TaskTemplate(id=2, label="Liasse fiscale", due=DueRule(DueAnchor.FISCAL_YEAR_END, 4, 15),
                            minutes_by_grade=((senior, 300),))))
    quote = Quote(id=0, number="D2026-00001", status=QuoteStatus.ACCEPTED, created_on=today,
                  valid_until=today + timedelta(days=30), client_id=0, fiscal_year_start=start, monthly=True,
                  lines=(QuoteLine(id=1, label="Comptes annuels et liasse", billing_mode=BillingMode.MONTHLY,
                                   mission_type_id=-1, fee_cents=420_000,
                                   hours=(GradeHours(junior, 1800, 5500), GradeHours(senior, 300, 13000))),
                         QuoteLine(id=2, label="Bulletins de paie", billing_mode=BillingMode.UNIT, fee_cents=54_000,
                                   quantity=24, unit_price_cents=2_250),
                         QuoteLine(id=3, label="Situation intermédiaire", billing_mode=BillingMode.TIME_SPENT,
                                   kind=LineKind.EXTRA, hours=(GradeHours(senior, 420, 13000),))))
    amended = None
    if kind is LetterKind.AMENDMENT:
        amended = EngagementLetter(id=0, number="LM2026-00001", status=LetterStatus.SIGNED, client_id=0,
                                   fiscal_year_start=start, fiscal_year_end=end, created_on=today,
                                   decided_on=today)
    letter = EngagementLetter(id=0, number="LM2026-00002" if amended else "LM2026-00001", status=LetterStatus.DRAFT,
                              client_id=0, fiscal_year_start=start, fiscal_year_end=end, created_on=today, kind=kind,
                              title="Avenant n° 1" if amended else f"Lettre de mission — exercice {end.year}",
                              signatory_name="Marie Dupain", signatory_email="marie@dupain.fr",
                              signatory_phone="06 12 34 56 78", expires_on=today + timedelta(days=30),
                              amends_id=0 if amended else None)
    return LetterData(firm=firm, client=client, letter=letter, today=today, quote=quote,
                      mission_types={-1: accounts}, grades=grades, rates=rates, syntec=syntec, amended=amended)


def signatory_of(contact: Contact | None) -> tuple[str, str, str]:
    if contact is None:
        return "", "", ""
    return contact.full_name, contact.email, contact.phone
