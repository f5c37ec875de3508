"""Demand ↔ achievement matching: segmentation, BM25, dense vectors, fusion, factors, explanations."""
