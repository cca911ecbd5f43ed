"""REST API under /api: routing only; the work is in ChatService and Assistant.

Every error is JSON `{"error": {"status", "message", "details"?}}` so programs
can show the message without parsing HTML: 401 without the bearer token (when
one is set), 413 for an upload over the limit, 415 when no uploaded file has an
accepted type, 422 for a bad body, 503 while the model loads or the first index
is built (with Retry-After). Errors raised by the stages map to a status through
the one table in `errors.py`; a broken internal invariant is a logged 500.
"""

import json
import logging
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, File, Form, Query, Request, Security, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import AssistantError, BusyError, InvariantError, surface_for, user_message
from assistant.models import Answer, Filters
from assistant.web.auth import bearer_ok, bearer_scheme
from assistant.web.service import ChatService

log = logging.getLogger(__name__)


class Turn(BaseModel):
    """An earlier turn of the chat: the user's question and the answer text it got."""

    model_config = ConfigDict(extra="ignore")

    question: str = Field(min_length=1, max_length=2000)
    answer: str = Field("", max_length=20000)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=2000, description="the user's question")
    history: list[Turn | str] = Field(
        default_factory=list,
        max_length=50,
        description="earlier turns of the same chat, oldest first: {question, answer} objects, or plain questions",
    )
    top_k: int | None = Field(None, ge=1, le=50, description="passages to retrieve (default: the setting)")
    since: date | None = Field(
        None,
        description="only articles published on or after this day (YYYY-MM-DD); an undated one by the days it names",
    )
    until: date | None = Field(
        None,
        description="only articles published on or before this day (YYYY-MM-DD); an undated one by the days it names",
    )
    source: str | None = Field(None, max_length=200, description="only articles from this outlet ('BBC')")
    section: str | None = Field(None, max_length=200, description="only articles of this section ('business')")

    def filters(self) -> Filters:
        """The filters of the request; `since` after `until` is a 422 (BadRequestError)."""
        return Filters(self.since, self.until, self.source, self.section)


class ApiError(Exception):
    """Raised by routes; rendered by the handler below as the JSON error shape."""

    def __init__(self, status: int, message: str, details: Any = None, headers: dict | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.details, self.headers = status, message, details, headers


def error_response(status: int, message: str, details: Any = None, headers: dict | None = None) -> JSONResponse:
    body: dict[str, Any] = {"status": status, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """JSON errors for /api (Gradio's own routes keep theirs)."""

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.details, exc.headers)

    @app.exception_handler(AssistantError)
    async def _assistant_error(_: Request, exc: AssistantError) -> JSONResponse:
        """Every expected error through the one table in errors.py; a broken invariant is a logged 500."""
        surface = surface_for(exc)
        if isinstance(exc, InvariantError):
            log.error("internal error", exc_info=exc)
        headers = {"Retry-After": "1" if isinstance(exc, BusyError) else "5"} if surface.status == 503 else None
        return error_response(surface.status, user_message(exc), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"field": ".".join(str(p) for p in e["loc"][1:]) or "body", "message": e["msg"]} for e in exc.errors()
        ]
        summary = "; ".join(f"{d['field']}: {d['message']}" for d in details)
        return error_response(422, f"bad request body: {summary}", details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))


def make_router(service: ChatService) -> APIRouter:
    token = service.config.serve.api_token

    def require_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)]) -> None:
        if token and not bearer_ok(token, credentials):
            raise ApiError(
                401,
                "missing or wrong bearer token (send 'Authorization: Bearer <api_token>')",
                headers={"WWW-Authenticate": "Bearer"},
            )

    router = APIRouter(prefix="/api", tags=["assistant"], dependencies=[Depends(require_token)])

    def ready() -> ChatService:
        phase = service.readiness
        if phase.phase != "ready":
            raise ApiError(503, f"not ready: {phase.message()}", phase.to_dict(), headers={"Retry-After": "5"})
        return service

    Ready = Annotated[ChatService, Depends(ready)]

    @router.get("/health")
    def health() -> dict:
        """Always answers (no 503), so load balancers can tell 'starting' from 'down'."""
        info = service.readiness.to_dict()
        info["articles"] = len(service.articles()) if info["phase"] == "ready" else 0
        return info

    @router.post("/ask", response_model=Answer)
    def ask(body: AskRequest, svc: Ready) -> Answer:
        """Answer a question with numbered, verified citations (the Answer object of docs/architecture.md)."""
        return svc.ask(body.question, history=body.history, top_k=body.top_k, filters=body.filters())

    @router.post(
        "/ask/stream",
        response_class=StreamingResponse,
        responses={
            200: {
                "content": {"text/event-stream": {}},
                "description": "`event: token` pieces, then one `event: answer`",
            }
        },
    )
    def ask_stream(body: AskRequest, svc: Ready) -> StreamingResponse:
        """Server-sent events: `token` events with text pieces, then `answer` with the final Answer.

        The final Answer's text replaces the streamed text (citation checks may change it).
        """
        events = svc.stream(body.question, history=body.history, top_k=body.top_k, filters=body.filters())
        return StreamingResponse(
            _sse(events),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    @router.get("/articles")
    def articles(svc: Ready) -> dict:
        items = svc.articles()
        return {"count": len(items), "articles": items}

    @router.get("/quotes")
    def quotes(
        svc: Ready,
        speaker: Annotated[str | None, Query(max_length=200, description="whole words of who is quoted")] = None,
        q: Annotated[str | None, Query(max_length=2000, description="only quotes about this, best first")] = None,
        limit: Annotated[int, Query(ge=1, le=200, description="at most this many quotes")] = 50,
    ) -> list[dict]:
        """Quoted sentences and who said them (found at ingest), as a JSON list.

        Each item: `speaker`, `quote` (verbatim), `doc_id`, `title`, `source`, `published`, and
        `start`/`end`, the sentence's offsets in the article's text. Without `q` in article order;
        with it, only the quotes sharing a term with `q`, closest first.
        """
        return svc.quotes(speaker=speaker, q=q, limit=limit)

    @router.delete(
        "/articles/{doc_id:path}",
        responses={404: {"description": "no indexed article has this id or file name"}},
    )
    def delete_article(doc_id: str, svc: Ready) -> dict:
        """Remove an article from the index, and its file from data_dir so the next ingest does not add it back.

        `doc_id` is an id from `GET /api/articles` (or a file name: every article of that
        file). The response lists what was removed, the files deleted or kept (with the
        reason), the articles left, and a `message` saying all of it in one sentence.
        """
        return svc.delete(doc_id).to_dict()

    @router.post("/ingest")
    def ingest(
        svc: Ready,
        files: Annotated[list[UploadFile], File(description="article files")],
        replace: Annotated[bool, Form(description="replace articles saved before under the same file name")] = False,
    ) -> JSONResponse:
        """Save the files into data_dir and add them through the incremental ingest.

        Per-file errors (wrong type, empty, unreadable, name taken) are listed and the
        file is not kept. A name that exists already is refused unless `replace=true`:
        409 when that is why nothing was saved. One file over the size limit rejects
        the whole request with 413 and nothing is saved.
        """
        for f in files:
            if f.size is not None and f.size > svc.max_upload_bytes:
                raise ApiError(413, f"{f.filename}: over the {svc.config.serve.max_upload_mb:g} MB upload limit")
        outcome = svc.save_and_ingest(((f.filename or "", f.file) for f in files), replace=replace)
        body = outcome.to_dict()
        if not outcome.saved and outcome.conflicts:
            names = ", ".join(outcome.conflicts)
            return error_response(409, f"already in the index: {names}; send replace=true to replace", body["errors"])
        if not outcome.saved:
            return error_response(415 if outcome.rejected else 422, "no file was accepted", body["errors"])
        return JSONResponse(body)

    _refuse_other_methods(router)

    return router


def _refuse_other_methods(router: APIRouter) -> None:
    """`GET /api/ask` is a 405 naming the methods that work, not the chat page's 404.

    The Gradio app is mounted at "/", so without these routes a request with the wrong
    method falls through to it.
    """
    allowed: dict[str, set[str]] = {}
    for route in router.routes:
        if isinstance(route, APIRoute):
            allowed.setdefault(route.path, set()).update(route.methods)
    for path, methods in allowed.items():
        others = sorted({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"} - methods)
        allow = ", ".join(sorted(methods))

        router.add_api_route(path.removeprefix(router.prefix), _refuse(allow), methods=others, include_in_schema=False)


def _refuse(allow: str):
    def refuse(request: Request) -> JSONResponse:
        message = f"{request.method} is not allowed on {request.url.path}; use {allow}"
        return error_response(405, message, headers={"Allow": allow})

    return refuse


def _sse(events: Iterator[str | Answer]) -> Iterator[str]:
    try:
        for event in events:
            if isinstance(event, Answer):
                yield f"event: answer\ndata: {event.model_dump_json()}\n\n"
            else:
                yield f"event: token\ndata: {json.dumps({'text': event}, ensure_ascii=False)}\n\n"
    except AssistantError as exc:
        if isinstance(exc, InvariantError):
            log.exception("internal error while streaming an answer")
        yield f"event: error\ndata: {json.dumps({'message': user_message(exc)})}\n\n"
