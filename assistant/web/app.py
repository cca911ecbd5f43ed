"""One port for everything: FastAPI with the REST API, the chat UI at / and the embed page at /embed.

The port opens before the model is loaded: start-up (model, then the first
index build from data_dir) runs in a background thread, the terminal shows its
progress, the page shows a banner, and the API answers 503 until it is done.

`serve` (`python app.py`, `assistant serve`) also opens the port before gradio is
imported: importing it costs 2.5-3 s, as much as the rest of start-up, and the API
does not need it. Until the chat UI is mounted, / and /embed/ answer a small start-up
page that turns into the chat by itself; gradio is imported once the model is loaded
(or the first index build began), so the two do not share the two cores while the
first question waits for the model. Tests and embedders calling `create_app` get the
UI mounted at once, as before.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline machines; no phoning home

import uvicorn  # noqa: E402
from fastapi import FastAPI, Request, Response  # noqa: E402
from fastapi.middleware.cors import CORSMiddleware  # noqa: E402
from fastapi.openapi.docs import get_swagger_ui_html  # noqa: E402
from fastapi.responses import HTMLResponse, RedirectResponse  # noqa: E402
from fastapi.staticfiles import StaticFiles  # noqa: E402
from starlette.routing import Mount  # noqa: E402
from starlette.types import ASGIApp, Receive, Scope, Send  # noqa: E402

from assistant.config import Config  # noqa: E402
from assistant.web.api import install_error_handlers, make_router  # noqa: E402
from assistant.web.auth import TOKEN_COOKIE, token_ok, ui_auth  # noqa: E402
from assistant.web.service import ChatService  # noqa: E402

if TYPE_CHECKING:
    from assistant.core import Assistant

# Fonts every machine has: the theme's web fonts are fetched from the internet and, offline, bold
# headings fell back to a font that drew "Biden" as "ʙiden".
SYSTEM_FONTS = ["system-ui", "Segoe UI", "Roboto", "Noto Sans", "Liberation Sans", "Arial", "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", "monospace"]
STARTING_HEADER = "X-Assistant-Starting"  # on the start-up page only: bench/api_latency.py tells the two pages apart
# Longest the UI import waits for the model before it goes ahead anyway (a slow disk, a huge model):
# past it the page matters more than the first answer's last second.
UI_WAIT_S = 20.0
STARTING_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>News assistant</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;margin:3rem auto;max-width:36rem;padding:0 1rem;color:#333}</style>
</head><body><h1>News assistant</h1><p role="status">Starting&hellip; the chat opens here in a moment.</p>
<script>
// Reload once the chat is mounted: the same address answers without the start-up header.
setInterval(async () => {
  try {
    const r = await fetch(location.href, {cache: "no-store"});
    if (r.ok && !r.headers.has("x-assistant-starting")) location.reload();
  } catch (e) {}
}, 500);
</script></body></html>
"""


def create_app(
    config: Config, assistant: Assistant | None = None, start: bool = True, ui_later: bool = False
) -> FastAPI:
    """Build the app; pass a loaded `assistant` (tests) to skip loading the model again.

    `ui_later` (`serve`): start-up begins once the server listens, and the chat UI is
    imported and mounted in the background after the model is loaded; meanwhile / and
    /embed/ answer the start-up page. Otherwise the UI is mounted before this returns.
    """
    service = ChatService(config, assistant)
    late = LateUI(service, config, start) if ui_later else None
    app = FastAPI(
        title="News assistant",
        version="0.1.0",
        description="Questions answered from indexed news articles, with numbered citations.",
        docs_url=None,
        redoc_url=None,
        lifespan=late.lifespan if late else None,
    )
    app.state.service = service
    _add_offline_docs(app)
    install_error_handlers(app)
    app.include_router(make_router(service))
    _add_embed_redirect(app)
    if late:
        late.app = app
        app.add_middleware(StartingPage, late=late)  # inside the frame policy and token cookie below
    _add_cors(app, config)
    _add_frame_policy(app, config)
    if config.serve.api_token:
        _add_token_cookie(app, config)
    if late is None:
        mount_ui(app, service, config)
        if start:
            service.start(background=True)
    return app


def mount_ui(app: FastAPI, service: ChatService, config: Config) -> list[FastAPI]:
    """Import gradio and mount the embed page at /embed and the chat at /; returns the two Gradio apps.

    The chat is mounted last: a mount at / takes every path no earlier route took.
    """
    import gradio as gr

    from assistant.web.assets import CITE_SCRIPT, CSS, EMBED_CSS
    from assistant.web.ui import build_embed_ui, build_ui

    common = {
        "theme": gr.themes.Default(font=SYSTEM_FONTS, font_mono=MONO_FONTS),
        "auth_dependency": ui_auth(config.serve.api_token),
        "max_file_size": service.max_upload_bytes,
        "head": CITE_SCRIPT,
        "footer_links": ["api"],
        "run_history": False,
        "ssr_mode": False,
    }
    mounted = []
    for path, blocks, css in (("/embed", build_embed_ui(service), EMBED_CSS), ("/", build_ui(service), CSS)):
        gr.mount_gradio_app(app, blocks, path=path, css=css, **common)
        route = app.router.routes[-1]
        assert isinstance(route, Mount) and route.path == path.rstrip("/"), route  # what mount_gradio_app added
        mounted.append(route.app)
    return mounted


class LateUI:
    """The chat UI mounted after the server started: gradio imported in a thread, its start-up run on the loop.

    `gr.mount_gradio_app` hooks the Gradio app's start-up (its queue) into the parent's
    lifespan, which has already run by then; so the same steps are run here, on the
    server's event loop, and the Gradio lifespans are closed when the server stops.
    """

    def __init__(self, service: ChatService, config: Config, start: bool = True) -> None:
        self.service = service
        self.config = config
        self.start = start
        self.app: FastAPI | None = None
        self.mounted = threading.Event()
        self.error = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stack = AsyncExitStack()

    @asynccontextmanager
    async def lifespan(self, app: FastAPI) -> AsyncIterator[None]:
        self._loop = asyncio.get_running_loop()
        if self.start:  # the port is open: now the model, then (in _mount) gradio
            self.service.start(background=True)
        threading.Thread(target=self._mount, name="assistant-ui", daemon=True).start()
        try:
            yield
        finally:
            await self._stack.aclose()

    def _mount(self) -> None:
        self.service.wait_settled(UI_WAIT_S)  # the first answer needs the model more than the page needs gradio
        try:
            gradio_apps = mount_ui(self.app, self.service, self.config)
            asyncio.run_coroutine_threadsafe(self._start(gradio_apps), self._loop).result()
        except Exception as exc:  # the API keeps working; the start-up page says what broke
            self.error = f"{type(exc).__name__}: {exc}"
            print(f"error: the chat UI could not be mounted: {self.error}", flush=True)
            raise
        self.mounted.set()

    async def _start(self, gradio_apps: list[FastAPI]) -> None:
        """What gradio's lifespan hook would have run at server start, for each mounted Gradio app."""
        for gradio_app in gradio_apps:
            await self._stack.enter_async_context(gradio_app.router.lifespan_context(gradio_app))
            blocks = gradio_app.get_blocks()
            blocks.run_startup_events()
            await blocks.run_extra_startup_events()


class StartingPage:
    """Until the UI is mounted, / and /embed/ answer the start-up page (the API and /docs work already)."""

    def __init__(self, app: ASGIApp, late: LateUI) -> None:
        self.app = app
        self.late = late

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self.late.mounted.is_set() and _is_page(scope["path"]):
            page = STARTING_PAGE
            if self.late.error:
                page = page.replace("Starting&hellip; the chat opens here in a moment.", "The chat UI failed to start.")
            headers = {STARTING_HEADER: "1", "Cache-Control": "no-store"}
            await HTMLResponse(page, status_code=200, headers=headers)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _is_page(path: str) -> bool:
    """The two pages a person opens (the query string is not part of the path)."""
    return path in ("/", "/embed/")


def serve(config: Config) -> None:
    """`python app.py` and `assistant serve`: start-up in the background, then serve until Ctrl-C."""
    print(
        f"news assistant: starting on http://{config.serve.host}:{config.serve.port} "
        f"(index: {config.index_dir}, data: {config.data_dir})",
        flush=True,
    )
    app = create_app(config, ui_later=True)
    uvicorn.run(app, host=config.serve.host, port=config.serve.port, log_level="warning")


def _add_offline_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) from files shipped in a wheel: FastAPI's page loads them from a CDN, which
    leaves a blank page on an offline machine. (ReDoc is left out: its bundle fetches its logo online.)"""
    import fastapi_offline

    static = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/docs-assets", StaticFiles(directory=static), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url,
            title=f"{app.title} - API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon.png",
        )


def _add_embed_redirect(app: FastAPI) -> None:
    """The snippet says /embed; the mounted Gradio app lives at /embed/ and 404s without the slash."""

    @app.get("/embed", include_in_schema=False)
    def embed(request: Request) -> RedirectResponse:
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"/embed/{query}", status_code=307)


def _add_cors(app: FastAPI, config: Config) -> None:
    """CORS for programs calling /api from other origins; Gradio defers to this when it is set."""
    origins = list(config.serve.cors_origins)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type"],
        allow_credentials="*" not in origins,
    )


def _add_frame_policy(app: FastAPI, config: Config) -> None:
    """Which sites may put the chat in an iframe; a header, since a meta tag cannot set frame-ancestors."""
    sources = " ".join(config.serve.frame_ancestors) or "'none'"
    if sources not in ("*", "'none'"):
        sources = "'self' " + sources
    policy = f"frame-ancestors {sources}"

    @app.middleware("http")
    async def frame_policy(request: Request, call_next) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = policy
        if "x-frame-options" in response.headers:
            del response.headers["x-frame-options"]
        return response


def _add_token_cookie(app: FastAPI, config: Config) -> None:
    """Opening /?token=… (or /embed?token=…) once stores the token in a cookie for the page's own calls."""

    @app.middleware("http")
    async def token_cookie(request: Request, call_next) -> Response:
        given = request.query_params.get("token")
        path = request.url.path
        if path.startswith("/api/") or given is None:
            return await call_next(request)
        if not token_ok(config.serve.api_token, given):
            return HTMLResponse("<h1>401</h1><p>Wrong token.</p>", status_code=401)
        response = await call_next(request)
        response.set_cookie(TOKEN_COOKIE, given, httponly=True, samesite="lax")
        return response
