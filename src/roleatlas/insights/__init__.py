"""Statistics and answers computed from the atlas."""
