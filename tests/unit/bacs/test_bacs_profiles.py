"""Payment profiles: the shipped sample loads, and a bad profile says what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from batchline.bacs.profiles import SAMPLE, PaymentProfileError, load_payment_profile, profiles_file


def test_the_sample_profiles_load_with_their_originators() -> None:
    payroll = load_payment_profile(SAMPLE, "PAYROLL")
    assert payroll.as_originator().service_user_number == "123456"
    assert payroll.risk.enabled and payroll.risk.on_hit == "report"
    assert load_payment_profile(SAMPLE, "SUPPLIERS").risk.on_hit == "error"


def test_an_unknown_profile_names_the_ones_there_are() -> None:
    with pytest.raises(PaymentProfileError, match="PAYROLL, SUPPLIERS"):
        load_payment_profile(SAMPLE, "NOPE")


def test_value_bands_must_ascend_and_end_with_an_open_band(tmp_path: Path) -> None:
    path = tmp_path / "bacs_profiles.toml"
    text = SAMPLE.read_text(encoding="utf-8").replace("up_to = 250000.00", "up_to = 5000.00")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PaymentProfileError, match="ascending"):
        load_payment_profile(path, "PAYROLL")
    assert profiles_file(tmp_path) == path
    assert profiles_file(tmp_path / "elsewhere") == SAMPLE
