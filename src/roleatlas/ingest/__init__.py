"""Readers, typed conversion, row accounting and quarantine for source files."""
