"""A limit on every request body, enforced while it streams in (a 200 MB body is refused after the
first megabyte, not after it filled the memory). File uploads (multipart) get a larger limit."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Pure ASGI middleware: 413 when Content-Length or the streamed body exceeds the limit."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, max_upload_bytes: int) -> None:
        self.app, self.max_bytes, self.max_upload_bytes = app, max_bytes, max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        upload = headers.get("content-type", "").startswith("multipart/form-data")
        limit = self.max_upload_bytes if upload else self.max_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(scope, send, limit)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _refuse(scope, send, limit)


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    message = f"请求内容超过 {limit // 1_000_000 or 1} MB 的上限" if limit >= 1_000_000 else "请求内容过大"
    api = scope.get("path", "").startswith("/api/")
    if api:
        body: Any = json.dumps({"error": {"code": "request_too_large", "message": message, "fields": []}},
                               ensure_ascii=False).encode("utf-8")
        kind = b"application/json"
    else:
        body = (f"<!doctype html><meta charset=utf-8><title>413</title><p>{message}，请拆分后重试。"
                "<p><a href=\"/\">返回首页</a>").encode()
        kind = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
