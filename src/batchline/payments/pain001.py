"""ISO 20022 pain.001.001.09 (CustomerCreditTransferInitiationV09): credit transfers by file.

One PmtInf per requested execution date and currency, debiting the disbursement account;
one CdtTrfTxInf per payment. NbOfTxs and CtrlSum are given for the message and for each
PmtInf. Agents are named by BIC and, for US banks, by ABA routing number (clearing system
USABA); accounts by IBAN or, without one, by their account number (Othr/Id).
"""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from batchline.payments.amounts import exact_text, minor_units
from batchline.payments.errors import PaymentFileError
from batchline.payments.model import (
    DisbursementAccount,
    PaidDocument,
    Payment,
    PaymentMethod,
    PaymentProcessProfile,
    PostalAddress,
)
from batchline.payments.remittance import unstructured_remittance
from batchline.payments.routing import check_bic, check_iban, check_routing_number
from batchline.payments.validation import check_payment, check_unique_ids

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
_CHARGE_BEARERS = ("DEBT", "CRED", "SHAR", "SLEV")


@dataclass(frozen=True, slots=True)
class Pain001File:
    xml: bytes  # UTF-8, with an XML declaration
    message_id: str
    transaction_count: int
    control_sum: Decimal
    payment_information_ids: tuple[str, ...]


def _text(value: str, width: int) -> str:
    """Free text of at most ``width`` characters: control characters become spaces, then cut."""
    cleaned = "".join(" " if unicodedata.category(c).startswith("C") else c for c in value)
    return " ".join(cleaned.split())[:width]


def _identifier(value: str, what: str, width: int = 35) -> str:
    if not value.strip() or len(value) > width or not value.isprintable():
        raise PaymentFileError(what, f"1 to {width} printable characters", repr(value))
    return value


def _sum_text(amounts: Sequence[Decimal], currencies: Sequence[str]) -> str:
    places = max(minor_units(currency) for currency in currencies)
    return f"{sum(amounts, Decimal(0)):.{places}f}"


class _Builder:
    def __init__(self, account: DisbursementAccount, profile: PaymentProcessProfile) -> None:
        self.account, self.profile = account, profile
        if profile.charge_bearer and profile.charge_bearer not in _CHARGE_BEARERS:
            raise PaymentFileError("Charge bearer", " or ".join(_CHARGE_BEARERS), repr(profile.charge_bearer))

    def sub(self, parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, tag, attributes)
        if text is not None:
            element.text = text
        return element

    def party(
        self, parent: ET.Element, tag: str, name: str, address: PostalAddress | None, org_id: str = ""
    ) -> None:
        party = self.sub(parent, tag)
        self.sub(party, "Nm", _text(name, 140))
        if address is not None and (address.lines or address.country):
            postal = self.sub(party, "PstlAdr")
            if address.country:
                self.sub(postal, "Ctry", address.country)
            for line in address.lines[:7]:
                if line.strip():
                    self.sub(postal, "AdrLine", _text(line, 70))
        if org_id:
            other = self.sub(self.sub(self.sub(party, "Id"), "OrgId"), "Othr")
            self.sub(other, "Id", _identifier(org_id, "Initiating party id"))

    def account_id(
        self, parent: ET.Element, tag: str, iban: str, number: str, what: str, currency: str = ""
    ) -> None:
        account = self.sub(parent, tag)
        identification = self.sub(account, "Id")
        if iban:
            self.sub(identification, "IBAN", check_iban(iban, f"{what} IBAN"))
        elif number:
            self.sub(self.sub(identification, "Othr"), "Id", _identifier(number, what, 34))
        else:
            raise PaymentFileError(what, "an IBAN or an account number", "neither")
        if currency:
            self.sub(account, "Ccy", currency)

    def agent(self, parent: ET.Element, tag: str, bic: str, routing: str, what: str, name: str = "") -> None:
        institution = self.sub(self.sub(parent, tag), "FinInstnId")
        if bic:
            self.sub(institution, "BICFI", check_bic(bic, f"{what} BIC"))
        if routing:
            member = self.sub(institution, "ClrSysMmbId")
            self.sub(self.sub(member, "ClrSysId"), "Cd", "USABA")
            self.sub(member, "MmbId", check_routing_number(routing, f"{what} routing number"))
        if name:
            self.sub(institution, "Nm", _text(name, 140))

    def payment_information(
        self, root: ET.Element, pmt_inf_id: str, day: date, payments: Sequence[Payment]
    ) -> None:
        account, profile = self.account, self.profile
        info = self.sub(root, "PmtInf")
        self.sub(info, "PmtInfId", _identifier(pmt_inf_id, "Payment information id"))
        self.sub(info, "PmtMtd", "TRF")
        if profile.batch_booking is not None:
            self.sub(info, "BtchBookg", "true" if profile.batch_booking else "false")
        self.sub(info, "NbOfTxs", str(len(payments)))
        self.sub(info, "CtrlSum", _sum_text([p.amount for p in payments], [p.currency for p in payments]))
        if profile.service_level:
            self.sub(self.sub(self.sub(info, "PmtTpInf"), "SvcLvl"), "Cd", profile.service_level)
        self.sub(self.sub(info, "ReqdExctnDt"), "Dt", day.isoformat())
        address = PostalAddress(account.company_address, country="") if account.company_address else None
        self.party(info, "Dbtr", account.company_name, address)
        self.account_id(
            info, "DbtrAcct", account.iban, account.account_number, "Debtor account", account.currency
        )
        self.agent(info, "DbtrAgt", account.bic, account.routing_number, "Debtor agent")
        if profile.charge_bearer:
            self.sub(info, "ChrgBr", profile.charge_bearer)
        for payment in payments:
            self.transaction(info, payment)

    def transaction(self, parent: ET.Element, payment: Payment) -> None:
        where = f"Payment {payment.payment_id!r}"
        remit_to = payment.remit_to
        if remit_to is None:
            raise PaymentFileError(f"{where}: remit-to bank account", "an IBAN or an account number", "none")
        transaction = self.sub(parent, "CdtTrfTxInf")
        identification = self.sub(transaction, "PmtId")
        self.sub(identification, "InstrId", _identifier(payment.payment_id, f"{where}: id"))
        self.sub(identification, "EndToEndId", payment.payment_id)
        amount = exact_text(payment.amount, f"{where}: amount", currency=payment.currency)
        self.sub(self.sub(transaction, "Amt"), "InstdAmt", amount, Ccy=payment.currency)
        if remit_to.bic or remit_to.routing_number:
            self.agent(
                transaction,
                "CdtrAgt",
                remit_to.bic,
                remit_to.routing_number,
                f"{where}: creditor agent",
                remit_to.bank_name,
            )
        self.party(transaction, "Cdtr", payment.payee_name, payment.payee_address)
        self.account_id(
            transaction, "CdtrAcct", remit_to.iban, remit_to.account_number, f"{where}: creditor account"
        )
        remittance = self.sub(transaction, "RmtInf")
        if self.profile.structured_remittance and payment.documents:
            for document in payment.documents:
                self.structured(remittance, document, payment.currency)
        else:
            self.sub(remittance, "Ustrd", unstructured_remittance(payment))

    def structured(self, parent: ET.Element, document: PaidDocument, currency: str) -> None:
        credit_note = document.net_paid < 0
        what = f"Invoice {document.invoice_number!r}"

        def amount(tag: str, element: ET.Element, value: Decimal) -> None:
            self.sub(element, tag, exact_text(abs(value), what, currency=currency), Ccy=currency)

        structured = self.sub(parent, "Strd")
        referred = self.sub(structured, "RfrdDocInf")
        self.sub(self.sub(self.sub(referred, "Tp"), "CdOrPrtry"), "Cd", "CREN" if credit_note else "CINV")
        self.sub(referred, "Nb", _identifier(document.invoice_number, f"{what}: number"))
        self.sub(referred, "RltdDt", document.invoice_date.isoformat())
        amounts = self.sub(structured, "RfrdDocAmt")
        amount("DuePyblAmt", amounts, document.gross_amount)
        if document.discount_taken:
            amount("Amt", self.sub(amounts, "DscntApldAmt"), document.discount_taken)
        if document.withholding:
            amount("Amt", self.sub(amounts, "TaxAmt"), document.withholding)
        amount("RmtdAmt", amounts, document.net_paid)


def build_pain001(
    payments: Sequence[Payment],
    account: DisbursementAccount,
    profile: PaymentProcessProfile,
    *,
    message_id: str,
    created: datetime,
) -> Pain001File:
    """The pain.001.001.09 message paying ``payments`` (all WIRE) from ``account``."""
    if not payments:
        raise PaymentFileError("pain.001 message", "at least one payment", "none")
    _identifier(message_id, "Message id", 31)  # leaves room for the -NNN of each PmtInf
    for payment in payments:
        check_payment(payment, PaymentMethod.WIRE)
    check_unique_ids(payments)
    builder = _Builder(account, profile)
    # Unqualified tags under a literal default namespace declaration: every element lands in
    # the pain.001.001.09 namespace without touching ElementTree's global prefix registry.
    document = ET.Element("Document", xmlns=NAMESPACE)
    root = builder.sub(document, "CstmrCdtTrfInitn")
    header = builder.sub(root, "GrpHdr")
    builder.sub(header, "MsgId", message_id)
    builder.sub(header, "CreDtTm", created.replace(microsecond=0).isoformat())
    builder.sub(header, "NbOfTxs", str(len(payments)))
    builder.sub(header, "CtrlSum", _sum_text([p.amount for p in payments], [p.currency for p in payments]))
    builder.party(
        header, "InitgPty", account.company_name, None, profile.initiating_party_id or account.company_id
    )
    groups: defaultdict[tuple[date, str], list[Payment]] = defaultdict(list)
    for payment in payments:
        groups[(payment.payment_date, payment.currency)].append(payment)
    ids = []
    for number, key in enumerate(sorted(groups), start=1):
        ids.append(f"{message_id}-{number:03d}")
        builder.payment_information(root, ids[-1], key[0], groups[key])
    ET.indent(document)
    xml = ET.tostring(document, encoding="UTF-8", xml_declaration=True)
    return Pain001File(
        xml, message_id, len(payments), sum((p.amount for p in payments), Decimal(0)), tuple(ids)
    )
