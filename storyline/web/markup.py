"""Article text turned into HTML with its spans highlighted, every piece of the text escaped.

Markup is built from escaped pieces: the text between span boundaries goes through ``markupsafe.escape``
and only tags this module writes (with escaped attribute values) are added around it, so an article that
holds ``<script>`` shows it as text. Spans come from enrichment (entities, quotes, figures, times) with
character offsets into the article's text; sentences wrap them, each with ``id="sentence-{start}"`` so an
event's evidence can be linked to (``/articles/{id}#sentence-{start}``).

Spans nest when they nest in the text (an entity inside a quote); one that crosses another's end is cut
there. A link is never put inside a link (invalid HTML): a span inside a linked span is a plain ``<span>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from storyline.store.search_facets import MARK_END, MARK_START


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of text: ``kind`` is its CSS class; ``href`` makes it a link."""

    start: int
    end: int
    kind: str
    href: str = ""
    title: str = ""
    after: tuple[tuple[str, str, str], ...] = field(default=())  # (text, href, class) links right after it


def snippet_html(snippet: str) -> Markup:
    """A snippet with FTS5 marks → escaped text with ``<mark>`` around the matched words (always balanced)."""
    return Markup("").join(_marked_pieces(snippet))


def snippet_marks(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """A marked snippet → its plain text and the (start, end) offsets of the matched words in it."""
    plain, marks, opened = [], [], None
    length = 0
    for char in snippet:
        if char == MARK_START and opened is None:
            opened = length
        elif char == MARK_END and opened is not None:
            marks.append((opened, length))
            opened = None
        elif char not in (MARK_START, MARK_END):
            plain.append(char)
            length += 1
    if opened is not None:
        marks.append((opened, length))
    return "".join(plain), marks


def _marked_pieces(snippet: str) -> Iterable[Markup]:
    plain, marks = snippet_marks(snippet)
    at = 0
    for start, end in marks:
        yield escape(plain[at:start])
        yield Markup("<mark>") + escape(plain[start:end]) + Markup("</mark>")
        at = end
    yield escape(plain[at:])


def annotate(
    text: str,
    spans: Sequence[Span],
    *,
    sentences: Sequence[tuple[int, int]] = (),
    sentence_tags: Mapping[int, Sequence[tuple[str, str, str]]] | None = None,
) -> Markup:
    """``text`` as HTML: each sentence a ``<span class="sentence" id="sentence-{start}">``, the spans
    inside highlighted (and linked), the rest escaped as it stands. ``sentence_tags`` adds links after the
    sentence starting at a given offset ((text, href, class): its events)."""
    bounds = sorted((max(0, s), min(len(text), e)) for s, e in sentences if 0 <= s < e)
    pieces: list[Markup] = []
    at = 0
    for start, end in _disjoint(bounds):
        pieces.append(_render(text, at, start, spans))
        opening = Markup('<span class="sentence" id="sentence-{}">').format(start)
        tags = _tags((sentence_tags or {}).get(start, ()))
        pieces.append(opening + _render(text, start, end, spans) + Markup("").join(tags) + Markup("</span>"))
        at = end
    pieces.append(_render(text, at, len(text), spans))
    return Markup("").join(pieces)


def _disjoint(bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for start, end in bounds:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _render(text: str, low: int, high: int, spans: Sequence[Span]) -> Markup:
    """text[low:high] with the spans that start inside it, clipped to it and to their enclosing span."""
    inside = sorted(
        (span for span in spans if low <= span.start < high and span.end > span.start),
        key=lambda span: (span.start, -span.end),
    )
    out: list[Markup] = []
    stack: list[tuple[int, Span, bool]] = []  # (clipped end, span, is a link)
    at = low
    for span in inside:
        while stack and stack[-1][0] <= span.start:
            at = _close(text, at, stack, out)
        out.append(escape(text[at : span.start]))
        at = span.start
        limit = stack[-1][0] if stack else high
        linked = bool(span.href) and not any(is_link for _, _, is_link in stack)
        out.append(_open(span, linked))
        stack.append((min(span.end, limit), span, linked))
    while stack:
        at = _close(text, at, stack, out)
    out.append(escape(text[at:high]))
    return Markup("").join(out)


def _open(span: Span, linked: bool) -> Markup:
    title = Markup(' title="{}"').format(span.title) if span.title else Markup("")
    if linked:
        return Markup('<a class="hl {}" href="{}"{}>').format(span.kind, span.href, title)
    return Markup('<span class="hl {}"{}>').format(span.kind, title)


def _close(text: str, at: int, stack: list[tuple[int, Span, bool]], out: list[Markup]) -> int:
    end, span, linked = stack.pop()
    out.append(escape(text[at:end]))
    out.append(Markup("</a>" if linked else "</span>"))
    if not any(is_link for _, _, is_link in stack):  # never a link inside a link
        out.extend(_tags(span.after))
    return end


def _tags(tags: Iterable[tuple[str, str, str]]) -> list[Markup]:
    return [Markup(' <a class="tag {}" href="{}">{}</a>').format(kind, href, label) for label, href, kind in tags]
