"""A crawler that requests every GET route the app registers, as one signed-in role, and follows the
links each page shows.

It cannot be fooled by a hand-kept list: the routes come from the app's router, path parameters
are filled from the data in the database (`Samples`), and a route the crawler cannot fill and no
page links to is itself a finding. It reports:
- any 5xx answer and any exception while rendering (template errors included),
- any undefined template variable printed into a page,
- any link, form action or HTMX request to a path no route answers (or to a missing static file),
- any followed link that answers 404 or 403 (a page showing what its viewer cannot open),
- any page or stylesheet that loads (or links to) a resource on another host,
- any inline script or inline event handler (the Content-Security-Policy allows neither),
- any "。。" on a page (text joined without care),
- any secret the role must not read (a confidential demand's text or contact) in a page, an API answer or an
  export (CSV, and XLSX read cell by cell).
Each route is requested once per distinct parameter sample, and at most once more through a link.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from jinja2 import Undefined
from starlette.routing import Match

HOST = "testserver"
_PARAM = re.compile(r"{(\w+)(?::\w+)?}")
_URL_ATTRS = {"href", "src", "action", "formaction", "poster", "data", "hx-get", "hx-post", "hx-put", "hx-patch",
              "hx-delete"}
_DATA_SCRIPTS = {"application/json", "application/ld+json", "importmap"}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)|@import\s+['\"]([^'\"]+)['\"]")


@dataclass(frozen=True)
class Finding:
    role: str
    url: str
    problem: str
    via: str = ""  # the page that linked to `url`, or "router" for a route the crawler filled itself

    def __str__(self) -> str:
        return f"[{self.role}] {self.url}: {self.problem}" + (f"  (linked from {self.via})" if self.via else "")


@dataclass(frozen=True)
class Link:
    url: str
    method: str  # GET or POST (or what an hx-* attribute says)
    tag: str
    attr: str


class _Links(HTMLParser):
    """Every URL a page can load or send the visitor to, with the method it would use."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.styles: list[str] = []
        self.inline_scripts: list[str] = []  # what a Content-Security-Policy without 'unsafe-inline' blocks
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "script" and not values.get("src") and values.get("type", "") not in _DATA_SCRIPTS:
            self.inline_scripts.append("<script> without src")
        self.inline_scripts += [f"<{tag} {k}=…>" for k in values if k.startswith("on")]
        for attr, value in values.items():
            if attr not in _URL_ATTRS and attr != "srcset":
                continue
            if attr == "srcset":
                for part in value.split(","):
                    if part.strip():
                        self.links.append(Link(part.strip().split()[0], "GET", tag, attr))
                continue
            method = "GET"
            if attr == "action":
                method = (values.get("method") or "GET").upper()
            elif attr.startswith("hx-"):
                method = attr[3:].upper()
            elif attr == "formaction":
                method = (values.get("formmethod") or "POST").upper()
            self.links.append(Link(value, method, tag, attr))
        if "style" in values:
            self.styles.append(values["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def page_links(html: str) -> tuple[list[Link], list[str], list[str]]:
    """The links of a page, the URLs its inline styles reference, and its inline scripts."""
    parser = _Links()
    parser.feed(html)
    css_urls = [a or b for text in parser.styles for a, b in _CSS_URL.findall(text)]
    return parser.links, css_urls, parser.inline_scripts


def css_links(css: str) -> list[str]:
    return [a or b for a, b in _CSS_URL.findall(css)]


def get_routes(app: FastAPI) -> list[Any]:
    """Every GET route the app registers (pages and API), from its router."""
    return [r for r in iter_route_contexts(app.routes) if r.methods and "GET" in r.methods]


def route_params(route: Any) -> list[str]:
    return _PARAM.findall(route.path)


def is_outside(url: str) -> bool:
    """An http(s) or protocol-relative URL on a host other than the server's own."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") or url.startswith("//"):
        return parts.hostname not in (HOST, None)
    return False


class RouteTable:
    """Which registered route answers a path and method."""

    def __init__(self, app: FastAPI) -> None:
        self.routes = list(iter_route_contexts(app.routes))

    def find(self, path: str, method: str) -> tuple[Any | None, bool]:
        """(the GET route that fully matches, whether any route answers path+method)."""
        scope = {"type": "http", "path": path, "method": method, "root_path": "", "headers": [], "query_string": b""}
        for route in self.routes:
            match, _ = route.matches(scope)
            if match == Match.FULL:
                return route, True
        return None, False


Sampler = Callable[[str, str, dict[str, str]], list[str] | None]


class _RecordingUndefined(Undefined):
    """An undefined template value that notes when it is printed (testing it for truth is the idiom)."""

    printed: list[str] = []

    def __str__(self) -> str:
        type(self).printed.append(self._undefined_name or self._undefined_hint or "?")
        return ""


@dataclass
class Crawl:
    """One role's crawl of the whole app."""

    app: FastAPI
    client: TestClient
    role: str
    sampler: Sampler
    max_pages: int = 1500
    secrets: dict[str, str] = field(default_factory=dict)  # text this role must never receive → what it is
    findings: list[Finding] = field(default_factory=list)
    visited_routes: dict[str, int] = field(default_factory=dict)  # route path → requests made
    requests: int = 0

    def run(self) -> list[Finding]:
        table = RouteTable(self.app)
        env = self.app.state.templates.env
        previous, env.undefined = env.undefined, _RecordingUndefined
        try:
            self._crawl(table)
        finally:
            env.undefined = previous
        return self.findings

    def _crawl(self, table: RouteTable) -> None:
        queue: list[tuple[str, str, Any]] = []  # (url, via, route)
        unfilled: dict[str, str] = {}
        for route in get_routes(self.app):
            urls, missing = _fill(route, self.sampler)
            if missing:
                unfilled[route.path] = missing
            queue += [(url, "router", route) for url in urls]
        checked_static: set[str] = set()
        link_visits: set[str] = set()
        while queue and self.requests < self.max_pages:
            url, via, route = queue.pop(0)
            response = self._get(url, via)
            self.visited_routes[route.path] = self.visited_routes.get(route.path, 0) + 1
            if response is None:
                continue
            if via != "router" and response.status_code in (403, 404):
                self._find(url, f"a link on a page answers {response.status_code}", via)
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            if "。。" in response.text:
                at = response.text.index("。。")
                self._find(str(response.url), f"shows a doubled full stop: …{response.text[max(0, at - 30):at + 2]}")
            links, css_urls, scripts = page_links(response.text)
            for script in sorted(set(scripts)):
                self._find(str(response.url), f"inline script ({script}): move it to static/js")
            for link in links:
                target = self._check_link(link, str(response.url), table, checked_static)
                if target is None:
                    continue
                found, absolute = target
                if found.path not in link_visits:  # each route once through a link, beside its samples
                    link_visits.add(found.path)
                    queue.append((absolute, str(response.url), found))
            for css in css_urls:
                if is_outside(css):
                    self._find(str(response.url), f"an inline style loads {css} from another host")
        for path, param in unfilled.items():
            if path not in self.visited_routes:
                self._find(path, f"the crawler cannot fill {{{param}}} and no page links to this route: "
                                 "add the parameter to the sampler in tests/support/crawl_samples.py", "router")

    def _get(self, url: str, via: str) -> Any:
        self.requests += 1
        _RecordingUndefined.printed = []
        try:
            response = self.client.get(url, follow_redirects=True)
        except Exception as err:  # a server error raised through the test client: keep crawling
            self._find(url, f"raised {type(err).__name__}: {err} — {_where(err)}", via)
            return None
        if response.status_code >= 500:
            self._find(url, f"answered {response.status_code}", via)
        if self.secrets:
            body = readable_text(response)
            for secret, what in self.secrets.items():
                if secret in body:
                    self._find(url, f"shows {what}", via)
        for name in sorted(set(_RecordingUndefined.printed)):
            self._find(url, f"printed the undefined template variable “{name}”", via)
        return response

    def _check_link(self, link: Link, page: str, table: RouteTable, checked_static: set[str]) -> tuple[Any, str] | None:
        """Report a dangling or outside link; return the GET route to follow and its absolute URL."""
        raw = link.url.strip()
        if not raw or raw.startswith(("#", "mailto:", "tel:", "data:")):
            return None
        if raw.lower().startswith("javascript:"):
            self._find(page, f"<{link.tag} {link.attr}> runs a javascript: URL ({raw[:60]})")
            return None
        if is_outside(raw):
            self._find(page, f"<{link.tag} {link.attr}> points to another host: {raw}")
            return None
        absolute = urljoin(page, raw)
        parts = urlsplit(absolute)
        if "__KEY__" in parts.path or "{{" in raw:
            return None  # a template for script (chart drill-down), filled in the browser
        if parts.path.startswith("/static/"):
            if parts.path not in checked_static:
                checked_static.add(parts.path)
                response = self.client.get(parts.path)
                if response.status_code != 200:
                    self._find(page, f"<{link.tag} {link.attr}> loads {parts.path}, which answers {response.status_code}")
                elif parts.path.endswith(".css"):
                    for css in css_links(response.text):
                        if is_outside(css):
                            self._find(parts.path, f"the stylesheet loads {css} from another host")
            return None
        route, answered = table.find(parts.path, link.method)
        if not answered:
            self._find(page, f"<{link.tag} {link.attr}> {link.method} {parts.path}: no route answers it")
            return None
        if link.method != "GET" or link.tag == "form" or route is None:
            return None  # forms are submitted by the tests of each feature, not by a crawler
        return route, absolute

    def _find(self, url: str, problem: str, via: str = "") -> None:
        self.findings.append(Finding(self.role, url, problem, via))


def readable_text(response: Any) -> str:
    """What a person receives in a response: the text of a page or JSON answer, every cell of a workbook."""
    kind = response.headers.get("content-type", "")
    if "spreadsheetml" in kind:
        from io import BytesIO

        from openpyxl import load_workbook

        book = load_workbook(BytesIO(response.content), read_only=True)
        return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for v in row if v is not None)
    if kind.startswith(("text/", "application/json")):
        return str(response.text)
    return ""


def _fill(route: Any, sampler: Sampler) -> tuple[list[str], str]:
    """Concrete URLs for a route, and the first parameter the sampler could not fill ("" if none)."""
    params = route_params(route)
    urls: list[str] = []
    missing = ""

    def walk(i: int, chosen: dict[str, str]) -> None:
        nonlocal missing
        if i == len(params):
            urls.append(_PARAM.sub(lambda m: chosen[m.group(1)], route.path))
            return
        values = sampler(route.path, params[i], chosen)
        if not values:
            missing = missing or params[i]
            return
        for value in values:
            walk(i + 1, {**chosen, params[i]: value})

    walk(0, {})
    return urls, missing


def _where(err: BaseException) -> str:
    """The innermost frame of our code (or of a template) where an error was raised."""
    frames = traceback.extract_tb(err.__traceback__)
    ours = [f for f in frames if "/techbridge/" in f.filename or f.filename.endswith(".html")]
    frame = (ours or frames)[-1]
    return f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"


def iter_problems(findings: list[Finding]) -> Iterator[str]:
    for f in findings:
        yield str(f)
