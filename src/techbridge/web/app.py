"""The web application factory: JSON API and Chinese pages over the same services."""

from __future__ import annotations

from fastapi import FastAPI

from techbridge.bootstrap import Platform, bootstrap
from techbridge.config import Settings


def create_app(settings: Settings | None = None, platform: Platform | None = None) -> FastAPI:
    """Build the app; tests pass their own settings or platform."""
    platform = platform or bootstrap(settings)
    app = FastAPI(title="TechBridge 京津冀科技成果转化供需对接平台", version="0.1.0", docs_url="/docs")
    app.state.platform = platform

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
