"""Jinja settings for this template (cookiecutter loads them through `_extensions`)."""

import json

from jinja2.ext import Extension

# JSON leaves these raw, but they are not literal text everywhere a `tojson` value lands:
# DEL is a control character in TOML, U+2028/U+2029 are line breaks to YAML.
_ESCAPES = {"\x7f": "\\u007f", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _dumps(obj, **kwargs):
    text = json.dumps(obj, **kwargs)
    for char, escape in _ESCAPES.items():
        text = text.replace(char, escape)
    return text


class UnicodeJson(Extension):
    """Make `tojson` write non-ASCII text as it is, so that one JSON string literal is also
    a valid Python, TOML and YAML string (JSON's surrogate-pair escapes for characters
    beyond U+FFFF are not)."""

    def __init__(self, environment):
        super().__init__(environment)
        environment.policies["json.dumps_function"] = _dumps
        environment.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
