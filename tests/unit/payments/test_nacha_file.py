"""NACHA files: the golden file, an independent reader reconciling what the writer made, and refusals."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from batchline.payments.errors import FileIdModifiersExhausted, PaymentFileError
from batchline.payments.model import PayeeBankAccount, Payment, PaymentMethod, SecCode
from batchline.payments.nacha import FILE_ID_MODIFIERS, NachaFile, build_nacha_file, next_file_id_modifier
from tests.unit.payments.nacha_reader import problems, read_ach
from tests.unit.payments.samples import (
    ach_profile,
    disbursement_account,
    golden_ach_payments,
    invoice,
    payment,
)

GOLDEN = Path(__file__).parent / "golden" / "ccd_plus_balanced.ach"
CREATED = datetime(2025, 3, 12, 9, 30)


def build(payments: list[Payment] | None = None, **profile: object) -> NachaFile:
    return build_nacha_file(
        golden_ach_payments() if payments is None else payments,
        disbursement_account(),
        ach_profile(**profile),
        created=CREATED,
        file_id_modifier="A",
    )


def many_payments(count: int) -> list[Payment]:
    return [
        payment(f"P{n:05d}", f"Supplier {n}", (invoice(f"I{n}", f"{n}.{n % 100:02d}"),),
                remit_to=PayeeBankAccount("021000021", f"{n:09d}"))
        for n in range(1, count + 1)
    ]  # fmt: skip


def test_the_writer_reproduces_the_hand_checked_golden_file() -> None:
    assert build().to_bytes() == GOLDEN.read_bytes()


def test_the_golden_file_reconciles_under_the_independent_reader() -> None:
    ach = read_ach(GOLDEN.read_text())
    assert problems(ach) == []
    assert [b.effective_date for b in ach.batches] == ["250314", "250317"]
    assert [e.transaction_code for e in ach.entries] == ["22", "32", "27", "22", "27"]
    assert ach.total_debit_cents == ach.total_credit_cents == 149506


def test_the_independent_reader_finds_a_tampered_amount_and_missing_padding() -> None:
    lines = GOLDEN.read_text().splitlines()
    lines[2] = lines[2][:38] + "7" + lines[2][39:]  # entry amount 1234.56 becomes 1234.57
    found = problems(read_ach("\n".join(lines[:-1])))
    assert any("batch 1 control total credits" in p for p in found)
    assert any("not a multiple of the blocking factor" in p for p in found)


def test_every_record_is_94_characters_and_the_file_fills_whole_blocks_with_nines() -> None:
    nacha = build()
    assert all(len(record) == 94 for record in nacha.records)
    assert len(nacha.records) == 10 * nacha.block_count
    assert nacha.records[-6:] == ("9" * 94,) * 6
    assert nacha.to_bytes(line_ending="\r\n").count(b"\r\n") == 20


def test_the_entry_hash_is_the_rightmost_ten_digits_of_the_summed_rdfi_identifications() -> None:
    # 1,300 entries to an RDFI of 8 digits overflow ten digits: the hash keeps the rightmost ten.
    payments = [replace(p, remit_to=PayeeBankAccount("322271627", "1")) for p in many_payments(1300)]
    nacha = build(payments, balanced_offset=False)
    assert nacha.entry_hash == (32227162 * 1300) % 10**10
    assert problems(read_ach(nacha.to_bytes().decode())) == []


def test_a_balanced_offset_debits_the_company_account_for_each_batch_s_credits() -> None:
    ach = read_ach(build().to_bytes().decode())
    for batch in ach.batches:
        offset = batch.entries[-1]
        credits = sum(e.amount_cents for e in batch.entries[:-1])
        assert (offset.transaction_code, offset.rdfi + offset.check_digit, offset.account) == (
            "27", "011000015", "9876543210")  # fmt: skip
        assert offset.amount_cents == credits
        assert batch.service_class == "200"


def test_an_unbalanced_ppd_file_is_credits_only_without_addenda() -> None:
    nacha = build(balanced_offset=False, sec_code=SecCode.PPD, remittance_addenda=False)
    ach = read_ach(nacha.to_bytes().decode())
    assert problems(ach) == []
    assert {b.sec_code for b in ach.batches} == {"PPD"}
    assert {b.service_class for b in ach.batches} == {"220"}
    assert all(not e.addenda and e.addenda_indicator == "0" for e in ach.entries)
    assert nacha.total_debit == 0 and nacha.total_credit == Decimal("1495.06")


def test_a_large_file_reconciles_with_trace_numbers_in_sequence() -> None:
    nacha = build(many_payments(250))
    ach = read_ach(nacha.to_bytes().decode())
    assert problems(ach) == []
    assert [t.trace_number for t in nacha.traces] == [e.trace for e in ach.entries[:-1]]
    assert nacha.traces[-1].trace_number == "011000010000250"


def test_ccd_plus_addenda_carry_rmr_segments_or_a_list_of_the_invoices_that_do_not_fit() -> None:
    ach = read_ach(GOLDEN.read_text())
    first, _, _, northwind, _ = ach.entries
    assert first.addenda[0][3:83].rstrip() == "RMR*IV*INV-1001**1234.56*1260.00*25.44\\"
    assert northwind.addenda[0][3:83].rstrip().endswith("NW-2025-0005 +2 MORE")


def test_names_are_transliterated_upper_case_and_cut_to_the_field() -> None:
    names = [e.name for e in read_ach(GOLDEN.read_text()).entries]
    assert names[1] == "ZOE MULLER GMBH"
    assert names[3] == "NORTHWIND TRADERS INCO"


def test_a_name_with_no_ascii_spelling_is_refused_with_where_and_what() -> None:
    bad = [replace(golden_ach_payments()[0], payee_name="北京贸易")]
    with pytest.raises(
        PaymentFileError, match=r"Payment 'PAY0001': payee name: expected text that can be spelled"
    ):
        build(bad)


def test_a_routing_number_with_a_wrong_check_digit_is_refused() -> None:
    bad = [replace(golden_ach_payments()[0], remit_to=PayeeBankAccount("021000022", "1"))]
    with pytest.raises(PaymentFileError, match="expected check digit 1"):
        build(bad)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(Decimal("10.005"), "a fraction of one"), (Decimal("100000000.00"), "at most 99,999,999.99"),
     (Decimal("0.00"), "more than zero"), (1.5, "never a float")],
)  # fmt: skip
def test_amounts_are_exact_cents_within_the_ten_digit_field(amount: Decimal, expected: str) -> None:
    bad = [replace(golden_ach_payments()[0], amount=amount, documents=())]
    with pytest.raises(PaymentFileError, match=expected):
        build(bad)


def test_payments_of_another_method_or_currency_are_refused() -> None:
    first = golden_ach_payments()[0]
    with pytest.raises(
        PaymentFileError, match=r"expected ACH \(the only method this file carries\), found CHECK"
    ):
        build([replace(first, method=PaymentMethod.CHECK)])
    with pytest.raises(PaymentFileError, match="expected USD in a NACHA file"):
        build([replace(first, currency="CAD")])


def test_a_payment_whose_invoices_do_not_add_up_is_refused() -> None:
    bad = [replace(golden_ach_payments()[0], amount=Decimal("1234.55"))]
    with pytest.raises(PaymentFileError, match=r"net amounts adding up to the payment amount 1234\.55"):
        build(bad)


def test_the_same_payment_twice_in_one_file_is_refused() -> None:
    first = golden_ach_payments()[0]
    with pytest.raises(PaymentFileError, match="repeated: PAY0001"):
        build([first, first])


def test_the_file_id_modifier_is_the_first_unused_one_of_the_day() -> None:
    assert next_file_id_modifier(set()) == "A"
    assert next_file_id_modifier({"A", "B"}) == "C"
    assert next_file_id_modifier(set(FILE_ID_MODIFIERS[:26])) == "0"


def test_a_thirty_seventh_file_in_one_day_is_refused() -> None:
    with pytest.raises(FileIdModifiersExhausted, match="all 36 used"):
        next_file_id_modifier(set(FILE_ID_MODIFIERS))


def test_a_file_id_modifier_outside_a_to_z_and_0_to_9_is_refused() -> None:
    with pytest.raises(PaymentFileError, match="one of A-Z or 0-9"):
        build_nacha_file(
            golden_ach_payments(),
            disbursement_account(),
            ach_profile(),
            created=CREATED,
            file_id_modifier="a",
        )
