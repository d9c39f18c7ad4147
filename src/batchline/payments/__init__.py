"""Payment process request (seed 004): the pure payment-file core.

Payment instruction files are built from already-selected, already-numbered payments:
NACHA ACH (``nacha``), ISO 20022 pain.001.001.09 credit transfers (``pain001``), printed
checks (``batchline.render.check_pdf`` with the MICR line from ``micr``) and the positive
pay file sent to the bank after printing (``positive_pay``). No database, no Prefect.
"""
