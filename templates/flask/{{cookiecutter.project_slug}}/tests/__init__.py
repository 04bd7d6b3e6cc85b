"""The test suite: a package, so that its modules share the constants of conftest."""
