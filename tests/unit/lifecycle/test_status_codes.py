"""Seed 003's numeric codes and their roll-up from children to parents."""

import itertools

import pytest

from batchline.lifecycle import (
    CODES,
    ObjectKind,
    UnknownStatusCode,
    code_meaning,
    describe,
    is_error,
    rollup,
    stage_of,
)


def test_every_code_description_is_seed_003_text(seed_text):
    text = seed_text("003")
    for kind, table in CODES.items():
        for code, description in table.items():
            if kind == "PUB" and code != 999:
                continue  # the seed leaves these blank
            assert f"{code} |\n{description} |" in text, (kind, code, description)


def test_the_job_codes_are_seed_003s_from_not_ready_to_all_completed():
    assert describe("JOB", 0) == "Job Not Ready"
    assert describe("JOB", 111) == "Job Ready (Identifier-Ready)"
    assert describe("JOB", 999) == "All Completed (Processing-Complete)"
    assert describe(ObjectKind.TRN, 888) == "Cancelled"
    assert describe("BCH", 999) == "Processing Complete"


def test_a_code_a_kind_does_not_hold_is_a_typed_error():
    with pytest.raises(UnknownStatusCode, match="JOB objects have no status code 231"):
        describe("JOB", 231)


@pytest.mark.parametrize(
    ("code", "meaning"),
    [
        (0, "Not Ready or On Hold"),
        (101, "Pending"),
        (211, "Ready"),
        (415, "Batch Processing"),
        (221, "Scheduled"),
        (231, "Processing"),
        (241, "Error"),
        (888, "Cancelled"),
        (290, "Processed"),
        (999, "All Complete"),
    ],
)
def test_a_codes_last_two_digits_give_its_generic_meaning(code, meaning):
    assert code_meaning(code) == meaning


def test_a_code_outside_the_scheme_has_no_meaning():
    with pytest.raises(UnknownStatusCode):
        code_meaning(255)


def test_error_codes_end_in_41_and_stages_are_the_hundreds_digit():
    assert [c for c in CODES["BCH"] if is_error(c)] == [441, 541, 641, 741]
    assert (stage_of(131), stage_of(541), stage_of(999)) == (1, 5, 9)


def test_a_job_whose_transactions_are_all_assembled_is_assembly_processed():
    assert rollup("JOB", [290, 290, 290]) == 290


def test_one_transaction_in_assembly_error_puts_the_job_in_error():
    # JOB declares no 241; its nearest error code, ties to the earlier stage, is 141.
    assert rollup("JOB", [290, 241, 231]) == 141


def test_an_error_in_a_stage_the_job_tracks_keeps_that_stage():
    assert rollup("JOB", [390, 341]) == 341
    assert rollup("JOB", [999, 541]) == 541


def test_a_job_with_transactions_still_assembling_is_assembly_ready():
    assert rollup("JOB", [231, 290]) == 211


def test_a_job_with_transactions_pending_a_stage_is_at_that_stages_ready_code():
    assert rollup("JOB", [301, 390]) == 311


def test_all_complete_children_complete_the_parent():
    assert rollup("JOB", [999, 999]) == 999
    assert rollup("RCP", [999]) == 999


def test_cancelled_children_are_ignored_unless_all_are_cancelled():
    assert rollup("JOB", [888, 999, 999]) == 999
    assert rollup("JOB", [888, 290]) == 290
    assert rollup("TRN", [888, 888]) == 888


def test_a_transaction_stays_in_presentation_while_its_batches_archive_publish_and_notify():
    assert rollup("TRN", [590, 711, 999]) == 431
    assert rollup("TRN", [741, 999]) == 541


def test_a_recipient_is_complete_only_when_all_its_batches_are():
    assert rollup("RCP", [999, 690]) == 411
    assert rollup("RCP", [541]) == 411


def test_a_roll_up_always_returns_a_code_the_parent_declares():
    every_code = sorted({code for table in CODES.values() for code in table})
    for kind in ObjectKind:
        for pair in itertools.product(every_code, repeat=2):
            assert rollup(kind, pair) in CODES[kind], (kind, pair)


def test_a_roll_up_needs_known_child_codes():
    with pytest.raises(UnknownStatusCode):
        rollup("JOB", [])
    with pytest.raises(UnknownStatusCode, match="255"):
        rollup("JOB", [255])
