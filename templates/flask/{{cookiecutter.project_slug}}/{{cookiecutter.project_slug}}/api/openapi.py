"""The OpenAPI 3 description of the API, served at /api/openapi.json."""

from __future__ import annotations

from typing import Any

from ..models import NAME_MAX_LENGTH
from . import bp

TITLE = {{ cookiecutter.project_name|tojson }}
DESCRIPTION = {{ cookiecutter.description|tojson }}
VERSION = "0.1.0"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(_ref("Error"), description)


{% if cookiecutter.celery -%}
TASK_ID = {
    "name": "task_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "format": "uuid"},
}
{% endif -%}
ITEM_ID = {
    "name": "item_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}
PAGE_ARGS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
    },
]
BAD_BODY = {
    "400": _error("Malformed JSON."),
    "413": _error("Request body too large."),
    "415": _error("Content-Type is not application/json."),
    "422": _error("Invalid fields."),
}

SCHEMAS: dict[str, Any] = {
    "Item": {
        "type": "object",
        "required": ["id", "name", "description", "created_at", "updated_at"],
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "name": {"type": "string", "maxLength": NAME_MAX_LENGTH},
            "description": {"type": "string", "nullable": True},
            "created_at": {"type": "string", "format": "date-time", "readOnly": True},
            "updated_at": {"type": "string", "format": "date-time", "readOnly": True},
        },
    },
    "ItemInput": {
        "type": "object",
        "additionalProperties": False,
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": NAME_MAX_LENGTH},
            "description": {"type": "string", "nullable": True},
        },
    },
    "ItemPatch": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": NAME_MAX_LENGTH},
            "description": {"type": "string", "nullable": True},
        },
    },
    "ItemPage": {
        "type": "object",
        "required": ["items", "page", "per_page", "total"],
        "properties": {
            "items": {"type": "array", "items": _ref("Item")},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
        },
    },
{%- if cookiecutter.celery %}
    "TaskQueued": {
        "type": "object",
        "required": ["task_id"],
        "properties": {"task_id": {"type": "string", "format": "uuid"}},
    },
    "Task": {
        "type": "object",
        "required": ["task_id", "state"],
        "properties": {
            "task_id": {"type": "string", "format": "uuid"},
            "state": {
                "type": "string",
                "enum": ["PENDING", "STARTED", "RETRY", "SUCCESS", "FAILURE"],
                "description": "PENDING also means unknown (or expired after a day).",
            },
            "result": {"description": "The task's return value (SUCCESS only)."},
            "error": {"type": "string", "description": "FAILURE only."},
        },
    },
{%- endif %}
    "Status": {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"type": "string"}},
    },
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "message"],
                "properties": {
                    "status": {"type": "integer"},
                    "message": {"type": "string"},
                    "fields": {
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                        "description": "Problem of each invalid field (422 only).",
                    },
                },
            }
        },
    },
}

PATHS: dict[str, Any] = {
    "/healthz": {
        "get": {
            "summary": "Liveness probe",
            "tags": ["health"],
            "responses": {"200": _json(_ref("Status"), "The process is alive.")},
        }
    },
    "/readyz": {
        "get": {
            "summary": "Readiness probe (checks the database)",
            "tags": ["health"],
            "responses": {
                "200": _json(_ref("Status"), "Ready to serve."),
                "503": _error("A backing service is unreachable."),
            },
        }
    },
    "/api/openapi.json": {
        "get": {
            "summary": "This document",
            "tags": ["meta"],
            "responses": {"200": {"description": "The OpenAPI document."}},
        }
    },
    "/api/items": {
        "get": {
            "summary": "List items",
            "tags": ["items"],
            "parameters": PAGE_ARGS,
            "responses": {
                "200": _json(_ref("ItemPage"), "A page of items."),
                "422": _error("Invalid page arguments."),
            },
        },
        "post": {
            "summary": "Create an item",
            "tags": ["items"],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("ItemInput")}},
            },
            "responses": {"201": _json(_ref("Item"), "The new item."), **BAD_BODY},
        },
    },
    "/api/items/{item_id}": {
        "parameters": [ITEM_ID],
        "get": {
            "summary": "Get an item",
            "tags": ["items"],
            "responses": {"200": _json(_ref("Item"), "The item."), "404": _error("No such item.")},
        },
        "put": {
            "summary": "Replace an item",
            "tags": ["items"],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("ItemInput")}},
            },
            "responses": {
                "200": _json(_ref("Item"), "The updated item."),
                "404": _error("No such item."),
                **BAD_BODY,
            },
        },
        "patch": {
            "summary": "Update some fields of an item",
            "tags": ["items"],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("ItemPatch")}},
            },
            "responses": {
                "200": _json(_ref("Item"), "The updated item."),
                "404": _error("No such item."),
                **BAD_BODY,
            },
        },
        "delete": {
            "summary": "Delete an item",
            "tags": ["items"],
            "responses": {"204": {"description": "Deleted."}, "404": _error("No such item.")},
        },
    },
{%- if cookiecutter.celery %}
    "/api/items/{item_id}/summary": {
        "parameters": [ITEM_ID],
        "post": {
            "summary": "Queue a summary of the item (a background task)",
            "tags": ["tasks"],
            "responses": {
                "202": _json(_ref("TaskQueued"), "Queued; poll the Location header."),
                "404": _error("No such item."),
                "503": _error("The task queue is unreachable."),
            },
        },
    },
    "/api/tasks/{task_id}": {
        "parameters": [TASK_ID],
        "get": {
            "summary": "The state of a task, and its result once it succeeded",
            "tags": ["tasks"],
            "responses": {
                "200": _json(_ref("Task"), "The task."),
                "503": _error("The task results are unreachable."),
            },
        },
    },
{%- endif %}
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": TITLE, "description": DESCRIPTION, "version": VERSION},
    "paths": PATHS,
    "components": {"schemas": SCHEMAS},
}


@bp.get("/openapi.json")
def openapi_document() -> dict[str, Any]:
    """Serve the OpenAPI document."""
    return DOCUMENT
