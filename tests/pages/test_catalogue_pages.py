"""The Catalogue des missions page, driven as an Administrateur."""

import pytest

from domain.access.model import Role
from domain.catalogue.defaults import DEFAULT_CATALOGUE
from tests.pages.helpers import button, column, submit, titles

PAGE = "pages/staff/admin_catalogue.py"


@pytest.fixture
def admin_at(open_app, add_user):
    admin = add_user(Role.ADMIN, name="Claire Admin")

    def at():
        app = open_app(admin.email, admin.password, PAGE)
        assert not app.exception
        return app

    return at


def stored(firm, code: str):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.mission_types.find_by_code(code)


def select(at, firm, code: str):
    at.selectbox(key="catalogue.edit.id").set_value(stored(firm, code).id).run()
    assert not at.exception
    return at


def test_the_catalogue_lists_the_default_mission_types_with_price_budget_and_value(admin_at):
    at = admin_at()

    assert titles(at) == ["Catalogue des missions"]
    assert column(at, 0, "Code") == [d.code for d in DEFAULT_CATALOGUE]
    by_code = dict(zip(column(at, 0, "Code"), range(len(DEFAULT_CATALOGUE)), strict=True))
    liasse = by_code["liasse"]
    assert column(at, 0, "Facturation")[liasse] == "Forfait annuel"
    assert column(at, 0, "Norme")[liasse] == "CGI art. 53 A et 223"
    assert column(at, 0, "Prix par défaut HT")[liasse] == "900,00\xa0€ / an"
    # 4 h chef de mission + 3 h collaborateur + 1 h manager + 1 h collaborateur, at 105, 80, 130 € in force
    assert column(at, 0, "Budget")[liasse] == "9 h"
    assert column(at, 0, "Valeur aux taux en vigueur")[liasse] == "870,00\xa0€"
    assert column(at, 0, "Prix par défaut HT")[by_code["paie"]] == "25,00\xa0€ / bulletin"


def test_a_bad_price_shows_a_french_error_and_saves_nothing(firm, admin_at):
    at = select(admin_at(), firm, "liasse")
    prefix = f"catalogue.edit.{stored(firm, 'liasse').id}"

    at.text_input(key=f"{prefix}.default_fee").input("neuf cents")
    at = submit(at, "Enregistrer", form=prefix)

    assert at.error[0].value == "Honoraires annuels HT : « neuf cents » n'est pas un montant valide."
    assert stored(firm, "liasse").default_fee_cents == 90_000


def test_a_good_price_is_saved(firm, admin_at):
    at = select(admin_at(), firm, "liasse")
    prefix = f"catalogue.edit.{stored(firm, 'liasse').id}"

    at.text_input(key=f"{prefix}.default_fee").input("1 050,50")
    at = submit(at, "Enregistrer", form=prefix)

    assert not at.error
    assert at.success[0].value == "Type de mission enregistré."
    assert stored(firm, "liasse").default_fee_cents == 105_050


def test_adding_a_task_row_saves_it_with_its_hours_in_minutes(firm, admin_at):
    at = select(admin_at(), firm, "juridique")
    [editor] = at.data_editor
    at.session_state[editor.key] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [{
        "Tâche": "Registre des décisions", "Point de départ": "clôture", "Mois": 6, "Jours": 15,
        "Associé (h)": "0,5", "Assistant (h)": "1,25"}]}
    at.run()
    preview = at.dataframe[-1].value
    assert list(preview["Tâche"])[-1] == "Registre des décisions"
    assert list(preview.iloc[:, -1])[-1] == "15/07/2027"  # 31/12/2026 + 6 months + 15 days

    at = button(at, "Enregistrer le programme de travail").click().run()

    assert not at.exception and not at.error
    assert at.success[0].value == "Programme de travail enregistré."
    tasks = stored(firm, "juridique").tasks
    assert [t.label for t in tasks][-1] == "Registre des décisions"
    assert sorted(m for _, m in tasks[-1].minutes_by_grade) == [30, 75]
    assert (tasks[-1].due.months, tasks[-1].due.days) == (6, 15)
    assert len(tasks) == 4


def test_a_task_without_label_is_refused_and_nothing_saved(firm, admin_at):
    at = select(admin_at(), firm, "juridique")
    [editor] = at.data_editor
    at.session_state[editor.key] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [{
        "Associé (h)": "-2"}]}
    at.run()

    at = button(at, "Enregistrer le programme de travail").click().run()

    assert at.error[0].value == ("Tâche 4, libellé : valeur obligatoire. ; "
                                 "Tâche 4, Associé : le nombre d'heures ne peut pas être négatif.")
    assert len(stored(firm, "juridique").tasks) == 3


def test_withdrawing_a_type_needs_the_confirmation(firm, admin_at):
    at = select(admin_at(), firm, "conseil")
    prefix = f"catalogue.edit.{stored(firm, 'conseil').id}"
    assert button(at, "Retirer de l'offre").disabled

    at.checkbox(key=f"{prefix}.deactivate.ok").check().run()
    at = button(at, "Retirer de l'offre").click().run()

    assert at.success[0].value == "« Conseil et assistance » retiré de l'offre."
    assert stored(firm, "conseil").active is False
    assert column(at, 0, "Statut")[column(at, 0, "Code").index("conseil")] == "Retiré de l'offre"


def test_creating_a_type(firm, admin_at):
    at = admin_at()
    for field, value in {"code": "audit_flash", "label": "Audit flash", "unit_price": "150",
                         "unit_label": "site"}.items():
        at.text_input(key=f"catalogue.new.{field}").input(value)
    at.selectbox(key="catalogue.new.billing_mode").set_value("unitaire")

    at = submit(at, "Créer le type de mission")

    assert not at.error
    assert "audit_flash" in column(at, 0, "Code")
    assert stored(firm, "audit_flash").unit_price_cents == 15_000

