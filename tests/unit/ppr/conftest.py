from __future__ import annotations

from pathlib import Path

import pytest

from batchline.store.db import Store
from tests.unit.ppr.helpers import load_sample


@pytest.fixture
def ledger(store: Store, tmp_path: Path) -> Store:
    load_sample(store, tmp_path / "ap", suppliers=12, invoices_per_supplier=5, seed=4)
    return store
