"""Parsers for the messy text of job postings: pay, titles, locations, currencies.

Every parser is a pure function of its text (no I/O at import time, no global
state), safe to call from a batch or a Spark UDF.
"""
