"""Schemas every JSON API shares: the error envelope and the page of results.

Each feature keeps its own Base / Create / Update / Public families in its `schemas.py`.
Money travels as a decimal string in 万元 ("350.00") so no amount passes through a float.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")
Money = str  # decimal string in 万元, e.g. "350.00"


class ErrorField(BaseModel):
    field: str
    code: str
    message: str


class ErrorDetail(BaseModel):
    code: str
    message: str
    fields: list[ErrorField] = []


class ErrorResponse(BaseModel):
    error: ErrorDetail


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    size: int
    pages: int


# ---------------------------------------------------------------- organisations
