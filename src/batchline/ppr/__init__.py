"""Payment process request (seed 004) on top of the payment-file core: ledger, selection, payments."""
