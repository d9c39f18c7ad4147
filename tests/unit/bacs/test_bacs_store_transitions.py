"""Every ordered pair of seed 002's batch statuses, moved in a real database (SQLite and PostgreSQL).

The expected answer comes from the seed's own table (plus the catalog's documented
extra moves), so the store is checked against the specification, not against itself.
"""

from __future__ import annotations

import itertools

import pytest

from batchline.lifecycle import BACS_BATCH, IllegalTransition
from batchline.store import status
from batchline.store.db import Store
from batchline.store.models import ObjectStatus
from tests.conftest import SHARED
from tests.unit.lifecycle.test_bacs_transitions import DOCUMENTED_EXTRAS, seed_002_moves, seed_002_statuses


def seed_002_table() -> tuple[list[str], set[tuple[str, str]]]:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"seed files not found at {seeds}")
    (path,) = seeds.glob("002_*.txt")
    text = path.read_text(encoding="utf-8")
    return seed_002_statuses(text), seed_002_moves(text)


def test_every_pair_of_statuses_moves_in_the_store_exactly_when_the_seed_allows_it(store: Store) -> None:
    titles, moves = seed_002_table()
    allowed = moves | DOCUMENTED_EXTRAS
    code = {s.title: s.code for s in BACS_BATCH.statuses}
    assert len(titles) == 15 and set(titles) == set(code)
    pairs = list(itertools.product(titles, repeat=2))
    with store.unit_of_work() as session:
        for n, (source, _) in enumerate(pairs):
            session.add(ObjectStatus(lifecycle=BACS_BATCH.name, object_id=f"B{n}", status=code[source]))
    wrong = []
    for n, (source, target) in enumerate(pairs):
        try:
            with store.unit_of_work() as session:
                status.move(session, BACS_BATCH, f"B{n}", code[target], actor="test", reason="every pair")
            moved = True
        except IllegalTransition as refused:
            moved = False
            assert target in str(refused)
        with store.unit_of_work() as session:
            now = status.current_status(session, BACS_BATCH, f"B{n}")
            trail = status.history(session, BACS_BATCH, f"B{n}")
        expected = (source, target) in allowed
        if moved != expected or now != code[target if moved else source] or len(trail) != int(moved):
            wrong.append((source, target, moved, now, len(trail)))
    assert wrong == []
