"""Every 4xx and 5xx under /api/ as an RFC 9457 problem (application/problem+json).

DRF's errors go through `exception_handler`; what Django answers itself (an unknown
URL, a body too large, a server error) is rewritten by `ProblemDetailsMiddleware`.
"""

from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

CONTENT_TYPE = "application/problem+json"
# Headers of the original answer that a client still needs.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary", "Location")
DETAILS = {
    400: "The request is malformed.",
    404: "There is nothing at this URL.",
    405: "This URL does not accept that method.",
    413: "The request body is too large.",
    500: "The server failed to answer; the error has been logged.",
}


def problem(status: int, detail: str, errors: object = None) -> dict[str, object]:
    """The problem body: type, title, status, detail, and field errors when there are."""
    body: dict[str, object] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, with its answer reshaped into a problem."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django logs it and answers 500 (see below)
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors}
        body = problem(response.status_code, "The request is invalid; see errors.", errors)
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        detail = str(detail) or HTTPStatus(response.status_code).description
        body = problem(response.status_code, detail)
    headers = {name: value for name, value in response.items() if name in KEPT_HEADERS}
    return Response(body, status=response.status_code, headers=headers, content_type=CONTENT_TYPE)


class ProblemDetailsMiddleware:
    """Turn any other error answer under /api/ (HTML, plain text) into a problem."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not request.path_info.startswith("/api/")
            or response.status_code < 400
            or response.get("Content-Type", "").startswith(CONTENT_TYPE)
        ):
            return response
        status = response.status_code
        detail = DETAILS.get(status, HTTPStatus(status).description)
        rewritten = JsonResponse(problem(status, detail), status=status, content_type=CONTENT_TYPE)
        for name in KEPT_HEADERS:
            if name in response:
                rewritten[name] = response[name]
        return rewritten
