"""Print drops: files appear in the facility's folder whole, once, and the job ticket adds up."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from batchline.delivery.print_drop import TicketBatch, drop_file, write_job_ticket
from batchline.delivery.transfer import Drop, open_drop


def source(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "work" / "J1-P0001.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def folder(path: Path) -> Drop:
    return open_drop(str(path))


def test_a_dropped_file_has_the_source_bytes_and_no_partial_file_is_left(tmp_path: Path) -> None:
    drop = tmp_path / "drop" / "DEMO"
    target = Path(drop_file(source(tmp_path, b"%PDF batch one"), folder(drop), "J1-P0001.pdf"))
    assert target == drop / "J1-P0001.pdf"
    assert target.read_bytes() == b"%PDF batch one"
    assert sorted(p.name for p in drop.iterdir()) == ["J1-P0001.pdf"]


def test_dropping_an_identical_file_again_leaves_the_dropped_file_alone(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    original = source(tmp_path, b"%PDF batch one")
    target = Path(drop_file(original, folder(drop), "J1-P0001.pdf"))
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    drop_file(original, folder(drop), "J1-P0001.pdf")
    assert target.stat().st_mtime_ns == 1_000_000_000
    assert sorted(p.name for p in drop.iterdir()) == ["J1-P0001.pdf"]


def test_dropping_a_changed_file_replaces_the_dropped_one(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop_file(source(tmp_path, b"%PDF batch one"), folder(drop), "J1-P0001.pdf")
    drop_file(source(tmp_path, b"%PDF batch ONE"), folder(drop), "J1-P0001.pdf")  # same size, other bytes
    drop_file(source(tmp_path, b"%PDF batch one, re-rendered"), folder(drop), "J1-P0001.pdf")
    assert (drop / "J1-P0001.pdf").read_bytes() == b"%PDF batch one, re-rendered"
    assert sorted(p.name for p in drop.iterdir()) == ["J1-P0001.pdf"]


def test_the_job_ticket_lists_each_batch_with_its_zip_range_and_the_totals(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    batches = [
        TicketBatch("J1-P0001", "J1-P0001.pdf", 500, 520, "02108", "44113"),
        TicketBatch("J1-P0002", "J1-P0002.pdf", 17, 17, "46204", "98101"),
    ]
    path = Path(
        write_job_ticket(folder(drop), "J1", "DEMO", "Batchline Print Facility", date(2026, 11, 27), batches)
    )
    assert path == drop / "J1.ticket.json"
    ticket = json.loads(path.read_text(encoding="utf-8"))
    assert ticket["job_id"] == "J1"
    assert ticket["client_id"] == "DEMO"
    assert ticket["facility"] == "Batchline Print Facility"
    assert ticket["deliver_to_post_office_by"] == "2026-11-27"
    assert ticket["mail_class"] == "First-Class Mail"
    assert ticket["totals"] == {"batches": 2, "pieces": 517, "sheets": 537}
    assert [(b["batch_id"], b["file"], b["zip_first"], b["zip_last"]) for b in ticket["batches"]] == [
        ("J1-P0001", "J1-P0001.pdf", "02108", "44113"),
        ("J1-P0002", "J1-P0002.pdf", "46204", "98101"),
    ]
    assert sorted(p.name for p in drop.iterdir()) == ["J1.ticket.json"]


def test_writing_the_ticket_again_replaces_it(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    first = [TicketBatch("J1-P0001", "J1-P0001.pdf", 10, 10, "02108", "10001")]
    write_job_ticket(folder(drop), "J1", "DEMO", "Facility", date(2026, 11, 27), first)
    write_job_ticket(folder(drop), "J1", "DEMO", "Facility", date(2026, 11, 27), [*first, *first])
    ticket = json.loads((drop / "J1.ticket.json").read_text(encoding="utf-8"))
    assert ticket["totals"]["pieces"] == 20
    assert sorted(p.name for p in drop.iterdir()) == ["J1.ticket.json"]
