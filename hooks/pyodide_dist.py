"""MkDocs hook: put the in-browser tool's runtime into the built site (filled in later)."""
