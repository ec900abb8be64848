"""HTTP API and web UI (``storyline serve``). Only this package imports the web framework.

  app.py       create_app/serve: routes, middleware (security headers, Host allow-list), the error shape
  pages.py     the HTML pages (templates/, static/)
  api.py       the JSON endpoints under /api/
  openapi.py   the OpenAPI document at /api/openapi.json
  params.py    query parameters, checked; caps on limit and on search length and terms
  queries.py   what pages and API read from the store, and the list envelope
  blocking.py  store work in worker threads, timelines in worker processes, the per-request deadline
  views/       the analyst's views, one module each (search.py, article.py, story.py, ...): page, API, export
  markup.py    article text and snippets as HTML built from escaped pieces (highlights, sentence anchors)
  downloads.py a view's rows as a CSV (formula-safe) or JSON download
"""

from storyline.web.app import create_app, serve

__all__ = ["create_app", "serve"]
