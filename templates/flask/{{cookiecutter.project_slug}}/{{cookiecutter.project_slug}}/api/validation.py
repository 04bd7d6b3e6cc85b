"""Request body validation for the items resource."""

from __future__ import annotations

from typing import Any

from flask import request

from ..errors import ValidationError
from ..models import NAME_MAX_LENGTH

FIELDS = ("name", "description")


def json_object() -> dict[str, Any]:
    """Return the request body as a JSON object.

    Malformed JSON answers 400, a wrong Content-Type 415 (both raised by Flask);
    valid JSON that is not an object answers 422.
    """
    data = request.get_json()
    if not isinstance(data, dict):
        raise ValidationError({"body": "Must be a JSON object."})
    return data


def item_fields(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Return the validated, normalised fields of ``data``.

    ``partial`` (PATCH) makes every field optional; otherwise ``name`` is required.
    """
    problems: dict[str, str] = {}
    for unknown in sorted(set(data) - set(FIELDS)):
        problems[unknown] = "Unknown field."
    fields: dict[str, Any] = {}

    if "name" in data:
        name = data["name"]
        if not isinstance(name, str) or not name.strip():
            problems["name"] = "Must be a non-empty string."
        elif len(name.strip()) > NAME_MAX_LENGTH:
            problems["name"] = f"Must be at most {NAME_MAX_LENGTH} characters."
        else:
            fields["name"] = name.strip()
    elif not partial:
        problems["name"] = "This field is required."

    if "description" in data:
        description = data["description"]
        if description is not None and not isinstance(description, str):
            problems["description"] = "Must be a string or null."
        else:
            fields["description"] = description
    elif not partial:
        fields["description"] = None

    if problems:
        raise ValidationError(problems)
    return fields


def positive_int_arg(name: str, default: int, maximum: int) -> int:
    """Return query argument ``name`` as an integer in 1..maximum; 422 otherwise."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise ValidationError({name: f"Must be a whole number from 1 to {maximum}."})
    return int(raw)
