"""The command line split into cli/ groups: `manage` still exposes main and parser, every command is registered
with a runner, and each command's options are those the README documents."""

import argparse

import pytest

import manage

COMMANDS = {
    "init-db", "seed-demo", "create-firm", "create-user", "import-clients", "list-firms", "send-mail",
    "sync-signatures", "generate-deadlines", "alert-deadlines", "send-reminders", "export-fec", "export-invoices",
    "sync-chorus", "run-billing", "remind-compliance-reviews", "export-compliance", "purge-compliance",
    "export-time", "export-report",
}


def _subcommands(p: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (action,) = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
    return action.choices


def test_manage_exposes_main_and_parser_and_registers_every_command_with_a_runner():
    p = manage.parser()
    subs = _subcommands(p)

    assert set(subs) == COMMANDS
    for name, sub in subs.items():
        assert callable(sub.get_default("run")), name
    assert callable(manage.main)


@pytest.mark.parametrize(("argv", "expected"), [
    (["run-billing", "--firm", "732829320", "--period", "2026-11", "--issue"],
     {"command": "run-billing", "firm": "732829320", "period": "2026-11", "issue": True}),
    (["export-time", "--firm", "732829320", "--from", "2026-01-01", "--to", "2026-01-31", "--out", "t.csv"],
     {"date_from": "2026-01-01", "date_to": "2026-01-31", "out": "t.csv"}),
    (["alert-deadlines"], {"firm": None, "days": 7}),
    (["generate-deadlines", "--firm", "732829320", "--year", "2027"], {"year": 2027}),
    (["export-fec", "--firm", "732829320", "--year", "2026", "--out", "d"], {"encoding": "iso-8859-15"}),
    (["import-clients", "--firm", "732829320", "f.csv", "--dry-run"], {"file": "f.csv", "dry_run": True,
                                                                       "valid_only": False}),
    (["purge-compliance", "--firm", "732829320"], {"dry_run": False}),
    (["export-report", "boni-mali", "--firm", "732829320", "--by", "client", "--out", "r.xlsx"],
     {"report": "boni-mali", "by": "client", "year": None}),
])
def test_options_parse_to_the_names_the_commands_read(argv, expected):
    args = manage.parser().parse_args(argv)

    assert {key: getattr(args, key) for key in expected} == expected


def test_a_missing_required_option_exits_2_with_usage(capsys):
    with pytest.raises(SystemExit) as stop:
        manage.parser().parse_args(["run-billing", "--firm", "732829320"])

    assert stop.value.code == 2
    assert "--period" in capsys.readouterr().err
