import os
from collections.abc import Callable
from pathlib import Path

import pytest


def _seeds_dir() -> Path:
    override = os.environ.get("BATCHLINE_SEEDS_DIR")
    return Path(override) if override else Path(__file__).parents[3].parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seed_text() -> Callable[[str], str]:
    """Read a seed file by its number, e.g. seed_text("002")."""
    directory = _seeds_dir()
    if not directory.is_dir():
        pytest.skip(f"seed files not found at {directory}; set BATCHLINE_SEEDS_DIR")

    def read(number: str) -> str:
        (path,) = directory.glob(f"{number}_*.txt")
        return path.read_text(encoding="utf-8")

    return read
