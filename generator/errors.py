"""The exceptions scaffold raises; the CLI turns each into one line and an exit code."""


class ScaffoldError(Exception):
    """Base class: something the user can fix; the message says what and how."""

    exit_code = 1


class UsageError(ScaffoldError):
    """Bad input: an invalid answer, option, name or answers file (exit 2)."""

    exit_code = 2


class AnswersFileError(UsageError):
    """An answers file that cannot be read, parsed, or is not a mapping."""


class ProjectNameError(UsageError):
    """The project's package name cannot be used; the CLI adds how to change it."""

    hint = "set project_slug to another name, e.g. --set project_slug=my_shop"


class TargetExistsError(UsageError):
    """The output directory already exists and is not empty."""


class RenderError(ScaffoldError):
    """The template failed to render; nothing was left behind."""


class ProjectStateError(ScaffoldError):
    """A project's `.scaffold.yml` is missing or invalid, or its tree is not safe to change."""

    exit_code = 2
