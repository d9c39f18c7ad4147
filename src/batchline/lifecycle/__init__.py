"""Lifecycle catalogs: every status, its seed title and its allowed moves, as data."""

from batchline.lifecycle.bacs import BACS_BATCH
from batchline.lifecycle.bill_run import BILL_RUN, BILL_RUN_PHASES, phase_of
from batchline.lifecycle.catalog import Lifecycle, StateType, Status
from batchline.lifecycle.codes import (
    CODES,
    STAGES,
    ObjectKind,
    UnknownStatusCode,
    code_meaning,
    describe,
    is_error,
    rollup,
    stage_of,
)
from batchline.lifecycle.errors import (
    IllegalTransition,
    LifecycleDefinitionError,
    LifecycleError,
    UnknownStatus,
)
from batchline.lifecycle.ppr import PAYMENT_INSTRUCTION, PPR

LIFECYCLES: dict[str, Lifecycle] = {
    lifecycle.name: lifecycle for lifecycle in (BILL_RUN, PPR, PAYMENT_INSTRUCTION, BACS_BATCH)
}

__all__ = [
    "BACS_BATCH",
    "BILL_RUN",
    "BILL_RUN_PHASES",
    "CODES",
    "LIFECYCLES",
    "PAYMENT_INSTRUCTION",
    "PPR",
    "STAGES",
    "IllegalTransition",
    "Lifecycle",
    "LifecycleDefinitionError",
    "LifecycleError",
    "ObjectKind",
    "StateType",
    "Status",
    "UnknownStatus",
    "UnknownStatusCode",
    "code_meaning",
    "describe",
    "is_error",
    "phase_of",
    "rollup",
    "stage_of",
]
