"""The analyst's views, one module each: its queries, its page, its ``/api/`` route and its exports.

Each module in this package defines ``ROUTES``; they are gathered here by module name, so adding a
view is adding a module (``storyline.web.app`` mounts ``ROUTES``). The older views (stories, search,
article, timeline, events) live in ``web/pages.py`` and ``web/api.py`` until a module here replaces them.
"""

from __future__ import annotations

import importlib
import pkgutil

from starlette.routing import BaseRoute


def _gather_routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if module.name.startswith("_"):
            continue
        view = importlib.import_module(f"{__name__}.{module.name}")
        routes.extend(getattr(view, "ROUTES", ()))
    return routes


ROUTES: list[BaseRoute] = _gather_routes()
