"""Container test support: a Docker Engine, stand-in base images and per-run cleanup."""
