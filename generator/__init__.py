"""scaffold: start a Python web project the right way."""

__version__ = "0.1.0"
