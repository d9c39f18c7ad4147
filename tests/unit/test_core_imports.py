"""The core package never imports Prefect: every module of `batchline` imports without it."""

from __future__ import annotations

import json
import subprocess
import sys

IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys
import batchline
names = sorted(m.name for m in pkgutil.walk_packages(batchline.__path__, "batchline."))
for name in names:
    importlib.import_module(name)
print(json.dumps({"modules": names, "prefect": sorted(m for m in sys.modules if m.split(".")[0] == "prefect")}))
"""


def test_every_core_module_imports_without_prefect() -> None:
    run = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert {"batchline.billing.distribution", "batchline.store.db", "batchline.render.pool"} <= set(
        found["modules"]
    )
    assert found["prefect"] == []
