"""Demo data written by the team, and its idempotent loader."""
