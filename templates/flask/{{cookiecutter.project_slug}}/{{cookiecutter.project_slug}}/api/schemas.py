"""The API's marshmallow schemas: they validate requests, shape responses and are the
OpenAPI document (flask-smorest). To serve a new model column, add its field here.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

import marshmallow as ma
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from marshmallow import fields, validate

from ..models import NAME_MAX_LENGTH, USERNAME_MAX_LENGTH

# Strings may not hold NUL (PostgreSQL cannot store it); documented on every string field.
NO_NUL_PATTERN = "^[^\\u0000]*$"


def _unstorable(value: object) -> str | None:
    """Why a decoded JSON value cannot be stored, or None."""
    if isinstance(value, str):
        if "\x00" in value:
            return "Must not contain the NUL character."
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "Must not contain unpaired surrogates."
    elif isinstance(value, list):
        return next(filter(None, map(_unstorable, value)), None)
    elif isinstance(value, dict):
        return next(filter(None, map(_unstorable, [*value, *value.values()])), None)
    return None


class BaseSchema(ma.Schema):
    """Unknown fields are an error (400), and no string may hold NUL or a lone surrogate."""

    class Meta:
        unknown = ma.RAISE

    @ma.pre_load
    def _storable(self, data: Any, **kwargs: Any) -> Any:
        if isinstance(data, dict):
            errors = {str(k): [why] for k, v in data.items() if (why := _unstorable(v))}
            if errors:
                raise ma.ValidationError(errors)
        return data


class UTCDateTime(fields.DateTime):
    """RFC 3339 in UTC with the offset on every database (SQLite returns naive values)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        text: str = value.astimezone(UTC).isoformat(timespec="microseconds")
        return text.replace("+00:00", "Z")


class AsciiInteger(fields.Integer):
    """A whole number in ASCII digits (``int()`` also takes other digits, spaces and ``_``)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if not (isinstance(value, str) and value.isascii() and value.isdigit()):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


def string_pattern(
    self: Any, field: fields.Field, ret: dict[str, Any], **kwargs: Any
) -> dict[str, Any]:
    """apispec attribute function: document the NUL ban on every input string."""
    if isinstance(field, fields.String) and not field.dump_only and "pattern" not in ret:
        return {"pattern": NO_NUL_PATTERN}
    return {}


def schema_name(schema: Any) -> str:
    """The OpenAPI name of a schema: Item for ``ItemSchema``, ItemPatch if partial."""
    cls = resolve_schema_cls(schema)
    name: str = cls.__name__.removesuffix("Schema") or cls.__name__
    if isinstance(schema, ma.Schema) and schema.partial:
        name += "Patch"
    return name


def marshmallow_plugin() -> MarshmallowPlugin:
    """apispec's marshmallow plugin, naming schemas with ``schema_name``."""
    return MarshmallowPlugin(schema_name_resolver=schema_name)


class ItemSchema(BaseSchema):
    """An item; PUT and POST send every writable field, PATCH some of them."""

    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(1, NAME_MAX_LENGTH))
    description = fields.String(allow_none=True, load_default=None)
    created_at = UTCDateTime(dump_only=True)
    updated_at = UTCDateTime(dump_only=True)


class PageArgsSchema(BaseSchema):
    """``?page=N&page_size=M``; anything else in the query string is ignored."""

    page = AsciiInteger(load_default=1, validate=validate.Range(min=1))
    page_size = AsciiInteger(load_default=20, validate=validate.Range(min=1, max=100))


class ItemPageSchema(ma.Schema):
    """One page of items, ordered by id."""

    count = fields.Integer(required=True, metadata={"description": "Items in all pages."})
    next = fields.Url(required=True, allow_none=True)
    previous = fields.Url(required=True, allow_none=True)
    results = fields.List(fields.Nested(ItemSchema), required=True)


class TokenRequestSchema(BaseSchema):
    """Credentials of a user made with ``flask create-user``."""

    username = fields.String(required=True, validate=validate.Length(1, USERNAME_MAX_LENGTH))
    password = fields.String(required=True, validate=validate.Length(1, 1024), load_only=True)


class TokenSchema(ma.Schema):
    """A bearer token: send it back as ``Authorization: Bearer <token>``."""

    token = fields.String(required=True)


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details, the body of every error."""

    type = fields.String(required=True, metadata={"example": "about:blank"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "The problems of each invalid field."},
    )
{%- if cookiecutter.celery %}


class TaskQueuedSchema(ma.Schema):
    """A queued task: poll its Location."""

    task_id = fields.UUID(required=True)


class TaskSchema(ma.Schema):
    """The state of a task, and its result once it succeeded."""

    task_id = fields.UUID(required=True)
    state = fields.String(
        required=True,
        validate=validate.OneOf(["PENDING", "STARTED", "RETRY", "SUCCESS", "FAILURE"]),
        metadata={"description": "PENDING also means unknown (or expired after a day)."},
    )
    result = fields.Raw(metadata={"description": "The task's return value (SUCCESS only)."})
    error = fields.String(metadata={"description": "FAILURE only."})
{%- endif %}
