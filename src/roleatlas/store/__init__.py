"""DuckDB store: the atlas file, its build, and its queries."""
