"""Role Atlas: AI/ML roles compared from real public data."""

__version__ = "0.1.0"
