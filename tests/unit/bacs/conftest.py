"""Fixtures for the Bacs core: the shipped Vocalink tables and sample originators."""

from __future__ import annotations

import pytest

from batchline.bacs.modulus import ModulusChecker, modulus_checker
from batchline.bacs.payments import Originator


@pytest.fixture(scope="session")
def checker() -> ModulusChecker:
    return modulus_checker()


@pytest.fixture
def originator() -> Originator:
    return Originator("123456", "089999", "66374958", "ACME PAYROLL")


@pytest.fixture
def collector() -> Originator:
    """A Direct Debit originator."""
    return Originator("654321", "107999", "88837491", "ACME WATER", direct_debits=True)
