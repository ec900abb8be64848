"""HTTP API and web UI (``storyline serve``). Only this package imports the web framework."""

from storyline.web.app import create_app, serve

__all__ = ["create_app", "serve"]
