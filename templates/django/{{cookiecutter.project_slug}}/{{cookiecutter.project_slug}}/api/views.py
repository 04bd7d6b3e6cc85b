"""POST /api/auth/token/: a username and password in, the user's API token out."""

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .serializers import StrictFieldsMixin
from .throttling import LoginRateThrottle


class CredentialsSerializer(StrictFieldsMixin, serializers.Serializer):
    """A username and a password, nothing else."""

    username = serializers.CharField(max_length=150, trim_whitespace=False)
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


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
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request=request, **credentials.validated_data)
        if user is None:
            raise AuthenticationFailed("Wrong username or password, or the account is disabled.")
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    def get_authenticate_header(self, request: Request) -> str:
        # A 401 names the scheme the token is then sent with (DRF would answer 403).
        return "Bearer"
