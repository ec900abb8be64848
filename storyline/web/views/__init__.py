"""The analyst's views, one module each: its queries, its page, its ``/api/`` route and its exports.

Each module defines ``ROUTES``; the app mounts them all (``storyline.web.app``). The older views
(stories, search, article, timeline, events) live in ``web/pages.py`` and ``web/api.py``.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
