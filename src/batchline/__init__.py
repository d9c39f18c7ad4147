"""Batchline: billing-document jobs and payment batches, the pure core.

This package never imports Prefect; flows and tasks sit on top of it.
"""

__version__ = "0.1.0"
