"""Rendering of reports: charts and documents."""
