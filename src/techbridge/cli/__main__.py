"""`python -m techbridge.cli …` (used by the browser tests' live server)."""

from techbridge.cli import app

app()
