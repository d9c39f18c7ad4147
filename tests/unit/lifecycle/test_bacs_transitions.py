"""Seed 002's "Next possible status" column is the Bacs table, exactly."""

import itertools

from batchline.lifecycle import BACS_BATCH, IllegalTransition

# The moves the seed's descriptions need but its table lacks (each carries a note).
DOCUMENTED_EXTRAS = {("Approved", "Committed"), ("Locked", "Held for escalation"), ("Sent", "Withdrawn")}


def seed_002_moves(text: str) -> set[tuple[str, str]]:
    moves = set()
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) != 4 or cells[0] in ("Status", "---"):
            continue
        status, _, next_cell, _ = cells
        for target in next_cell.split("•")[1:]:
            moves.add((status, target.split("(")[0].strip()))
    return moves


def seed_002_statuses(text: str) -> list[str]:
    return [line.split(" | ")[0] for line in text.splitlines() if " | " in line][1:]


def test_bacs_titles_are_seed_002s_statuses_in_order(seed_text):
    assert [s.title for s in BACS_BATCH.statuses] == seed_002_statuses(seed_text("002"))


def test_the_seed_table_parses_to_every_status_and_move(seed_text):
    text = seed_text("002")
    assert len(seed_002_statuses(text)) == 15
    assert ("Held for escalation", "Rejected") in seed_002_moves(text)
    assert not any(source == "Archived" for source, _ in seed_002_moves(text))


def test_every_ordered_pair_of_bacs_statuses_is_allowed_exactly_when_the_seed_allows_it(seed_text):
    text = seed_text("002")
    allowed = seed_002_moves(text) | DOCUMENTED_EXTRAS
    code = {s.title: s.code for s in BACS_BATCH.statuses}
    wrong = []
    for source, target in itertools.product(seed_002_statuses(text), repeat=2):
        try:
            BACS_BATCH.check_move(code[source], code[target], object_id="B-1")
            passed = True
        except IllegalTransition:
            passed = False
        if passed != ((source, target) in allowed):
            wrong.append((source, target, passed))
    assert wrong == []


def test_only_the_documented_extra_moves_carry_a_note():
    noted = {s.title for s in BACS_BATCH.statuses if s.note}
    assert noted == {source for source, _ in DOCUMENTED_EXTRAS}


def test_a_bacs_batch_starts_from_file_import_or_manual_entry():
    assert BACS_BATCH.initial == ("IMPORT_IN_PROGRESS", "DRAFT")
    assert BACS_BATCH.final_codes == ("ARCHIVED",)
    assert BACS_BATCH.status("COMMITTED").state_type == "SCHEDULED"
