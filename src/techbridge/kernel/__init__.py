"""The shared kernel: codes, money, regions, industries, TRL, clock, errors, text and tabular I/O.

Everything here is shared by every feature and knows no feature (an import-linter contract checks it).
"""
