"""Timeline output formats: JSON, Markdown, HTML (every article string escaped) and plain text."""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence

from storyline.records import Source, TimelineEntry, as_dict


def to_json(entries: Sequence[TimelineEntry]) -> str:
    return json.dumps([as_dict(entry) for entry in entries], ensure_ascii=False, indent=2)


def to_text(entries: Sequence[TimelineEntry]) -> str:
    lines = []
    for entry in entries:
        lines.append(entry.date)
        lines.extend(f"  - {sentence}" for sentence in entry.sentences)
        lines.extend(f"    source: {_label(source)}" for source in entry.sources)
    return "\n".join(lines)


def to_markdown(entries: Sequence[TimelineEntry]) -> str:
    lines = ["# Timeline", ""]
    for entry in entries:
        lines += [f"## {entry.date}", ""]
        lines += [f"- {_md(sentence)}" for sentence in entry.sentences]
        sources = ", ".join(_md_source(source) for source in entry.sources)
        lines += ["", f"Sources: {sources}", ""] if sources else [""]
    return "\n".join(lines).rstrip() + "\n"


def to_html(entries: Sequence[TimelineEntry]) -> str:
    """A standalone page. Article text is untrusted: everything from it goes through html.escape."""
    parts = ['<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Timeline</title></head><body>',
             "<h1>Timeline</h1>"]  # fmt: skip
    for entry in entries:
        parts.append(f'<section><h2><time datetime="{_e(entry.date)}">{_e(entry.date)}</time></h2><ul>')
        parts.extend(f"<li>{_e(sentence)}</li>" for sentence in entry.sentences)
        parts.append("</ul>")
        if entry.sources:
            parts.append("<p>Sources: " + ", ".join(_html_source(source) for source in entry.sources) + "</p>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


FORMATS: dict[str, Callable[[Sequence[TimelineEntry]], str]] = {
    "json": to_json, "md": to_markdown, "html": to_html, "text": to_text,
}  # fmt: skip


def render(entries: Sequence[TimelineEntry], *, fmt: str = "json") -> str:
    return FORMATS[fmt](entries)


def _label(source: Source) -> str:
    name = source.title or source.article_id
    return f"{name} ({source.published[:10]})" + (f" {source.url}" if source.url else "")


def _md(text: str) -> str:
    """Escape what Markdown would read as markup (or HTML) in article text."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    for char in "\\`*_[]#|":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def _md_source(source: Source) -> str:
    label = _md(source.title or source.article_id)
    if source.url.startswith(("http://", "https://")):
        return f"[{label}](<{source.url.replace('>', '%3E')}>)"
    return label


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _html_source(source: Source) -> str:
    label = _e(source.title or source.article_id)
    if source.url.startswith(("http://", "https://")):
        return f'<a href="{_e(source.url)}">{label}</a>'
    return label
