"""Security headers on every response, and error pages that leak nothing."""

from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from indexer.search import NoIndex

log = logging.getLogger("newsdex.webui")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    404: ("Page not found", "There is no page at this address."),
    405: ("Method not allowed", "This address does not accept that kind of request."),
    413: ("Request too large", "The request is larger than this server accepts."),
    414: ("Address too long", "The address of the request is too long."),
    431: ("Headers too large", "The request headers are larger than this server accepts."),
    500: ("Something went wrong", "The server could not answer this request. Please try again later."),
    # No index at the server's index folder yet: say how to build one (the folder is not shown to readers).
    503: ("No index yet", "There is no search index yet. Build one by running newsdex reindex DIR (with the "
                          "server's --index, if it was given one); this page then works without a restart."),
}


def init_app(app) -> None:
    app.after_request(add_headers)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(NoIndex, handle_no_index)
    app.register_error_handler(Exception, handle_unexpected)


def add_headers(response):
    for name, value in HEADERS.items():
        response.headers[name] = value
    if request.path.startswith("/api/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str | None = None):
    title, default = MESSAGES.get(status, (f"Error {status}", "The request could not be answered."))
    message = message or default
    if wants_json():
        response = jsonify({"error": message, "status": status})
        response.status_code = status
        return response
    return render_template("errors/error.html", status=status, title=title, message=message), status


def handle_http_error(exc: HTTPException):
    status = exc.code or 500
    # Werkzeug's default texts are replaced by ours.
    response = error_response(status)
    if status == 405 and getattr(exc, "valid_methods", None):
        response = _with_allow(response, exc.valid_methods)
    return response


def _with_allow(response, methods):
    from flask import make_response

    response = make_response(response)
    response.headers["Allow"] = ", ".join(methods)
    return response


def handle_no_index(exc: NoIndex):
    log.error("no index: %s", exc)
    return error_response(503)


def handle_unexpected(exc: Exception):
    if isinstance(exc, HTTPException):  # pragma: no cover - routed to handle_http_error
        return handle_http_error(exc)
    log.exception("error answering %s %s", request.method, request.path)
    return error_response(InternalServerError.code)

