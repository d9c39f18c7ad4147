"""Sending Emails, Faxes, and e-bills: every electronic channel, each delivery recorded and sent once.

- EMAIL: a message per document over SMTP, the bill PDF attached.
- FAX: a message per document to the client's email-to-fax gateway, the PDF as the fax.
- EBILL: the PDF and a JSON index entry per document to the portal location, the job's manifest last.
- CSV: one CSV file per job (document fields and line items) to the export location; no PDF.

A delivery that fails is FAILED with the reason and the rest go on. A server that cannot
be reached at all (connection, login or host key refused) fails every remaining delivery
of that channel with that reason at once; the other channels still go. Email and fax are
claimed one by one and an interrupted one is UNCERTAIN (never sent twice); the portal and
the export replace files by name, so an interrupted put is simply done again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from batchline.billing import jobs
from batchline.billing.assemble import electronic_pdf
from batchline.billing.context import JobContext
from batchline.delivery import csv_export, portal
from batchline.delivery.email import EmailDeliveryError, EmailPiece, SmtpMailer, SmtpUnavailable
from batchline.delivery.fax import FaxNumberError, gateway_address
from batchline.delivery.transfer import (
    LOCAL,
    Drop,
    Location,
    SftpCredentials,
    TransferError,
    TransferUnavailable,
    open_drop,
    parse_location,
)
from batchline.errors import BatchlineError
from batchline.store import deliveries
from batchline.store.deliveries import PlannedDelivery
from batchline.store.models import Delivery
from batchline.store.types import utcnow

CHANNELS = ("EMAIL", "FAX", "EBILL", "CSV")
MANIFEST_RECORD = "ebill_manifest"


class ElectronicDeliveryError(BatchlineError):
    """Deliveries went, but something the channel needs after them did not (the portal manifest)."""


@dataclass
class ChannelOutcome:
    sent_now: int = 0
    failed_now: int = 0
    interrupted: int = 0


def location_of(ctx: JobContext, channel: str) -> Location:
    """Where a channel's files go: the profile's location, else the settings' folder for the client."""
    configured, default = {
        "PRINT": (ctx.profile.print.drop, ctx.settings.print_drop),
        "EBILL": (ctx.profile.ebill.portal, ctx.settings.ebill_portal),
        "CSV": (ctx.profile.csv_export.location, ctx.settings.csv_export),
    }[channel]
    return parse_location(configured) if configured else Location(LOCAL, str(default / ctx.client_id))


def credentials(ctx: JobContext) -> SftpCredentials:
    s = ctx.settings
    return SftpCredentials(s.sftp_key_file, s.sftp_password, s.sftp_known_hosts, s.sftp_timeout)


def open_location(ctx: JobContext, channel: str) -> Drop:
    return open_drop(location_of(ctx, channel), credentials(ctx))


def csv_file_name(job_id: str) -> str:
    return f"{job_id}.csv"


def delivery_planner(ctx: JobContext) -> Callable[[str, str, str], PlannedDelivery]:
    """plan(number, channel, contact): a delivery of an electronic channel with its destination.

    A fax number no gateway can dial fails here, before approval, so the reviewer sees it.
    """
    fax = ctx.profile.fax
    portal_folder = location_of(ctx, "EBILL").join(ctx.job_id)
    export_file = str(location_of(ctx, "CSV").join(csv_file_name(ctx.job_id)))

    def plan(number: str, channel: str, contact: str) -> PlannedDelivery:
        if channel == "FAX":
            if fax is None:
                reason = 'no fax gateway in the client profile: add [fax] gateway = "{number}@..."'
                return PlannedDelivery(number, channel, state=deliveries.HELD, reason=reason)
            try:
                return PlannedDelivery(
                    number, channel, destination=gateway_address(fax.gateway, contact, number)
                )
            except FaxNumberError as bad:
                return PlannedDelivery(number, channel, contact, state=deliveries.FAILED, reason=str(bad))
        if channel == "EBILL":
            return PlannedDelivery(number, channel, destination=str(portal_folder.join(f"{number}.pdf")))
        if channel == "CSV":
            return PlannedDelivery(number, channel, destination=export_file)
        return PlannedDelivery(number, channel, destination=contact)

    return plan


def publication_locations(ctx: JobContext) -> dict[str, str]:
    """Where each channel publishes, for the record (never with a password)."""
    s, fax = ctx.settings, ctx.profile.fax
    return {
        "PRINT": str(location_of(ctx, "PRINT")),
        "EMAIL": f"smtp://{s.smtp_host}:{s.smtp_port}",
        "FAX": f"smtp://{s.smtp_host}:{s.smtp_port} to {fax.gateway}" if fax else "",
        "EBILL": str(location_of(ctx, "EBILL").join(ctx.job_id)),
        "CSV": str(location_of(ctx, "CSV").join(csv_file_name(ctx.job_id))),
    }


def send_electronic(ctx: JobContext) -> dict[str, Any]:
    """Every electronic channel in turn; counts per channel and, at the top level, over all of them."""
    outcomes = {
        "EMAIL": _send_mail(ctx, "EMAIL"),
        "FAX": _send_mail(ctx, "FAX"),
        "EBILL": _publish_ebills(ctx),
        "CSV": _export_csv(ctx),
    }
    manifest_error = _write_portal_manifest(ctx)
    with ctx.store.unit_of_work() as session:
        counts = deliveries.counts(session, ctx.job_id)
    by_channel = {
        channel: {
            "sent": counts.get((channel, deliveries.SENT), 0),
            "failed": counts.get((channel, deliveries.FAILED), 0),
            "uncertain": counts.get((channel, deliveries.UNCERTAIN), 0),
            **asdict(outcome),
        }
        for channel, outcome in outcomes.items()
    }
    if manifest_error is not None:
        # Every delivery is recorded; the portal cannot import the job until its manifest is there.
        raise ElectronicDeliveryError(
            f"job {ctx.job_id}: e-bills published but not their manifest: {manifest_error}"
        )
    totals = {key: sum(c[key] for c in by_channel.values()) for key in next(iter(by_channel.values()))}
    return {**totals, "by_channel": by_channel}


def _send_mail(ctx: JobContext, channel: str) -> ChannelOutcome:
    """Email or fax: each delivery claimed, sent, finished on one SMTP connection."""
    with ctx.store.unit_of_work() as session:
        outcome = ChannelOutcome(interrupted=deliveries.mark_interrupted(session, ctx.job_id, channel))
        todo = deliveries.pending(session, ctx.job_id, channel)
    if not todo:
        return outcome
    piece, sender = _fax_pieces(ctx) if channel == "FAX" else _email_pieces(ctx)
    with (
        SmtpMailer(ctx.settings.smtp_host, ctx.settings.smtp_port, sender) as mailer,
        deliveries.Claims(ctx.store.engine) as claims,
    ):
        _deliver_each(
            ctx,
            channel,
            claims,
            todo,
            lambda number, destination: mailer.send(piece(number, destination)),
            outcome,
            unavailable=SmtpUnavailable,
            failures=(EmailDeliveryError, OSError),
        )
    return outcome


def _deliver_each(
    ctx: JobContext,
    channel: str,
    claims: deliveries.Claims,
    todo: list[tuple[int, str, str]],
    send: Callable[[str, str], object],
    outcome: ChannelOutcome,
    *,
    unavailable: type[Exception],
    failures: tuple[type[Exception], ...],
) -> None:
    """Claim, send, finish each delivery; one failure marks that one, an unreachable server the rest."""
    for delivery_id, number, destination in todo:
        if not claims.claim(delivery_id):
            continue
        try:
            send(number, destination)
        except unavailable as down:
            claims.finish(delivery_id, ok=False, reason=str(down))
            outcome.failed_now += 1 + _fail_rest(ctx, channel, str(down))
            return
        except failures as error:
            claims.finish(delivery_id, ok=False, reason=str(error))
            outcome.failed_now += 1
            continue
        claims.finish(delivery_id, ok=True)
        outcome.sent_now += 1


PieceFor = Callable[[str, str], EmailPiece]


def _email_pieces(ctx: JobContext) -> tuple[PieceFor, str]:
    profile, titles = ctx.profile, _document_type_titles(ctx)

    def piece(number: str, to: str) -> EmailPiece:
        title = titles.get(number, "Bill")
        return EmailPiece(
            job_id=ctx.job_id,
            document_number=number,
            to=to,
            subject=profile.email_delivery.subject.format(
                document_type_title=title, document_number=number, client_name=profile.name
            ),
            body=(
                f"Your {title.lower()} {number} from {profile.name} is attached.\n\n"
                f"Questions: {profile.phone or profile.email}\n"
            ),
            attachment=electronic_pdf(ctx.workspace, number),
        )

    return piece, profile.email_delivery.sender


def _fax_pieces(ctx: JobContext) -> tuple[PieceFor, str]:
    """The gateway faxes the attachment; the subject and body make its cover sheet, if any."""
    profile, titles = ctx.profile, _document_type_titles(ctx)
    rules = profile.fax
    if rules is None:  # planned HELD then: nothing is pending
        raise ElectronicDeliveryError(f"job {ctx.job_id}: faxes pending but the client profile has no [fax]")

    def piece(number: str, to: str) -> EmailPiece:
        title = titles.get(number, "Bill")
        cover = (
            f"{title} {number} from {profile.name} follows.\nQuestions: {profile.phone or profile.email}\n"
            if rules.cover_page
            else ""
        )
        return EmailPiece(
            job_id=ctx.job_id,
            document_number=number,
            to=to,
            subject=rules.subject.format(
                document_type_title=title, document_number=number, client_name=profile.name
            ),
            body=cover,
            attachment=electronic_pdf(ctx.workspace, number),
        )

    return piece, rules.sender or profile.email_delivery.sender


def _publish_ebills(ctx: JobContext) -> ChannelOutcome:
    with ctx.store.unit_of_work() as session:
        outcome = ChannelOutcome(interrupted=deliveries.retry_interrupted(session, ctx.job_id, "EBILL"))
        todo = deliveries.pending(session, ctx.job_id, "EBILL")
    if not todo:
        return outcome
    try:
        drop = open_location(ctx, "EBILL")
    except TransferUnavailable as down:
        outcome.failed_now += _fail_rest(ctx, "EBILL", str(down))
        return outcome
    documents = _portal_documents(ctx, [number for _, number, _ in todo])
    currency = ctx.profile.ebill.currency
    with drop, deliveries.Claims(ctx.store.engine) as claims:

        def publish(number: str, _destination: str) -> None:
            portal.publish(
                drop,
                documents[number],
                electronic_pdf(ctx.workspace, number).read_bytes(),
                job_id=ctx.job_id,
                client_id=ctx.client_id,
                currency=currency,
                published_at=utcnow(),
            )

        # TransferUnavailable: the connection dropped and could not be made again.
        _deliver_each(
            ctx,
            "EBILL",
            claims,
            todo,
            publish,
            outcome,
            unavailable=TransferUnavailable,
            failures=(TransferError, OSError),
        )
    return outcome


def _write_portal_manifest(ctx: JobContext) -> str | None:
    """The manifest of every e-bill published, unless the one recorded already lists them all.

    Returns the reason it could not be written (None when it is there).
    """
    with ctx.store.unit_of_work() as session:
        published, last = session.execute(
            select(func.count(), func.max(Delivery.sent_at)).where(
                Delivery.job_id == ctx.job_id, Delivery.channel == "EBILL", Delivery.state == deliveries.SENT
            )
        ).one()
        recorded = jobs.get_job(session, ctx.job_id).summary.get(MANIFEST_RECORD)
    if not published or (isinstance(recorded, dict) and recorded.get("documents") == published):
        return None
    with ctx.store.unit_of_work() as session:
        numbers = list(
            session.scalars(
                select(Delivery.document_number).where(
                    Delivery.job_id == ctx.job_id,
                    Delivery.channel == "EBILL",
                    Delivery.state == deliveries.SENT,
                )
            )
        )
    documents = _portal_documents(ctx, numbers)
    try:
        with open_location(ctx, "EBILL") as drop:
            where = portal.write_manifest(
                drop,
                [
                    portal.published_file(documents[n], electronic_pdf(ctx.workspace, n))
                    for n in sorted(numbers)
                ],
                job_id=ctx.job_id,
                client_id=ctx.client_id,
                currency=ctx.profile.ebill.currency,
                published_at=last,
            )
    except (TransferError, OSError) as error:
        return str(error)
    with ctx.store.unit_of_work() as session:
        job = jobs.get_job(session, ctx.job_id)
        job.summary = {**job.summary, MANIFEST_RECORD: {"documents": published, "location": where}}
    return None


def _export_csv(ctx: JobContext) -> ChannelOutcome:
    """The job's CSV documents in one file: all of them land together, or all fail with the reason."""
    with ctx.store.unit_of_work() as session:
        outcome = ChannelOutcome(interrupted=deliveries.retry_interrupted(session, ctx.job_id, "CSV"))
        claimed = deliveries.claim_channel(session, ctx.job_id, "CSV")
    if not claimed:
        return outcome
    try:
        data = csv_export.csv_bytes(_documents_with_lines(ctx, claimed))
        with open_location(ctx, "CSV") as drop:
            drop.put_bytes(data, csv_file_name(ctx.job_id))
    except (TransferError, OSError) as error:
        with ctx.store.unit_of_work() as session:
            outcome.failed_now = deliveries.finish_channel(
                session, ctx.job_id, "CSV", ok=False, reason=str(error)
            )
        return outcome
    with ctx.store.unit_of_work() as session:
        outcome.sent_now = deliveries.finish_channel(session, ctx.job_id, "CSV", ok=True)
    return outcome


def _fail_rest(ctx: JobContext, channel: str, reason: str) -> int:
    with ctx.store.unit_of_work() as session:
        return deliveries.fail_pending(session, ctx.job_id, channel, reason)


def _document_type_titles(ctx: JobContext) -> dict[str, str]:
    import pyarrow.parquet as pq

    docs = pq.read_table(ctx.workspace / "documents.parquet", columns=["document_number", "document_type"])
    return {n: t.title() for n, t in zip(*docs.to_pydict().values(), strict=True)}


def _heads(workspace: Path, numbers: Sequence[str], columns: Sequence[str]) -> list[dict[str, Any]]:
    """Document fields of the given documents, in the job's document order."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(workspace / "documents.parquet", columns=["document_number", *columns])
    wanted = pc.is_in(table.column("document_number"), value_set=pa.array(list(numbers), pa.string()))
    return list(table.filter(wanted).to_pylist())


def _portal_documents(ctx: JobContext, numbers: Sequence[str]) -> dict[str, portal.PortalDocument]:
    fields = [f.name for f in dataclass_fields(portal.PortalDocument) if f.name != "document_number"]
    return {
        head["document_number"]: portal.PortalDocument(**head)
        for head in _heads(ctx.workspace, numbers, fields)
    }


def _documents_with_lines(
    ctx: JobContext, numbers: Sequence[str]
) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    import pyarrow.parquet as pq

    fields = [f for f in csv_export.DOCUMENT_FIELDS if f != "document_number"]
    heads = _heads(ctx.workspace, numbers, [*fields, "first_line", "line_count"])
    lines = pq.read_table(ctx.workspace / "lines.parquet", columns=list(csv_export.LINE_FIELDS))
    return [(head, lines.slice(head["first_line"], head["line_count"]).to_pylist()) for head in heads]
