{%- import "shape.jinja" as s with context -%}
"""POST /api/auth/token/: a username and password in, the user's API token out.{% if s.signup_api %}
POST /api/auth/signup/: a new account, and its token.{% endif %}"""

from django.contrib.auth import authenticate{% if s.signup_api %}, get_user_model{% endif %}
{%- if s.signup_api %}
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
{%- endif %}
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
{%- if s.signup_api %}
from rest_framework.status import HTTP_201_CREATED
from rest_framework.validators import UniqueValidator
{%- endif %}
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
{%- if s.signup_api %}


class SignUpSerializer(StrictFieldsMixin, serializers.Serializer):
    """A new account: a free username, an email address, a password Django accepts."""

    username = serializers.RegexField(
        r"^[\w.@+-]+\Z",
        max_length=150,
        validators=[UniqueValidator(queryset=get_user_model().objects.all())],
    )
    email = serializers.EmailField()
    # min_length: what the schema can say of the rules below (MinimumLengthValidator's 8).
    password = serializers.CharField(
        min_length=8, style={"input_type": "password"}, trim_whitespace=False
    )

    def validate(self, attrs: dict) -> dict:
        # The same password rules as everywhere in Django (AUTH_PASSWORD_VALIDATORS).
        user = get_user_model()(username=attrs["username"], email=attrs["email"])
        try:
            validate_password(attrs["password"], user)
        except ValidationError as err:
            raise serializers.ValidationError({"password": list(err.messages)}) from err
        return attrs

    def create(self, validated_data: dict):
        return get_user_model().objects.create_user(**validated_data)


class SignUpView(APIView):
    """Create an account; the answer carries its token, so the client can write at once."""

    authentication_classes = ()
    permission_classes = ()
    parser_classes = (JSONParser,)
    # Sign-ups count against the same per-address limit as logins.
    throttle_classes = (LoginRateThrottle,)

    @extend_schema(
        operation_id="auth_signup_create",
        request=SignUpSerializer,
        responses={201: inline_serializer("SignedUp", {"token": serializers.CharField()})},
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = SignUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.save()
        token = Token.objects.create(user=user)
        return Response({"token": token.key}, status=HTTP_201_CREATED)
{%- endif %}
