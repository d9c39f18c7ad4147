"""A payment process request start to finish through the served deployments of a real Prefect server."""

from __future__ import annotations

from pathlib import Path

import pytest

from deployments import demo_ppr

pytestmark = pytest.mark.integration


def test_the_ppr_demo_confirms_payment_with_every_gate_resumed_over_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BATCHLINE_HOME", str(tmp_path / "unused"))  # the demo sets its own; restored after
    monkeypatch.delenv("BATCHLINE_DATABASE_URL", raising=False)
    home = tmp_path / "home"
    assert demo_ppr.main(["--home", str(home), "--suppliers", "6"]) == 0
    shown = capsys.readouterr().out
    assert "PPR ended: COMPLETED 'CONFIRMED PAYMENT'" in shown
    files = {p.name for p in (home / "ppr" / demo_ppr.PPR_ID).iterdir()}
    assert {f"{demo_ppr.PPR_ID}-final-payment-register.csv", f"{demo_ppr.PPR_ID}-positive-pay.txt"} <= files
    assert any(name.endswith(".ach") for name in files) and any(name.endswith(".xml") for name in files)
