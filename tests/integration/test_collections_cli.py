"""`manage.py send-reminders` in a subprocess on both databases: sends the level due once, then nothing;
French refusals with a non-zero exit."""

from tests.integration.collections_support import issued_invoice, ready_to_invoice
from tests.integration.support import outbox_of


def test_send_reminders_sends_the_level_due_once_then_nothing(firm, run_manage):
    ready_to_invoice(firm)
    firm.container.clock.advance(days=-90)  # issued 22/08/2026, due 21/09/2026: over 45 days late today
    _, invoice = issued_invoice(firm)
    first = run_manage("send-reminders", "--firm", firm.siren)
    assert first.returncode == 0, first.stderr
    assert f"{invoice.document.number} – Boulangerie Dupain : Mise en demeure" in first.stdout
    assert ": 1 envoyée(s), 0 en erreur." in first.stdout
    second = run_manage("send-reminders", "--firm", firm.siren)
    assert second.returncode == 0 and "aucune relance due" in second.stdout, second.stdout + second.stderr
    notices = [m for m in outbox_of(firm.container, firm.firm_id) if m["subject"].startswith("Mise en demeure")]
    assert len(notices) == 1


def test_bad_input_is_refused_in_french(firm, run_manage):
    future = run_manage("send-reminders", "--firm", firm.siren, "--date", "2099-01-01")
    assert future.returncode == 2 and "dans le futur" in future.stderr
    bad = run_manage("send-reminders", "--firm", firm.siren, "--date", "01/02/2026")
    assert bad.returncode == 2 and "n'est pas une date AAAA-MM-JJ" in bad.stderr
