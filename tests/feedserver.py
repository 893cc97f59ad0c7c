"""A local HTTP server that serves feed files for tests (127.0.0.1 only)."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

DATA = Path(__file__).parent / "data" / "feeds"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: bool = True
    gzip: bool = False
    redirect_to: str | None = None


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.not_modified: dict[str, int] = {}
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/{path:.*}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def serve(self, path: str, body: bytes | str | None = None, **kw: object) -> str:
        """Serve bytes (or a file from tests/data/feeds when body is None) at path."""
        if body is None:
            data = (DATA / path).read_bytes()
        elif isinstance(body, str):
            data = body.encode()
        else:
            data = body
        self.routes["/" + path.lstrip("/")] = Route(body=data, **kw)  # type: ignore[arg-type]
        return self.url(path)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.hits[path] = self.hits.get(path, 0) + 1
        route = self.routes.get(path)
        if route is None:
            return web.Response(status=404, text="not found")
        if route.delay:
            await asyncio.sleep(route.delay)
        if route.redirect_to:
            raise web.HTTPFound(route.redirect_to)
        headers = dict(route.headers)
        if route.status != 200:
            return web.Response(status=route.status, body=route.body, headers=headers)
        tag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
        if route.etag:
            headers["ETag"] = tag
            if request.headers.get("If-None-Match") == tag:
                self.not_modified[path] = self.not_modified.get(path, 0) + 1
                return web.Response(status=304, headers=headers)
        body = route.body
        if route.gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        headers["Content-Type"] = route.content_type
        return web.Response(status=200, body=body, headers=headers)
