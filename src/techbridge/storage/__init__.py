"""Storage infrastructure: engines, the shared metadata, repository bases, unit of work, migrations."""
