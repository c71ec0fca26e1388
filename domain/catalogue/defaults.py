"""The catalogue every new firm starts with: the everyday missions of a French accounting firm.

Hours are given per grade CODE (domain.firm.model.DEFAULT_GRADES); `default_mission_types`
maps them to the firm's grade ids. Texts are written as a firm would quote them in its letters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from domain.catalogue.model import BillingMode, DueAnchor, DueRule, MissionType, TaskTemplate
from domain.ports import FirmRepositories

END = DueAnchor.FISCAL_YEAR_END
START = DueAnchor.FISCAL_YEAR_START


@dataclass(frozen=True, slots=True)
class DefaultTask:
    label: str
    due: DueRule
    minutes: tuple[tuple[str, int], ...]  # (grade code, minutes)


@dataclass(frozen=True, slots=True)
class DefaultMissionType:
    code: str
    label: str
    billing_mode: BillingMode
    norm_reference: str
    scope: str
    exclusions: str
    tasks: tuple[DefaultTask, ...]
    default_fee_cents: int | None = None
    unit_price_cents: int | None = None
    unit_label: str = ""


def _task(label: str, anchor: DueAnchor, months: int, days: int, **minutes: int) -> DefaultTask:
    return DefaultTask(label, DueRule(anchor, months, days), tuple(minutes.items()))


CONTRACTUAL = "Mission contractuelle (hors référentiel normatif)"

DEFAULT_CATALOGUE: tuple[DefaultMissionType, ...] = (
    DefaultMissionType(
        code="tenue", label="Tenue comptable", billing_mode=BillingMode.MONTHLY, norm_reference=CONTRACTUAL,
        default_fee_cents=480_000,
        scope=("Enregistrement des pièces comptables transmises par le client (achats, ventes, banques, caisse), "
               "rapprochements bancaires et lettrage des comptes de tiers, tenue des journaux et du grand livre "
               "conformément au plan comptable général, production du fichier des écritures comptables (FEC)."),
        exclusions=("Classement et archivage des pièces originales, relances des clients et fournisseurs, "
                    "gestion de la trésorerie, saisie des pièces transmises au-delà des délais convenus."),
        tasks=(
            _task("Saisie des pièces d'achats, de ventes et de banque", END, 0, 20, collaborateur=1800, assistant=600),
            _task("Rapprochements bancaires et lettrage des comptes de tiers", END, 1, 0,
                  chef_mission=120, collaborateur=480),
            _task("Revue périodique de la saisie", END, 1, 15, chef_mission=240),
            _task("Production et contrôle du FEC", END, 3, 0, collaborateur=60),
        )),
    DefaultMissionType(
        code="revision", label="Révision et surveillance des comptes", billing_mode=BillingMode.ANNUAL,
        norm_reference=CONTRACTUAL, default_fee_cents=180_000,
        scope=("Contrôle de la cohérence et de la vraisemblance des comptes tenus par le client : revue des cycles "
               "trésorerie, tiers, stocks, immobilisations, capitaux et fiscalité, analyse des variations "
               "significatives et propositions d'écritures correctives."),
        exclusions=("La mission n'a pas pour objet de déceler les fraudes ni les actes illégaux ; elle ne "
                    "constitue ni un audit ni un examen limité des comptes."),
        tasks=(
            _task("Révision des cycles (trésorerie, tiers, stocks, immobilisations)", END, 2, 0,
                  chef_mission=600, collaborateur=900),
            _task("Revue analytique et points en suspens", END, 2, 15, manager=120, chef_mission=180),
            _task("Note de synthèse au dirigeant", END, 3, 0, associe=30, manager=60),
        )),
    DefaultMissionType(
        code="comptes_annuels", label="Établissement des comptes annuels", billing_mode=BillingMode.ANNUAL,
        norm_reference="NP 2300 – Mission de présentation des comptes", default_fee_cents=240_000,
        scope=("Établissement des comptes annuels (bilan, compte de résultat et annexe) à partir de la "
               "comptabilité de l'exercice, travaux d'inventaire et écritures de clôture, et délivrance d'une "
               "attestation de présentation conformément à la norme professionnelle NP 2300."),
        exclusions=("La mission ne comporte ni audit ni examen limité ; l'inventaire physique des stocks et "
                    "l'évaluation des travaux en cours restent de la responsabilité du client."),
        tasks=(
            _task("Travaux d'inventaire et écritures de clôture", END, 2, 0, chef_mission=240, collaborateur=720),
            _task("Établissement du bilan, du compte de résultat et de l'annexe", END, 3, 0,
                  chef_mission=360, collaborateur=240),
            _task("Revue du dossier de travail", END, 3, 10, manager=180),
            _task("Revue par l'expert-comptable et attestation de présentation", END, 3, 20, associe=90),
            _task("Remise des comptes et entretien de restitution", END, 4, 0, associe=60, manager=60),
        )),
    DefaultMissionType(
        code="liasse", label="Liasse fiscale et déclaration de résultat", billing_mode=BillingMode.ANNUAL,
        norm_reference="CGI art. 53 A et 223", default_fee_cents=90_000,
        scope=("Détermination du résultat fiscal, établissement et télétransmission (EDI-TDFC) de la liasse "
               "fiscale et de ses annexes, du relevé de solde d'impôt sur les sociétés et de la déclaration de "
               "CVAE le cas échéant."),
        exclusions=("Optimisation fiscale, rescrits, assistance en cas de contrôle fiscal et déclarations "
                    "personnelles des associés, facturés séparément au temps passé."),
        tasks=(
            _task("Détermination du résultat fiscal et tableaux de la liasse", END, 3, 15,
                  chef_mission=240, collaborateur=180),
            _task("Revue de la liasse fiscale", END, 4, 0, manager=60),
            _task("Télédéclaration de la liasse et du relevé de solde d'IS", END, 4, 15, collaborateur=60),
        )),
    DefaultMissionType(
        code="tva", label="Déclarations de TVA", billing_mode=BillingMode.MONTHLY,
        norm_reference="CGI art. 287", default_fee_cents=120_000,
        scope=("Établissement et télétransmission des déclarations de TVA (CA3 mensuelles ou trimestrielles, "
               "ou CA12 annuelle selon le régime), contrôle de cohérence entre les déclarations et la "
               "comptabilité, demandes de remboursement de crédit de TVA."),
        exclusions=("TVA intracommunautaire complexe (DEB, régimes particuliers), régularisations des exercices "
                    "antérieurs et assistance en cas de contrôle, facturées séparément."),
        tasks=(
            _task("Préparation et télédéclaration des déclarations de TVA", END, 0, 24,
                  chef_mission=60, collaborateur=720),
            _task("Rapprochement annuel du chiffre d'affaires déclaré et comptabilisé", END, 2, 0,
                  chef_mission=60, collaborateur=120),
            _task("Déclaration annuelle de régularisation (CA12) le cas échéant", END, 4, 3, collaborateur=60),
        )),
    DefaultMissionType(
        code="paie", label="Paie par bulletin", billing_mode=BillingMode.UNIT,
        norm_reference="Code du travail art. L3243-2", unit_price_cents=2_500, unit_label="bulletin",
        scope=("Établissement des bulletins de paie à partir des éléments variables transmis par le client, "
               "déclarations sociales nominatives (DSN) mensuelles, journal de paie et écritures comptables "
               "de paie."),
        exclusions=("Contrats de travail, procédures de licenciement, contentieux prud'homal, soldes de tout "
                    "compte complexes et audits sociaux, facturés séparément."),
        tasks=(
            _task("Paramétrage du dossier social et reprise des salariés", START, 1, 0, collaborateur=120),
            _task("Bulletins de paie et DSN mensuelles", END, 0, 5, collaborateur=720, assistant=240),
            _task("Déclarations annuelles et régularisations de fin d'année", END, 1, 0,
                  chef_mission=60, collaborateur=60),
        )),
    DefaultMissionType(
        code="juridique", label="Secrétariat juridique annuel", billing_mode=BillingMode.ANNUAL,
        norm_reference="C. com. art. L223-26 et L232-21 à L232-23", default_fee_cents=65_000,
        scope=("Secrétariat juridique de l'approbation des comptes : rapport de gestion, projets de résolutions, "
               "convocation, procès-verbal de l'assemblée générale ordinaire, tenue du registre et dépôt des "
               "comptes annuels au greffe du tribunal de commerce."),
        exclusions=("Opérations sur le capital, modifications statutaires, cessions de titres et conventions "
                    "réglementées complexes, facturées sur devis ; frais de greffe et d'annonces légales "
                    "refacturés au client."),
        tasks=(
            _task("Rapport de gestion et projets de résolutions", END, 5, 0, manager=30, collaborateur=120),
            _task("Convocation et procès-verbal d'approbation des comptes", END, 6, 0, associe=15, chef_mission=90),
            _task("Dépôt des comptes au greffe", END, 7, 0, assistant=45),
        )),
    DefaultMissionType(
        code="examen_limite", label="Examen limité des comptes", billing_mode=BillingMode.ANNUAL,
        norm_reference="NP 2400 – Examen limité de comptes", default_fee_cents=350_000,
        scope=("Examen limité des comptes annuels conformément à la norme professionnelle NP 2400 : prise de "
               "connaissance, procédures analytiques et entretiens avec la direction, et rapport exprimant une "
               "assurance modérée sur la régularité et la sincérité des comptes."),
        exclusions=("La mission n'est pas un audit et ne permet pas d'exprimer une assurance raisonnable ; "
                    "elle exclut la recherche systématique de fraudes."),
        tasks=(
            _task("Prise de connaissance et planification", END, 1, 0, associe=60, manager=120),
            _task("Procédures analytiques et entretiens avec la direction", END, 2, 0, manager=120, chef_mission=480),
            _task("Lettre d'affirmation de la direction", END, 2, 15, manager=30),
            _task("Rapport d'examen limité", END, 3, 0, associe=120, manager=60),
        )),
    DefaultMissionType(
        code="conseil", label="Conseil et assistance", billing_mode=BillingMode.TIME_SPENT,
        norm_reference=CONTRACTUAL,
        scope=("Missions ponctuelles de conseil à la demande du dirigeant (gestion, fiscalité, financement, "
               "organisation), facturées au temps passé selon les taux horaires du cabinet en vigueur."),
        exclusions=("Consultations juridiques relevant de la compétence exclusive des avocats et missions "
                    "faisant l'objet d'une lettre de mission distincte."),
        tasks=(
            _task("Entretien de cadrage", START, 0, 0, associe=60),
            _task("Analyses et recommandations", START, 1, 0, associe=60, manager=240),
            _task("Restitution au dirigeant", START, 2, 0, associe=60),
        )),
    DefaultMissionType(
        code="creation", label="Création d'entreprise", billing_mode=BillingMode.ANNUAL,
        norm_reference=CONTRACTUAL, default_fee_cents=120_000,
        scope=("Accompagnement à la création : choix de la forme juridique et des régimes fiscal et social, "
               "prévisionnel de la première année, rédaction des statuts types et formalités d'immatriculation "
               "auprès du guichet unique."),
        exclusions=("Pactes d'associés, montages complexes, apports en nature et dossiers de financement, "
                    "facturés sur devis ; frais d'annonces légales et de greffe refacturés au client."),
        tasks=(
            _task("Choix de la forme juridique et des régimes fiscal et social", START, 0, -30,
                  associe=60, manager=60),
            _task("Prévisionnel de la première année", START, 0, -15, manager=180, chef_mission=240),
            _task("Statuts et immatriculation au guichet unique", START, 0, 0, chef_mission=120, assistant=60),
            _task("Options fiscales et ouverture du dossier comptable", START, 1, 0, collaborateur=60),
        )),
)


def default_mission_types(grade_ids: Mapping[str, int]) -> list[MissionType]:
    """The default catalogue for a firm whose grades have these ids (hours of unknown grades dropped)."""
    types = []
    for position, default in enumerate(DEFAULT_CATALOGUE, start=1):
        tasks = tuple(
            TaskTemplate(id=0, label=task.label, due=task.due, position=index,
                         minutes_by_grade=tuple((grade_ids[code], minutes) for code, minutes in task.minutes
                                                if code in grade_ids))
            for index, task in enumerate(default.tasks, start=1))
        types.append(MissionType(
            id=0, code=default.code, label=default.label, billing_mode=default.billing_mode,
            norm_reference=default.norm_reference, default_fee_cents=default.default_fee_cents,
            unit_price_cents=default.unit_price_cents, unit_label=default.unit_label, scope=default.scope,
            exclusions=default.exclusions, position=position, tasks=tasks))
    return types


def install_default_catalogue(repos: FirmRepositories, grade_ids: Mapping[str, int]) -> int:
    """Add, at the end of the catalogue, each default type the firm does not have yet (by code); how many."""
    added = 0
    for mission_type in default_mission_types(grade_ids):
        if repos.mission_types.find_by_code(mission_type.code) is None:
            repos.mission_types.add(replace(mission_type, position=repos.mission_types.next_position()))
            added += 1
    return added
