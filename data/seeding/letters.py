"""Demo engagement letters: accepted quotes become letters in every status; the signed ones are recorded as
uploaded scans, so their engagements, missions, tasks and fee schedules exist."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from domain.clock import FixedClock
from domain.letters import services
from domain.letters.model import LetterStatus, SignatureProvider
from domain.ports import DocumentRenderer, FirmRepositories

# Share of the letters in each final status, in the order the quotes are taken (deterministic).
PLAN = ("signed", "signed", "to_sign", "signed", "draft", "signed", "refused", "signed", "expired", "to_sign")
REAL_PDFS = 1  # letters rendered with the real renderer; the others get a one-page demonstration PDF (speed)
REFUSALS = ("Honoraires jugés trop élevés", "Le client garde son expert-comptable actuel",
            "Projet de cession de l'entreprise", "Préfère une mission au temps passé")


def _clock(day: date) -> FixedClock:
    return FixedClock(datetime.combine(day, time(9, 30), UTC))


def demo_pdf(title: str) -> bytes:
    """A minimal one-page PDF naming the letter: the demo's frozen PDF beyond the first real renderings."""
    text = title.encode("latin-1", "replace").replace(b"\\", b"").replace(b"(", b"").replace(b")", b"")
    stream = b"BT /F1 14 Tf 60 780 Td (" + text + b") Tj 0 -24 Td /F1 10 Tf (Exemplaire de demonstration) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(number).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objects) + 1).encode() + b"\n0000000000 65535 f \n"
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += b"trailer\n<< /Size " + str(len(objects) + 1).encode() + b" /Root 1 0 R >>\nstartxref\n"
    out += str(xref).encode() + b"\n%%EOF\n"
    return bytes(out)


class _DemoRenderer:
    """Stands in for the real renderer beyond the first letters, so the seed stays fast."""

    def __init__(self) -> None:
        self.title = ""

    def pdf(self, html: str) -> bytes:
        return demo_pdf(self.title)


def seed_letters(repos: FirmRepositories, *, today: date, rng: random.Random, documents: DocumentRenderer,
                 quote_ids: list[int], real_pdfs: int = REAL_PDFS) -> int:
    """One letter per accepted quote of a client in `quote_ids`, spread over every status; returns how many
    letters were created. The first `real_pdfs` letters put up for signature get their real PDF (about 1.5 s
    each), the others a one-page demonstration PDF. Writes through `repos` (an open transaction): no commit."""
    stand_in = _DemoRenderer()
    created = 0
    rendered = 0
    for index, quote_id in enumerate(quote_ids):
        quote = repos.quotes.get(quote_id)
        if quote is None or quote.client_id is None:
            continue
        outcome = PLAN[index % len(PLAN)]
        age = rng.randint(20, 60)
        created_on = min(today, (quote.decided_on or today - timedelta(days=age)))
        letter = services.create_from_quote_in_transaction(repos, None, _clock(created_on), quote_id)
        created += 1
        if outcome == "draft" or letter.status is not LetterStatus.DRAFT:
            continue
        if not letter.signatory_email:  # a client without a designated signatory: the demo fills one in
            letter = replace(letter, signatory_name=letter.signatory_name or "Direction générale",
                             signatory_email=f"direction{letter.client_id}@client.example")
            repos.letters.update_draft(letter, repos.letters.body_html(letter.id))
        if outcome == "expired":
            sent_on = today - timedelta(days=rng.randint(35, 50))
        elif outcome == "to_sign":
            sent_on = today - timedelta(days=rng.randint(1, 20))
        else:
            sent_on = min(today, created_on + timedelta(days=rng.randint(1, 5)))
        stand_in.title = f"Lettre de mission {letter.reference}"
        renderer = documents if rendered < real_pdfs else stand_in
        rendered += 1
        services.put_up_for_signature_in_transaction(repos, None, _clock(sent_on), renderer, letter.id)
        decided_on = min(today, sent_on + timedelta(days=rng.randint(2, 15)))
        if outcome == "signed":
            signed = repos.letters.pdf(letter.id) or b"%PDF-1.4\n%%EOF\n"
            services.record_signature_in_transaction(repos, None, _clock(decided_on), letter.id, signed, None,
                                                     SignatureProvider.UPLOAD)
        elif outcome == "refused":
            services.record_refusal_in_transaction(repos, None, _clock(decided_on), letter.id, rng.choice(REFUSALS))
        elif outcome == "expired":
            repos.letters.set_status(letter.id, LetterStatus.EXPIRED, today)
    return created

