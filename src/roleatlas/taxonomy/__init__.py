"""Taxonomies: canonical roles (and, later, skills)."""
