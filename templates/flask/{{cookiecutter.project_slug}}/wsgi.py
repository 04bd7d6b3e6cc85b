"""WSGI entry point, used by ``gunicorn -c gunicorn.conf.py`` and found by the ``flask`` command.

Servers read the real environment only: nothing here loads ``.env`` (the ``flask``
command does, before importing this module). ``APP_ENV`` unset means production.
"""

import sys

from {{ cookiecutter.project_slug }} import create_app
from {{ cookiecutter.project_slug }}.config import ConfigError

# Exit status for "cannot boot": Gunicorn's master then stops instead of restarting workers.
BOOT_ERROR = 3

try:
    app = create_app()
except ConfigError as error:
    # One clear line instead of a traceback: the fix is in the environment, not the code.
    print(error, file=sys.stderr)
    raise SystemExit(BOOT_ERROR) from None
