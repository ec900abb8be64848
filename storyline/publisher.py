"""Who published an article: what "independent sources" counts in stories and events.

The publisher is the host of the article's URL without ``www.``; without a URL, the outlet of a Timeline17
folder (``bpoil_bbc/InputDocs/…`` → ``bbc``); otherwise the folder the file sits in (a CSV of one site's
releases, a folder of one outlet's files). The same article always gives the same publisher, so 544
releases of one site are one source, not 544.
"""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import urlsplit

from storyline.ingest.common import source_path

UNKNOWN = "unknown"
_T17_DOCS = "InputDocs"  # Timeline17: <topic>/<topic>_<outlet>/InputDocs/<date>/<file>


def publisher(*, url: str = "", canonical_url: str = "", source: str = "", format: str = "") -> str:
    """The publisher of an article with these fields: URL host, else Timeline17 outlet, else the file's folder."""
    return url_host(canonical_url) or url_host(url) or folder_publisher(source_path(source, format))


def url_host(url: str | None) -> str:
    """``https://www.BBC.co.uk/news/1`` → ``bbc.co.uk``; '' when the text names no host."""
    try:
        host = urlsplit((url or "").strip()).hostname or ""
    except ValueError:  # a malformed URL (bad port, bad IPv6 brackets) names no host
        return ""
    return host.removeprefix("www.").rstrip(".")


def folder_publisher(source: str) -> str:
    """The publisher a file's place names: a Timeline17 outlet, else its parent folder."""
    parts = PurePath(source.replace("\\", "/")).parts
    if _T17_DOCS in parts[1:]:
        outlet = parts[parts.index(_T17_DOCS, 1) - 1]
        return outlet.rsplit("_", 1)[-1].lower() or UNKNOWN
    parent = PurePath(source.replace("\\", "/")).parent.name
    return parent.lower() if parent not in ("", ".", "..") else UNKNOWN
