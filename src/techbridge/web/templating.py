"""Jinja2 environment: templates, and the filters that turn codes into Chinese labels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.requests import Request

from techbridge.kernel.clock import to_beijing
from techbridge.kernel.industries import industries, industry_name
from techbridge.kernel.money import format_wan
from techbridge.kernel.parks import park_name
from techbridge.kernel.regions import regions
from techbridge.kernel.snippets import excerpt
from techbridge.kernel.trl import TRL_NAMES, TRL_PHASES, trl_label
from techbridge.web.security import CSRF_FIELD


def _region(code: str | None) -> str:
    return regions().short_label(code) if code else ""


def _region_full(code: str | None) -> str:
    return regions().full_name(code) if code else ""


def _date(value: date | datetime | None, fmt: str = "%Y-%m-%d") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_beijing(value)
    return value.strftime(fmt)


def _highlight(text: str, terms: list[str] | tuple[str, ...]) -> Markup:
    """Escape `text` and wrap each shared term in <mark>, longest terms first."""
    out = str(escape(text))
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        safe = str(escape(term))
        out = out.replace(safe, f"\x00{safe}\x01")
    return Markup(out.replace("\x00", "<mark>").replace("\x01", "</mark>"))


def _wan(value: Decimal | None) -> str:
    return format_wan(value)


def _url_with(request: Request, **changes: Any) -> str:
    """The current query string with some parameters changed (facet links keep the rest)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes and k != "page"]
    for key, value in changes.items():
        if value is None or value == "":
            continue
        for item in value if isinstance(value, list | tuple) else [value]:
            params.append((key, str(item)))
    return "?" + urlencode(params) if params else "?"


def _truncate(value: Any, length: int = 255, *_: Any, **__: Any) -> str:
    """Jinja's `truncate` for Chinese: cut at a sentence or clause, never inside a number, end with …."""
    return excerpt("" if value is None else str(value), length)


def _csrf_input(request: Request) -> Markup:
    session = getattr(request.state, "session", None)
    token = session.csrf if session else ""
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(token)}">')


def make_templates(feature_dirs: Sequence[Path] = (), filters: Mapping[str, Any] | None = None,
                   globals_: Mapping[str, Any] | None = None) -> Jinja2Templates:
    """The shared layout (web/templates) first, then each feature's own templates folder.

    Features register their own filters and globals (each feature's `templating.py`).
    """
    shared = Path(str(files("techbridge.web").joinpath("templates")))
    templates = Jinja2Templates(directory=[shared, *feature_dirs])
    env = templates.env
    env.filters.update(
        region=_region, region_full=_region_full, industry=industry_name, wan=_wan, date=_date,
        highlight=_highlight, trl=trl_label, park=park_name,
        pct=lambda x: f"{x * 100:.0f}%", truncate=_truncate, **(filters or {}),
    )
    env.globals.update(
        url_with=_url_with, csrf_input=_csrf_input, industries=industries, TRL_NAMES=TRL_NAMES, TRL_PHASES=TRL_PHASES,
        **(globals_ or {}),
    )
    return templates
