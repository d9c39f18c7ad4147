"""Bacs payment batches: modulus checking, the Bacs calendar, payments files and Standard 18.

The pure core of seed 002's Bacs batch: no database, no Prefect. docs/bacs-files.md is
the reference for every file format and rule here.
"""
