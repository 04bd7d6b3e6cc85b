"""The decision criteria, one row per rule, each citing the seed document lines it applies.

Sources are `<document>:<line>` in `shared/seeds/`:
  O = flask-and-django-overview.md, A = choosing-flask-or-django-for-apis.md;
`generator.sources` turns them into the document title and section users are shown.
Weights: 3 = the documents name it as a deciding factor ("Use X when", "Best for",
a named use case of the framework's scale), 2 = a listed advantage/disadvantage,
1 = a secondary consideration. The neutral answer (`unsure`) meets no criterion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.sources import APIS, OVERVIEW

Framework = Literal["flask", "django"]

__all__ = ["APIS", "CRITERIA", "OVERVIEW", "Criterion", "Framework"]


@dataclass(frozen=True)
class Criterion:
    """An answer that favours one framework, and why."""

    key: str
    answer: str | bool
    favours: Framework
    weight: int
    rule: str
    sources: tuple[str, ...]


def _o(*lines: int) -> tuple[str, ...]:
    return tuple(f"{OVERVIEW}:{n}" for n in lines)


def _a(*lines: int) -> tuple[str, ...]:
    return tuple(f"{APIS}:{n}" for n in lines)


CRITERIA: tuple[Criterion, ...] = (
    # --- size ---------------------------------------------------------------------------
    Criterion("size", "large", "django", 3,
              "Use Django when you're working on a large project; it is designed for high "
              "loads and large, monolithic applications.",
              _o(68, 43, 51) + _a(74)),
    Criterion("size", "small", "flask", 3,
              "Use Flask for a smaller, simpler web application; Django can feel like "
              "overkill and is heavier for small projects.",
              _o(80, 22, 57) + _a(70)),
    # --- deadline -----------------------------------------------------------------------
    Criterion("deadline", "tight", "django", 2,
              "Use Django when deadlines are a driving factor: fast development makes it "
              "ideal for tight deadlines.",
              _o(70, 47)),
    # --- app_type -----------------------------------------------------------------------
    Criterion("app_type", "api", "flask", 2,
              "Use Flask when you need API support: it is RESTful by design and quick to set "
              "up for simple and lightweight APIs.",
              _o(86, 12) + _a(93, 99, 115)),
    Criterion("app_type", "microservice", "flask", 3,
              "Flask is ideal for microservices and modular APIs: small, independently "
              "deployable services that scale independently.",
              _a(12, 24, 38, 99, 103)),
    Criterion("app_type", "prototype", "flask", 3,
              "Flask's minimal setup makes it ideal for prototyping and proof-of-concept "
              "applications.",
              _a(21, 99, 104) + _o(10)),
    Criterion("app_type", "serverless", "flask", 3,
              "Flask's lightweight nature integrates well with serverless environments "
              "such as AWS Lambda.",
              _a(105)),
    Criterion("app_type", "static", "flask", 2,
              "Flask is ideal for relatively simple web apps with a few static pages.",
              _o(22)),
    Criterion("app_type", "fullstack", "django", 3,
              "Django is a full-stack framework for full-fledged apps; Flask is limited for "
              "full-stack development and not suited to apps with lots of dynamic pages.",
              _o(33, 26) + _a(32, 99)),
    # --- admin, auth ----------------------------------------------------------------------
    Criterion("admin", True, "django", 3,
              "Django's built-in admin interface manages application data without building "
              "a separate dashboard; Flask has none.",
              _a(60, 94, 116) + _o(37)),
    Criterion("auth", True, "django", 2,
              "Django has built-in user authentication and management, including user roles; "
              "Flask needs an extension.",
              _a(96, 56, 108, 116) + _o(37)),
    # --- database -------------------------------------------------------------------------
    Criterion("db_control", "orm", "django", 2,
              "Use Django for a one-stop solution that includes database management: a "
              "built-in ORM and migrations.",
              _o(72) + _a(95, 56)),
    Criterion("db_control", "hands-on", "flask", 2,
              "Use Flask when you want more control over database communication; it "
              "supports many kinds of databases and leaves the ORM choice to you.",
              _o(88, 20) + _a(42, 68)),
    # --- conventions vs freedom -----------------------------------------------------------
    Criterion("flexibility", "conventions", "django", 2,
              "Django enforces a clean, organised project structure that keeps code "
              "consistent.",
              _o(39) + _a(74)),
    Criterion("flexibility", "freedom", "flask", 2,
              "Use Flask when you need more coding flexibility and want to pick your own "
              "extensions and components; Django is opinionated.",
              _o(82, 84, 18, 61) + _a(16, 68)),
    # --- growth -------------------------------------------------------------------------
    Criterion("growth", True, "django", 2,
              "Use Django when you want to scale up to a more complex app later; scaling "
              "monolithic Flask apps means managing routing, state and caching by hand.",
              _o(74, 26) + _a(34)),
    Criterion("growth", False, "flask", 1,
              "Django can feel like overkill for projects that have no plans to scale up.",
              _o(57)),
    # --- experience -----------------------------------------------------------------------
    Criterion("python_experience", "beginner", "flask", 2,
              "Flask is quick to learn; Django has a steep learning curve and requires a "
              "solid understanding of Python.",
              _o(10, 59) + _a(65)),
    Criterion("python_experience", "beginner", "django", 1,
              "Use Django when you need more online and community support.",
              _o(76, 28)),
    Criterion("python_experience", "experienced", "flask", 1,
              "Flask leaves architecture and deployment configuration to the developer, "
              "which takes more work and expertise.",
              _a(16, 46)),
    # --- security -----------------------------------------------------------------------
    Criterion("security", "builtin", "django", 2,
              "Django has built-in protection against SQL injection, XSS and CSRF; choose it "
              "when security is a priority.",
              _o(41, 72) + _a(58, 97, 116)),
    Criterion("security", "manual", "flask", 1,
              "Security is not a top priority and you will choose the protections "
              "yourself: Flask leaves security to a manual setup.",
              _a(97)),
    # --- known use cases ------------------------------------------------------------------
    Criterion("domain", "ecommerce", "django", 2,
              "E-commerce platforms: complex business logic, multiple user roles and orders "
              "managed in the built-in admin.",
              _a(108)),
    Criterion("domain", "social", "django", 2,
              "Social media applications: user profiles, interactions and media uploads with "
              "extensive database support.",
              _a(109)),
    Criterion("domain", "cms", "django", 2,
              "Django is versatile, from content management to complex computing.",
              _o(53)),
    Criterion("domain", "enterprise", "django", 2,
              "Enterprise-level APIs with high security, scalability and consistency using "
              "Django REST Framework.",
              _a(110, 99)),
    Criterion("domain", "notification", "flask", 2,
              "Small, independently deployable components like an email notification "
              "service.",
              _a(103)),
    Criterion("domain", "iot", "flask", 2,
              "IoT and serverless applications, thanks to Flask's lightweight nature.",
              _a(105)),
)  # fmt: skip
