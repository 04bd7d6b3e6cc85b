"""Shared pytest settings."""

import os

from hypothesis import settings

# Renders skip `uv lock` (about a second and the package index each): the tests that need
# the lock (test_lock.py, test_containers.py) remove this and render as users do.
os.environ.setdefault("SCAFFOLD_SKIP_LOCK", "1")

# In CI, property tests draw the same examples every run: a failure there is reproducible
# with the same command, and a green run does not depend on luck.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
