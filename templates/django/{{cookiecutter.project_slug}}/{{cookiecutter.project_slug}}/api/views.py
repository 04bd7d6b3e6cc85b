"""POST /api/auth/token/: a username and password in, the user's API token out."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .serializers import StrictFieldsMixin
from .throttling import LoginRateThrottle


class CredentialsSerializer(StrictFieldsMixin, AuthTokenSerializer):
    """DRF's username and password check, refusing unknown fields."""


class ObtainTokenView(APIView):
    """Exchange a username and password for the user's token (made on first use)."""

    authentication_classes = ()
    permission_classes = ()
    parser_classes = (JSONParser,)
    throttle_classes = (LoginRateThrottle,)

    @extend_schema(
        operation_id="auth_token_create",
        request=CredentialsSerializer,
        responses={200: inline_serializer("Token", {"token": serializers.CharField()})},
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        credentials = CredentialsSerializer(data=request.data, context={"request": request})
        credentials.is_valid(raise_exception=True)
        token, _ = Token.objects.get_or_create(user=credentials.validated_data["user"])
        return Response({"token": token.key})
