"""The one bearer-token check, shared by the REST API and the Gradio pages.

When `serve.api_token` is set, every data route needs it: the API as an
`Authorization: Bearer` header (FastAPI's `HTTPBearer`), the pages as the same
header, a `?token=` query (opening the page once) or the cookie that query sets.
Comparison is constant-time so the token cannot be guessed byte by byte.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

from fastapi import Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

TOKEN_COOKIE = "assistant_token"
bearer_scheme = HTTPBearer(auto_error=False, description="the server's api_token")


def token_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(given.strip().encode(), expected.encode())


def bearer_ok(expected: str, credentials: HTTPAuthorizationCredentials | None) -> bool:
    return (
        credentials is not None
        and credentials.scheme.lower() == "bearer"
        and token_ok(expected, credentials.credentials)
    )


def ui_auth(expected: str) -> Callable[[Request], str | None] | None:
    """Gradio's auth hook: the UI's own calls need the token too (header, cookie, or ?token=)."""
    if not expected:
        return None

    def check(request: Request) -> str | None:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token_ok(expected, given):
            return "token"
        if token_ok(expected, request.cookies.get(TOKEN_COOKIE)) or token_ok(
            expected, request.query_params.get("token")
        ):
            return "token"
        return None

    return check
