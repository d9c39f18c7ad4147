"""The Bacs gateway adapter against the loopback simulator: each outcome, and no answer at all."""

from __future__ import annotations

from batchline.bacs.gateway import HttpGateway, gateway_simulator


def test_an_accepted_submission_is_accepted_and_asked_again_stays_accepted() -> None:
    with gateway_simulator("accept") as bacs:
        gateway = HttpGateway(bacs.url, timeout=5)
        assert gateway.submit("000001", b"VOL1...").outcome == "ACCEPTED"
        assert gateway.outcome("000001").outcome == "ACCEPTED"
    assert bacs.received == ["000001"]
    assert bacs.url.startswith("http://127.0.0.1:")


def test_a_rejected_submission_is_rejected_with_the_gateways_message() -> None:
    with gateway_simulator("reject") as bacs:
        answer = HttpGateway(bacs.url, timeout=5).submit("000002", b"VOL1...")
    assert (answer.outcome, answer.message) == ("REJECTED", "submission 000002 rejected by Bacs")


def test_a_gateway_that_never_answers_gives_no_final_sign_off_until_its_later_outcome() -> None:
    with gateway_simulator("silent") as bacs:
        gateway = HttpGateway(bacs.url, timeout=0.5)
        answer = gateway.submit("000003", b"VOL1...")
        assert answer.outcome == "NO_SIGN_OFF" and "no answer" in answer.message
        assert gateway.outcome("000003").outcome == "PENDING"
        bacs.settle("000003", "rejected")
        assert gateway.outcome("000003").outcome == "REJECTED"


def test_an_unreachable_gateway_is_no_final_sign_off_never_a_silent_success() -> None:
    with gateway_simulator("accept") as bacs:
        url = bacs.url
    assert HttpGateway(url, timeout=0.5).submit("000004", b"VOL1").outcome == "NO_SIGN_OFF"
