"""Request limits and URL canonicalisation shared by the pages{% if cookiecutter.api %} and the API{% endif %}."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.middleware import common
from django.utils.http import escape_leading_slashes


class RequestSizeLimitMiddleware:
    """Answer 413 to a body announced larger than MAX_REQUEST_BYTES, before reading it.

    Django alone would answer 400 (RequestDataTooBig), and only for bodies it reads
    itself; a JSON body parsed from the stream would not be limited at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not (length.isascii() and length.isdigit()):
            return HttpResponse("Bad Content-Length.\n", status=400, content_type="text/plain")
        if int(length) > settings.MAX_REQUEST_BYTES:
            return HttpResponse(
                f"The request body is larger than {settings.MAX_REQUEST_BYTES} bytes.\n",
                status=413,
                content_type="text/plain",
            )
        return self.get_response(request)


class PermanentRedirect(HttpResponsePermanentRedirect):
    """308: the client repeats the request, method and body included, at the new URL."""

    status_code = 308


class CommonMiddleware(common.CommonMiddleware):
    """Django's CommonMiddleware, whose missing-slash redirect is a 308 for every method."""

    response_redirect_class = PermanentRedirect

    def get_full_path_with_slash(self, request: HttpRequest) -> str:
        # Django refuses to redirect a POST here in DEBUG, since a 301 would lose its body.
        return escape_leading_slashes(request.get_full_path(force_append_slash=True))
