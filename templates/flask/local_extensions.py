"""Jinja settings for this template (cookiecutter loads it through `_extensions`)."""

from jinja2.ext import Extension


class UnicodeJson(Extension):
    """Make `tojson` keep non-ASCII text as it is: valid in TOML, YAML and Python alike."""

    def __init__(self, environment):  # noqa: D107
        super().__init__(environment)
        environment.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
