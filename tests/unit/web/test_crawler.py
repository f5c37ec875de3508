"""The page crawler itself: on a small app with one defect of each kind, every defect is reported."""

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from fastapi.testclient import TestClient
from jinja2 import DictLoader, Environment

from tests.support.crawler import Crawl

PAGES = {
    "home.html": '<a href="/items/1">item</a> <a href="/nowhere">gone</a> <img src="https://cdn.example.com/x.png">'
                 '<a href="/secret">secret</a> <script>alert(1)</script> <button onclick="x()">b</button> 好。。',
    "item.html": "<p>{{ item.name }}</p><p>{{ missing }}</p>",
    "broken.html": "{% for x in xs if x else y %}{% endfor %}",
}


def tiny_app() -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    templates = Jinja2Templates(env=Environment(loader=DictLoader(PAGES), autoescape=True))
    app.state.templates = templates

    @app.get("/")
    def home() -> HTMLResponse:
        return HTMLResponse(templates.env.get_template("home.html").render())

    @app.get("/items/{item_id}")
    def item(item_id: int) -> HTMLResponse:
        return HTMLResponse(templates.env.get_template("item.html").render(item={"name": "甲"}))

    @app.get("/broken")
    def broken() -> HTMLResponse:
        return HTMLResponse(templates.env.get_template("broken.html").render())

    @app.get("/secret")
    def secret() -> HTMLResponse:
        return HTMLResponse("no", status_code=403)

    @app.get("/unlinked/{code}")
    def unlinked(code: str) -> HTMLResponse:
        return HTMLResponse("ok")

    return app


def test_each_kind_of_defect_is_reported_and_nothing_else():
    app = tiny_app()
    sampler = lambda path, param, chosen: ["1"] if param == "item_id" else None  # noqa: E731
    findings = [str(f) for f in Crawl(app, TestClient(app, base_url="http://testserver"), "anonymous", sampler).run()]
    expected = {
        "/broken": "raised TemplateSyntaxError",
        "/nowhere: no route answers it": "no route",
        "cdn.example.com": "points to another host",
        "/secret": "a link on a page answers 403",
        "<script> without src": "inline script",
        "<button onclick": "inline script",
        "“missing”": "undefined template variable",
        "{code}": "cannot fill",
        "。。": "doubled full stop",
    }
    for needle, kind in expected.items():
        assert any(needle in f and kind in f for f in findings), (needle, findings)
    unexpected = [f for f in findings if not any(needle in f for needle in expected)]
    assert not unexpected, unexpected  # (the undefined variable shows twice: from the router and from the link)
