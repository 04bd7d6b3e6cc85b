"""``POST /api/auth/token/``: credentials in, bearer token out; and the guard on writes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app
from flask_jwt_extended import create_access_token, jwt_required

from ..auth import BEARER, authenticate
from ..errors import problem
from ..extensions import limiter
from .blueprint import Blueprint
from .schemas import TokenRequestSchema, TokenSchema

View = TypeVar("View", bound=Callable[..., Any])

bp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Tokens for writing.")


def _auth_rate() -> str:
    return str(current_app.config["THROTTLE_AUTH_RATE"])


def _write_rate() -> str:
    return str(current_app.config["THROTTLE_WRITE_RATE"])


def write_access(blp: Blueprint) -> Callable[[View], View]:
    """Guard a write: throttled per client, then a valid bearer token required.

    Put it right under ``@blp.route``, so that it runs before the body is validated.
    """

    def decorate(view: View) -> View:
        view = jwt_required()(view)
        view = limiter.shared_limit(_write_rate, scope="writes")(view)
        view = blp.alt_response(401, response="UNAUTHORIZED")(view)
        view = blp.alt_response(429, response="TOO_MANY_REQUESTS")(view)
        return blp.doc(security=[{"bearerAuth": []}])(view)  # type: ignore[no-any-return]

    return decorate


@bp.route("/token/", methods=["POST"])
@limiter.limit(_auth_rate)
@bp.arguments(TokenRequestSchema)
@bp.response(200, TokenSchema)
@bp.alt_response(401, response="UNAUTHORIZED")
@bp.alt_response(429, response="TOO_MANY_REQUESTS")
def token(credentials: dict[str, str]) -> Any:
    """Get a bearer token for writes (users are made with `flask create-user`)."""
    user = authenticate(credentials["username"], credentials["password"])
    if user is None:
        return problem(401, "The username or password is wrong.", BEARER)
    return {"token": create_access_token(identity=str(user.id))}
