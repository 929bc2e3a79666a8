"""Skills: extraction with spans, the gold evaluation and market demand per role."""
