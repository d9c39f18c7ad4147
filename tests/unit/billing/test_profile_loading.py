"""Client profiles: the shipped demo loads; a bad profile is refused naming the file and the field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from batchline.billing.profile import ProfileError, load_profile

DEMO = Path(__file__).parents[3] / "src/batchline/samples/DEMO.toml"
REMIT_TO = 'remit_to = ["Northwind Industrial Supply", "PO Box 4420", "Harrisburg PA 17111-0420"]'


def profile_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ACME.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_demo_profile_loads() -> None:
    profile = load_profile(DEMO)
    assert (profile.client_id, profile.name) == ("DEMO", "Northwind Industrial Supply")
    assert profile.remit_to == ("NORTHWIND INDUSTRIAL SUPPLY", "PO BOX 4420", "HARRISBURG PA 17111-0420")
    assert (profile.print.batch_size, profile.print.mailer_id) == (500, "123456")
    assert profile.print.business_days_to_post_office == 1
    assert (profile.approvals.ops, profile.approvals.customer, profile.approvals.timeout_hours) == (
        True,
        True,
        72,
    )
    assert profile.email_delivery.sender == "billing@northwind.example"
    assert profile.biller.remit_to == profile.remit_to


def test_a_minimal_profile_takes_the_defaults(tmp_path: Path) -> None:
    profile = load_profile(profile_file(tmp_path, f'client_id = "ACME"\nname = "Acme"\n{REMIT_TO}\n'))
    assert (profile.print.batch_size, profile.closeout.timeout_days) == (500, 10)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: 'colour = "blue"\n' + t, "colour: Extra inputs are not permitted (found 'blue')"),
        (
            lambda t: t.replace("[closeout]", "[closeout]\ntimeout_dayz = 3"),
            "closeout.timeout_dayz: Extra inputs are not permitted (found 3)",
        ),
        (
            lambda t: t.replace('mailer_id = "123456"', 'mailer_id = "12345"'),
            "print.mailer_id: String should match pattern",
        ),
        (lambda t: t.replace(REMIT_TO, ""), "remit_to: Field required (found nothing)"),
        (
            lambda t: t.replace(REMIT_TO, 'remit_to = ["Northwind"]'),
            "remit_to: Tuple should have at least 2 items",
        ),
        (lambda t: t.replace("batch_size = 500", "batch_size = 0"), "print.batch_size: Input should be"),
        (lambda t: t + "\n[print\n", "not valid TOML"),
    ],
)
def test_a_bad_profile_is_refused_naming_the_file_and_the_field(
    tmp_path: Path, change: Callable[[str], str], message: str
) -> None:
    path = profile_file(tmp_path, change(DEMO.read_text(encoding="utf-8")))
    with pytest.raises(ProfileError) as refused:
        load_profile(path)
    assert str(refused.value).startswith(f"client profile {path}: ")
    assert message in str(refused.value)


def test_a_missing_field_does_not_repeat_the_whole_profile(tmp_path: Path) -> None:
    path = profile_file(tmp_path, DEMO.read_text(encoding="utf-8").replace(REMIT_TO, ""))
    with pytest.raises(ProfileError) as refused:
        load_profile(path)
    assert "Northwind" not in str(refused.value)


def test_a_missing_profile_is_refused_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match=r"client profile .*NOPE\.toml: file not found"):
        load_profile(tmp_path / "NOPE.toml")


def test_a_profile_that_is_not_utf8_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "ACME.toml"
    path.write_bytes(b'name = "Caf\xe9"\n')
    with pytest.raises(ProfileError, match=r"client profile .*ACME\.toml: not UTF-8 text \(byte 11\)"):
        load_profile(path)


def test_an_email_subject_with_an_unknown_field_is_refused_at_load_not_at_send(tmp_path: Path) -> None:
    text = (
        f'client_id = "ACME"\nname = "Acme"\n{REMIT_TO}\n[email_delivery]\nsubject = "Bill {{invoice_no}}"\n'
    )
    with pytest.raises(ProfileError, match=r"email_delivery.subject: .*expected only the fields"):
        load_profile(profile_file(tmp_path, text))


def test_a_remit_to_longer_than_the_coupon_holds_is_refused(tmp_path: Path) -> None:
    text = 'client_id = "ACME"\nname = "Acme"\nremit_to = ["A", "B", "C", "D", "E"]\n'
    with pytest.raises(ProfileError, match="remit_to"):
        load_profile(profile_file(tmp_path, text))
