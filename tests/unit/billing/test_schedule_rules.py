"""Client rules that put dates on a job: electronic bills held to a date, and timed starts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from batchline.billing import preview
from batchline.billing.datafile import read_billing_file
from batchline.billing.profile import ClientProfile, ElectronicDelay, IntakeRules
from batchline.billing.sample import write_sample_file
from batchline.billing.schedule import electronic_send_time, start_time

APPROVED = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # Friday 10:00 in New York


def test_no_rule_means_electronic_bills_go_when_approved() -> None:
    assert electronic_send_time(ElectronicDelay(), APPROVED, None) is None


def test_a_delay_in_days_sends_at_the_rules_local_time() -> None:
    rule = ElectronicDelay(days=3, send_at=time(7, 30))
    assert electronic_send_time(rule, APPROVED, None) == datetime(2026, 11, 23, 12, 30, tzinfo=UTC)


def test_holding_until_the_document_date_uses_the_later_date_and_the_zone_in_summer_time() -> None:
    rule = ElectronicDelay(until_document_date=True, timezone="America/Los_Angeles")
    sent = electronic_send_time(rule, datetime(2026, 6, 1, 12, tzinfo=UTC), date(2026, 6, 5))
    assert sent == datetime(2026, 6, 5, 15, 0, tzinfo=UTC)  # 08:00 PDT
    # A document date already past: the rule holds nothing once 08:00 has gone by.
    assert electronic_send_time(rule, datetime(2026, 6, 8, 16, tzinfo=UTC), date(2026, 6, 5)) is None


def test_a_file_picked_up_before_the_timed_rule_starts_at_that_time_and_one_after_starts_now() -> None:
    rule = IntakeRules(not_before=time(6, 0))
    early = datetime(2026, 11, 23, 9, 40, tzinfo=UTC)  # 04:40 in New York
    assert start_time(rule, early) == datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
    assert start_time(rule, datetime(2026, 11, 23, 11, 0, tzinfo=UTC)) is None
    assert start_time(IntakeRules(), early) is None


def test_profile_rules_are_checked() -> None:
    base = {"client_id": "AB", "name": "A", "remit_to": ["A", "B"]}
    with pytest.raises(ValueError, match="time zone 'Mars/Base'"):
        ClientProfile.model_validate({**base, "intake": {"not_before": "06:00", "timezone": "Mars/Base"}})
    with pytest.raises(ValueError, match="stage 'PRINTING'"):
        ClientProfile.model_validate({**base, "stage_limits": {"PRINTING": 10}})
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        ClientProfile.model_validate({**base, "electronic_delay": {"days": -1}})


def test_samples_cover_each_template_channel_and_branch_and_the_largest(tmp_path: Path) -> None:
    sample = write_sample_file(tmp_path / "bills.csv", 200, lines_per_document=(1, 30))
    read_billing_file(sample.path, tmp_path / "ws")
    chosen = preview.choose_samples(tmp_path / "ws")
    import pyarrow.parquet as pq

    docs = pq.read_table(tmp_path / "ws" / "documents.parquet").to_pydict()
    channels = {c or "PRINT" for c in docs["delivery_channel"]}
    assert {s.channel for s in chosen} == channels
    assert {s.branch for s in chosen} == set(docs["branch"])
    assert {s.template for s in chosen} == set(docs["template"])
    assert any(s.why.startswith("largest") or "; largest" in s.why for s in chosen)
    largest = max(chosen, key=lambda s: s.lines)
    assert "largest" in largest.why
    assert len(chosen) <= 2 * (len(channels) + len(set(docs["branch"])) + len(set(docs["template"]))) + 2
    assert preview.load_samples(tmp_path / "ws") == chosen
