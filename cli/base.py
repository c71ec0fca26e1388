"""Helpers shared by the command groups: firm lookup, argument checks, all-or-nothing writes, cron reports."""

import sys
from pathlib import Path

from data.container import Container
from domain.errors import InvalidInput, NotFound
from domain.identifiers import validate_siren


def firm_id_of(c: Container, siren: str) -> int:
    siren = validate_siren(siren)
    with c.platform_uow() as uow:
        firm = uow.firms.find_by_siren(siren)
    if firm is None:
        raise NotFound(f"Aucun cabinet avec le SIREN {siren}.")
    return firm.id


def iso_day(text: str, label: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{label} : « {text} » n'est pas une date AAAA-MM-JJ.") from None


def output_folder(text: str) -> Path:
    out = Path(text)
    if out.exists() and not out.is_dir():
        raise InvalidInput(f"--out : « {text} » est un fichier, pas un dossier.")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InvalidInput(f"--out : impossible de créer le dossier « {text} » ({err.strerror}).") from None
    return out


def write_all(out: Path, files: list[tuple[str, bytes]]) -> None:
    """Every file or none: written in a temporary folder inside `out`, then moved in place."""
    import os
    import shutil
    import tempfile

    staging = Path(tempfile.mkdtemp(prefix=".eexpi-export-", dir=out))
    try:
        for name, content in files:
            (staging / name).write_bytes(content)
        for name, _ in files:
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def print_outcome(lines, summary: str, errors) -> None:
    """A cron pass's outcome: one line per item, the summary, errors on stderr (exit 1 when any)."""
    for line in lines:
        print(line)
    print(summary)
    for error in errors:
        print(f"Erreur : {error}", file=sys.stderr)
    if errors:
        sys.exit(1)


def print_sync(report) -> None:
    print_outcome(report.lines, report.summary, report.errors)
