"""Token authentication: `Authorization: Bearer <token>` (DRF's `Token <token>` too)."""

from rest_framework.authentication import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    """DRF's token authentication under the standard `Bearer` keyword.

    The 401 answer's WWW-Authenticate says Bearer, and so does the OpenAPI document.
    """

    keyword = "Bearer"
    _drf_keyword = TokenAuthentication()

    def authenticate(self, request):
        # `Token <key>`, DRF's own form, is what clients of earlier versions send.
        return super().authenticate(request) or self._drf_keyword.authenticate(request)
