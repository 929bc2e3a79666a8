"""Role profiles, side-by-side comparisons and the articles' claims, computed from the atlas."""
