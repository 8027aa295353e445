"""The domain in plain Python: no Qt, matplotlib or tinydb (a test enforces it)."""
