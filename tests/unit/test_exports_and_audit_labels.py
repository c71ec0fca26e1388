from domain.audit import describe_target
from pages._ui.exports import csv_bytes


def test_csv_for_french_excel_uses_semicolons_and_a_bom_so_accents_survive():
    data = csv_bytes([{"Action": "Échec de connexion", "Objet": "Utilisateur : Zoé"}])
    assert data == "\ufeffAction;Objet\r\nÉchec de connexion;Utilisateur : Zoé\r\n".encode()


def test_an_empty_table_downloads_as_an_empty_file():
    assert csv_bytes([]) == b""


def test_a_user_target_is_named_in_french_with_the_person():
    assert describe_target("user", "7", {7: "Claire Verger"}) == "Utilisateur : Claire Verger"


def test_an_unknown_user_id_keeps_only_the_kind_of_object():
    assert describe_target("user", "99", {7: "Claire Verger"}) == "Utilisateur"
    assert describe_target("numbering_series", "invoice", {}) == "Numérotation"
