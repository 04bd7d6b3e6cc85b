"""The OpenAPI document's additions: the problem responses, and strict request bodies."""

from http import HTTPStatus

PROBLEM = {
    "type": "object",
    "description": "An RFC 9457 problem: every error of this API.",
    "properties": {
        "type": {"type": "string", "example": "about:blank"},
        "title": {"type": "string", "example": "Bad Request"},
        "status": {"type": "integer", "example": 400},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "The messages for each invalid field.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status", "detail"],
}
# The errors any operation may answer, and those only writes may answer.
EVERY_OPERATION = (401, 404, 406, 429)
WRITES = (400, 413, 415)
# No NUL characters: PostgreSQL cannot store them, so the API refuses them. Text that
# must not be blank needs more than spaces too: surrounding whitespace is trimmed.
NO_NUL = "^[^\\u0000]*$"
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"


def document_problems(result, generator, request, public):
    """drf-spectacular post-processing hook: add the Problem schema and error responses,
    forbid unknown request fields, and say which text is refused."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM
    schema = {"$ref": "#/components/schemas/Problem"}
    content = {"application/problem+json": {"schema": schema}}
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            writes = method in {"post", "put", "patch", "delete"}
            responses = operation.setdefault("responses", {})
            for code in EVERY_OPERATION + (WRITES if writes else ()):
                described = {"description": HTTPStatus(code).phrase, "content": content}
                responses.setdefault(str(code), described)
    for name, schema in components.items():
        if name.endswith("Request") and schema.get("type") == "object":
            schema["additionalProperties"] = False
            for field in schema.get("properties", {}).values():
                if field.get("type") == "string" and "format" not in field:
                    field.setdefault("pattern", NOT_BLANK if field.get("minLength") else NO_NUL)
    return result
