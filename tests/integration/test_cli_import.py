"""`manage.py import-clients` as an operator runs it (subprocess, real database)."""

from domain.clients import queries
from domain.clients.model import ClientFilter


def names(firm) -> list[str]:
    return [c.name for c in queries.search(firm.container.firm_uow(firm.firm_id), firm.principal(),
                                           ClientFilter(include_archived=True))]


def write(tmp_path, content: bytes, name: str = "clients.csv") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


GOOD = "nom;siren;ville\nAlpha;552008443;Lyon\nBéta;404833048;Nantes\n".encode("cp1252")
BAD = b"nom;siren\nAlpha;552008443\nGamma;123\n"


def test_a_clean_file_is_imported_with_its_report(run_manage, firm, tmp_path):
    done = run_manage("import-clients", "--firm", firm.siren, write(tmp_path, GOOD))

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "ligne 2\tOK\t552008443\tAlpha", "ligne 3\tOK\t404833048\tBéta",
        "2 ligne(s) : 2 valide(s), 0 en erreur ou en doublon.", "Clients importés : 2."]
    assert names(firm) == ["Alpha", "Béta"]


def test_an_invalid_row_fails_in_french_and_imports_nothing(run_manage, firm, tmp_path):
    done = run_manage("import-clients", "--firm", firm.siren, write(tmp_path, BAD))

    assert done.returncode == 2
    assert ("ligne 3\tErreur\t123\tGamma\tSIREN « 123 » invalide : 9 chiffres avec une clé de contrôle correcte."
            in done.stdout.splitlines())
    assert done.stderr.startswith("Erreur : des lignes sont en erreur ou en doublon : rien n'a été importé")
    assert names(firm) == []


def test_valid_only_imports_the_valid_rows(run_manage, firm, tmp_path):
    done = run_manage("import-clients", "--firm", firm.siren, "--valid-only", write(tmp_path, BAD))

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "Clients importés : 1."
    assert names(firm) == ["Alpha"]


def test_dry_run_reports_and_writes_nothing(run_manage, firm, tmp_path):
    done = run_manage("import-clients", "--firm", firm.siren, "--dry-run", write(tmp_path, GOOD))

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "Vérification seule (--dry-run) : 2 client(s) seraient importés."
    assert names(firm) == []


def test_missing_columns_and_missing_file_fail_in_french(run_manage, firm, tmp_path):
    done = run_manage("import-clients", "--firm", firm.siren, write(tmp_path, b"raison;ville\nA;B\n"))
    assert done.returncode == 2
    assert done.stderr == ("Erreur : Colonne(s) obligatoire(s) absente(s) : nom, siren. "
                           "Colonnes lues : raison, ville.\n")

    done = run_manage("import-clients", "--firm", firm.siren, str(tmp_path / "absent.csv"))
    assert done.returncode == 2
    assert done.stderr == f"Erreur : Fichier introuvable : {tmp_path / 'absent.csv'}\n"
