"""One port for everything: FastAPI with the REST API, the chat UI at / and the embed page at /embed.

The port opens before the model is loaded: start-up (model, then the first
index build from data_dir) runs in a background thread, the terminal shows its
progress, the page shows a banner, and the API answers 503 until it is done.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline machines; no phoning home

import gradio as gr  # noqa: E402
import uvicorn  # noqa: E402
from fastapi import FastAPI, Request, Response  # noqa: E402
from fastapi.middleware.cors import CORSMiddleware  # noqa: E402
from fastapi.openapi.docs import get_swagger_ui_html  # noqa: E402
from fastapi.responses import HTMLResponse, RedirectResponse  # noqa: E402
from fastapi.staticfiles import StaticFiles  # noqa: E402

from assistant.config import Config  # noqa: E402
from assistant.core import Assistant  # noqa: E402
from assistant.web.api import install_error_handlers, make_router  # noqa: E402
from assistant.web.assets import CITE_SCRIPT, CSS, EMBED_CSS  # noqa: E402
from assistant.web.auth import TOKEN_COOKIE, token_ok, ui_auth  # noqa: E402
from assistant.web.service import ChatService  # noqa: E402
from assistant.web.ui import build_embed_ui, build_ui  # noqa: E402

# Fonts every machine has: the theme's web fonts are fetched from the internet and, offline, bold
# headings fell back to a font that drew "Biden" as "ʙiden".
SYSTEM_FONTS = ["system-ui", "Segoe UI", "Roboto", "Noto Sans", "Liberation Sans", "Arial", "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", "monospace"]


def create_app(config: Config, assistant: Assistant | None = None, start: bool = True) -> FastAPI:
    """Build the app; pass a loaded `assistant` (tests) to skip loading the model again."""
    service = ChatService(config, assistant)
    app = FastAPI(
        title="News assistant",
        version="0.1.0",
        description="Questions answered from indexed news articles, with numbered citations.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.service = service
    _add_offline_docs(app)
    install_error_handlers(app)
    app.include_router(make_router(service))
    _add_embed_redirect(app)
    _add_cors(app, config)
    _add_frame_policy(app, config)
    auth = ui_auth(config.serve.api_token)
    if config.serve.api_token:
        _add_token_cookie(app, config)
    common = {
        "theme": gr.themes.Default(font=SYSTEM_FONTS, font_mono=MONO_FONTS),
        "auth_dependency": auth,
        "max_file_size": service.max_upload_bytes,
        "head": CITE_SCRIPT,
        "footer_links": ["api"],
        "run_history": False,
        "ssr_mode": False,
    }
    gr.mount_gradio_app(app, build_embed_ui(service), path="/embed", css=EMBED_CSS, **common)
    gr.mount_gradio_app(app, build_ui(service), path="/", css=CSS, **common)
    if start:
        service.start(background=True)
    return app


def serve(config: Config) -> None:
    """`python app.py` and `assistant serve`: start-up in the background, then serve until Ctrl-C."""
    print(
        f"news assistant: starting on http://{config.serve.host}:{config.serve.port} "
        f"(index: {config.index_dir}, data: {config.data_dir})",
        flush=True,
    )
    app = create_app(config)
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
