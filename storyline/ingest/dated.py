"""Dated folders: a headerless ``.../YYYY-MM-DD/<name>.txt`` takes its publication date from the folder.

Timeline17's layout is one: ``<topic>/<Source>/InputDocs/<YYYY-MM-DD>/<id>.htm.txt``, one sentence per line,
Penn Treebank tokenized (``-LRB- CNN -RRB-``, ``it 's``, ``` `` ``` … ``''``). Tokenized text is turned back into
readable text (``storyline.ingest.ptb``), keeping one sentence per line. The date goes to ``published_hint``
(``published`` stays empty: the text itself carries no date); the title is the first line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from storyline.ingest import ptb
from storyline.ingest.common import STRUCTURED_SUFFIXES, decode, folder_date, head_text, reject, suffix
from storyline.ingest.plaintext import cut
from storyline.records import RawArticle, Rejection
from storyline.settings import Settings

FORMAT = "dated"
MALFORMED = "E110"
EXTENSIONS: tuple[str, ...] = ()
TITLE_CHARS = 200


def sniff(path: Path, head: bytes) -> bool:
    """A text file directly inside a ``YYYY-MM-DD`` folder (markup, JSON and CSV go to their own readers)."""
    if not folder_date(path) or suffix(path) in STRUCTURED_SUFFIXES or suffix(path) in {".html", ".htm"}:
        return False
    return not head_text(head[:64]).lstrip().startswith(("<", "{", "["))


def read(
    path: Path, data: bytes, *, raw_sha: str, settings: Settings, fields: dict[str, str] | None = None,
) -> Iterator[RawArticle | Rejection]:
    text = decode(data).replace("\r\n", "\n")
    if ptb.looks_tokenized(text):
        text = ptb.detokenize(text)
    text = text.strip()
    if not text:
        yield reject(path, "E110", "dated-folder file has no text")
        return
    title = cut(text.partition("\n")[0].strip(), TITLE_CHARS)
    yield RawArticle(source=str(path), format=FORMAT, text=text, title=title, raw_sha=raw_sha,
                     published_hint=folder_date(path))
