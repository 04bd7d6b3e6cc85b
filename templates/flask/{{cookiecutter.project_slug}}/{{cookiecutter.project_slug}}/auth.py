"""Users and their tokens: Argon2 password hashes and JWT bearer tokens."""

from __future__ import annotations

from functools import cache
from typing import Any

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Response, current_app
from sqlalchemy import select

from .errors import problem
from .extensions import db, jwt
from .models import User

# Argon2id with argon2-cffi's recommended parameters; the test suite uses the cheapest.
HASHER = PasswordHasher()
TEST_HASHER = PasswordHasher.from_parameters(profiles.CHEAPEST)
MIN_PASSWORD_LENGTH = 8
BEARER = {"WWW-Authenticate": "Bearer"}


def _hasher() -> PasswordHasher:
    return TEST_HASHER if current_app.testing else HASHER


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("not a password of anyone")


def hash_password(password: str) -> str:
    """Return the Argon2 hash of ``password``."""
    return _hasher().hash(password)


def authenticate(username: str, password: str) -> User | None:
    """Return the active user with these credentials, or None.

    An unknown name costs one hash check too, so timing does not reveal which names exist.
    """
    hasher = _hasher()
    user = db.session.scalar(select(User).where(User.username == username))
    try:
        hasher.verify(user.password_hash if user else _dummy_hash(hasher), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.is_active:
        return None
    if hasher.check_needs_rehash(user.password_hash):
        # Argon2's recommended parameters changed since this hash was made.
        user.password_hash = hasher.hash(password)
        db.session.commit()
    return user


def _unauthorized(detail: str) -> Response:
    return problem(401, detail, BEARER)


# Every token problem answers a 401 problem (the loaders of Flask-JWT-Extended).
@jwt.unauthorized_loader
def _missing(reason: str) -> Response:
    return _unauthorized("This request needs a token: Authorization: Bearer <token>.")


@jwt.invalid_token_loader
def _invalid(reason: str) -> Response:
    return _unauthorized("The token is invalid.")


@jwt.expired_token_loader
def _expired(header: dict[str, Any], payload: dict[str, Any]) -> Response:
    return _unauthorized("The token has expired; get a new one from POST /api/auth/token/.")


@jwt.user_lookup_error_loader
def _unknown_user(header: dict[str, Any], payload: dict[str, Any]) -> Response:
    return _unauthorized("The token's user no longer exists or is inactive.")


@jwt.user_lookup_loader
def _load_user(header: dict[str, Any], payload: dict[str, Any]) -> User | None:
    subject = str(payload.get("sub", ""))
    user = db.session.get(User, int(subject)) if subject.isascii() and subject.isdigit() else None
    return user if user is not None and user.is_active else None
