"""The root of Batchline's typed exceptions."""


class BatchlineError(Exception):
    """Base class for every error Batchline raises on purpose."""
