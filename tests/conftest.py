"""Shared pytest settings."""

import os

from hypothesis import settings

# In CI, property tests draw the same examples every run: a failure there is reproducible
# with the same command, and a green run does not depend on luck.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
