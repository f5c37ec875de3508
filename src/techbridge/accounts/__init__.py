"""Accounts: organisations (机构), users and roles, registration, login; the directory other features read."""
