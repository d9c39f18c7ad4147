"""pain.001.001.09: valid against the official ISO 20022 schema, and its counts and sums add up."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import pytest
import xmlschema

from batchline.payments.errors import PaymentFileError
from batchline.payments.model import OutputFormat, PayeeBankAccount, Payment, PaymentMethod
from batchline.payments.pain001 import Pain001File, build_pain001
from tests.unit.payments.samples import ach_profile, disbursement_account, invoice, payment, wire_payments

# The schema as published by ISO 20022, shipped inside the sepaxml package: no network at test time.
XSD = files("sepaxml") / "schemas" / "pain.001.001.09.xsd"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}
GOLDEN = Path(__file__).parent / "golden" / "pain001_wires.xml"
CREATED = datetime(2025, 3, 12, 9, 30, 15)


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(XSD))


def build(payments: list[Payment] | None = None, **profile: object) -> Pain001File:
    options: dict[str, object] = {"output_format": OutputFormat.PAIN_001, "balanced_offset": False, **profile}
    return build_pain001(
        wire_payments() if payments is None else payments,
        disbursement_account(),
        ach_profile(**options),
        message_id="PPR42-WIRES-1",
        created=CREATED,
    )


def test_the_message_validates_against_the_official_pain_001_001_09_schema(
    schema: xmlschema.XMLSchema,
) -> None:
    schema.validate(build().xml.decode())


def test_every_option_still_validates(schema: xmlschema.XMLSchema) -> None:
    message = build(
        charge_bearer="SHAR", service_level="URGP", batch_booking=False, structured_remittance=False
    )
    schema.validate(message.xml.decode())


def test_the_writer_reproduces_the_golden_message() -> None:
    assert build().xml == GOLDEN.read_bytes()


def test_counts_and_control_sums_add_up_at_group_and_payment_information_level() -> None:
    root = ET.fromstring(build().xml)
    amounts = [Decimal(a.text or "") for a in root.iterfind(".//p:InstdAmt", NS)]
    assert root.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=NS) == str(len(amounts)) == "3"
    assert Decimal(root.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS) or "") == sum(amounts)
    infos = root.findall(".//p:PmtInf", NS)
    assert len(infos) == 3  # (date, currency): 14 March EUR, 14 March USD, 17 March USD
    for info in infos:
        own = [Decimal(a.text or "") for a in info.iterfind(".//p:InstdAmt", NS)]
        assert info.findtext("p:NbOfTxs", namespaces=NS) == str(len(own))
        assert Decimal(info.findtext("p:CtrlSum", namespaces=NS) or "") == sum(own)
        assert info.findtext("p:PmtMtd", namespaces=NS) == "TRF"
        assert len({a.get("Ccy") for a in info.iterfind(".//p:InstdAmt", NS)}) == 1


def test_amounts_are_written_exactly_with_the_currency_s_decimal_places(schema: xmlschema.XMLSchema) -> None:
    yen = payment("WIR-JPY", "Tokyo Parts KK", (invoice("T-1", "15000"),), method=PaymentMethod.WIRE,
                  remit_to=PayeeBankAccount(account_number="1234567", bic="BOTKJPJT"), currency="JPY")  # fmt: skip
    message = build([*wire_payments(), yen])
    schema.validate(message.xml.decode())
    amounts = [(a.get("Ccy"), a.text) for a in ET.fromstring(message.xml).iterfind(".//p:InstdAmt", NS)]
    assert amounts == [("EUR", "882.00"), ("JPY", "15000"), ("USD", "1174.56"), ("USD", "0.10")]


def test_a_fraction_of_a_yen_is_refused() -> None:
    yen = payment("WIR-JPY", "Tokyo Parts KK", (invoice("T-1", "15000.50"),), method=PaymentMethod.WIRE,
                  remit_to=PayeeBankAccount(account_number="1234567", bic="BOTKJPJT"), currency="JPY")  # fmt: skip
    with pytest.raises(PaymentFileError, match="whole minor units of JPY"):
        build([yen])


def test_structured_remittance_names_each_invoice_with_its_discount_withholding_and_amount_paid() -> None:
    root = ET.fromstring(build().xml)
    documents = root.findall(".//p:Strd", NS)
    numbers = [d.findtext("p:RfrdDocInf/p:Nb", namespaces=NS) for d in documents]
    assert numbers == ["R-2025-118", "INV-1001", "CM-77", "NW-9"]
    invoice_1001 = documents[1].find("p:RfrdDocAmt", NS)
    assert invoice_1001 is not None
    assert invoice_1001.findtext("p:DscntApldAmt/p:Amt", namespaces=NS) == "25.44"
    assert invoice_1001.findtext("p:RmtdAmt", namespaces=NS) == "1234.56"
    assert documents[0].findtext("p:RfrdDocAmt/p:TaxAmt/p:Amt", namespaces=NS) == "98.00"


def test_a_credit_memo_is_a_credit_note_with_positive_amounts() -> None:
    credit = ET.fromstring(build().xml).findall(".//p:Strd", NS)[2]
    assert credit.findtext("p:RfrdDocInf/p:Tp/p:CdOrPrtry/p:Cd", namespaces=NS) == "CREN"
    assert credit.findtext("p:RfrdDocAmt/p:RmtdAmt", namespaces=NS) == "60.00"


def test_unstructured_remittance_lists_the_invoices_on_one_line() -> None:
    root = ET.fromstring(build(structured_remittance=False).xml)
    lines = [u.text for u in root.iterfind(".//p:Ustrd", NS)]
    assert lines[1] == "INV INV-1001 1234.56,CM-77 -60.00"


def test_agents_are_named_by_bic_and_by_aba_routing_number() -> None:
    root = ET.fromstring(build().xml)
    agent = root.findall(".//p:CdtrAgt/p:FinInstnId", NS)[1]
    assert agent.findtext("p:BICFI", namespaces=NS) == "CHASUS33"
    assert agent.findtext("p:ClrSysMmbId/p:ClrSysId/p:Cd", namespaces=NS) == "USABA"
    assert agent.findtext("p:ClrSysMmbId/p:MmbId", namespaces=NS) == "021000021"


def test_an_iban_whose_check_digits_fail_is_refused() -> None:
    bad = replace(
        wire_payments()[1], remit_to=PayeeBankAccount(iban="DE88370400440532013000", bic="COBADEFFXXX")
    )
    with pytest.raises(PaymentFileError, match="check digits hold"):
        build([bad])


def test_a_malformed_bic_is_refused() -> None:
    bad = replace(wire_payments()[1], remit_to=PayeeBankAccount(iban="DE89370400440532013000", bic="COBA-DE"))
    with pytest.raises(PaymentFileError, match="a BIC of 8 or 11"):
        build([bad])


def test_a_payment_reference_longer_than_35_characters_is_refused() -> None:
    bad = replace(wire_payments()[0], payment_id="X" * 36)
    with pytest.raises(PaymentFileError, match="1 to 35 printable characters"):
        build([bad])
