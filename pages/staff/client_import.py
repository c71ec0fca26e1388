"""Import de clients: documented headers, a template, upload, per-row report, import all or valid rows."""

import streamlit as st

from domain.clients import importing, queries, services
from domain.errors import DomainError
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash

COLUMNS = [
    ("nom", "oui", "Nom ou raison sociale"),
    ("siren", "oui (vide pour un particulier)", "9 chiffres, clé de contrôle vérifiée"),
    ("forme_juridique", "non", "SARL, SAS, EURL, SCI…"),
    ("adresse", "non", "Numéro et voie"),
    ("code_postal", "non", "5 chiffres"),
    ("ville", "non", ""),
    ("email", "non", "Adresse e-mail du client"),
    ("telephone", "non", ""),
    ("date_cloture", "non", "JJ/MM ou JJ/MM/AAAA ; 31/12 si vide"),
    ("capital_social", "non", "Montant en euros, ex. 15 000,00"),
    ("siret, code_naf, tva_intracommunautaire, regime_tva, regime_fiscal, effectif, etiquettes, notes", "non",
     "Colonnes facultatives"),
]

ctx = require_staff()
show_flash()
st.title("Import de clients")
st.write("Importez un fichier CSV (séparateur « ; » ou « , », UTF-8 ou Windows-1252) ou Excel (.xlsx). "
         "La première ligne porte les en-têtes ; majuscules et accents sont ignorés.")
st.dataframe([{"En-tête": h, "Obligatoire": r, "Contenu": c} for h, r, c in COLUMNS], hide_index=True, width="stretch")
st.download_button("Télécharger le modèle CSV", importing.template_csv(), file_name="modele_import_clients.csv",
                   mime="text/csv", key="import.template")

upload = st.file_uploader("Fichier de clients", type=["csv", "xlsx"], key="import.file")
if upload is None:
    st.stop()
try:
    report = queries.check_import(ctx.uow(), ctx.principal, upload.name, upload.getvalue())
except DomainError as err:
    st.error(err.message)
    st.stop()

st.subheader("Rapport de vérification")
st.dataframe([{"Ligne": r.line, "Statut": r.status.label, "Nom": r.name, "SIREN": r.siren, "Motif": r.reason}
              for r in report.rows], hide_index=True, width="stretch")
valid = len(report.valid)
st.caption(f"{len(report.rows)} ligne(s) : {valid} valide(s), {report.problem_count} en erreur ou en doublon.")
if report.has_problems:
    st.warning("Le fichier contient des lignes en erreur ou en doublon : corrigez-le, ou importez seulement "
               "les lignes valides (les autres sont écartées).")
left, right = st.columns(2)
if left.button("Importer", type="primary", disabled=report.has_problems, key="import.all"):
    attempt(lambda: services.import_clients(ctx.uow(), ctx.principal, ctx.clock, report),
            f"{valid} client(s) importé(s).")
if right.button("Importer les lignes valides", disabled=not valid, key="import.valid"):
    attempt(lambda: services.import_clients(ctx.uow(), ctx.principal, ctx.clock, report, valid_only=True),
            f"{valid} client(s) importé(s), {report.problem_count} ligne(s) écartée(s).")
