"""examples/reports.ipynb runs from top to bottom: an ad-hoc bill run, two reports and a chart."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]


def test_the_reports_notebook_runs_a_bill_run_and_builds_two_reports_and_a_chart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BATCHLINE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("BATCHLINE_DATABASE_URL", raising=False)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    notebook = nbformat.read(ROOT / "examples/reports.ipynb", as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    texts = "\n".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "Job Complete/All Bills Sent" in texts
    assert "NOTEBOOK-1" in texts  # the job tracking DataFrame
    assert "'Decimal'" in texts
    assert any("image/svg+xml" in o.get("data", {}) for o in outputs)
    assert os.environ["BATCHLINE_HOME"] == str(tmp_path / "home")
