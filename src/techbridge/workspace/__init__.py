"""Each role's 工作台, composed from the other features' services."""
