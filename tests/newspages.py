"""Real article text wrapped the way news sites wrap it: pages, feeds and WARC records built at run time.

Rows come from the Kremlin news CSV in ../shared/data (CC BY 4.0, kremlin.ru), read by ``load_rows``; nothing
of it is stored in the repository. ``render_page`` makes a full news page of a row in one of three layouts
(navigation, breadcrumbs, JSON-LD, related articles, cookie banner, comments, footer); ``rss_feed`` /
``rss_item`` and ``atom_feed`` / ``atom_entry`` make feeds; ``crawl`` makes the WARC records of a crawl of the
pages with fastwarc's writer. ``recall`` and ``precision`` compare extracted text with the row's, by word 5-grams.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

KREMLIN = ("kremlin-2022", "kremlin_en_news_2021-10-24_2022-06-24.csv")
SITE = "President of Russia"
HOST = "http://en.kremlin.ru"
MOSCOW = timezone(timedelta(hours=3))
MIN_BODY_CHARS = 600  # shorter bodies are one- or two-sentence notices, not pages worth measuring
STEP = 17  # every 17th row with a long enough body: 37 rows over the eight months (40 with tricky_rows)

# a sentence ends with . ! ? or … (maybe closed by a quote) before a space and a capital or an opening quote
_SENTENCE_END = re.compile(r"""(?:(?<=[.!?…])|(?<=[.!?…]["”]))\s+(?=["“(]?[A-Z])""")
_WORD = re.compile(r"\w+")
_TRICKY_HEADLINES = (re.compile(" – "), re.compile(r"\w\.\w"), re.compile('"'))
# "Vladimir Putin: Colleagues, …": a speaker's name opening a transcript paragraph
_SPEAKER = re.compile(r"^((?:[A-Z][\w.'-]+ ){0,3}[A-Z][\w.'-]+:) ")


@dataclass(frozen=True)
class Row:
    """One article of the CSV."""

    index: int
    link: str
    headline: str
    date: str
    location: str
    summary: str
    body: str

    @property
    def moment(self) -> datetime:
        return datetime.fromisoformat(self.date.replace("Z", "+00:00")).astimezone(UTC)

    @property
    def slug(self) -> str:
        return self.link.rstrip("/").rsplit("/", 1)[-1]

    def paragraphs(self, size: int) -> list[str]:
        """The body as paragraphs of ``size`` sentences (the CSV keeps each body on one line)."""
        sentences = _SENTENCE_END.split(self.body.strip())
        return [" ".join(sentences[start:start + size]) for start in range(0, len(sentences), size)]


def load_rows(path: Path) -> list[Row]:
    limit = csv.field_size_limit()
    csv.field_size_limit(1 << 24)  # bodies reach 176,000 characters, past csv's default field size limit
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return [Row(index=index, **row) for index, row in enumerate(csv.DictReader(handle))]
    finally:
        csv.field_size_limit(limit)


def sample_rows(rows: Sequence[Row]) -> list[Row]:
    """A fixed spread of rows with real bodies: every STEP-th of those with MIN_BODY_CHARS or more, and the
    ``tricky_rows``."""
    return sorted({*_long_rows(rows)[::STEP], *tricky_rows(rows)}, key=lambda row: row.index)


def tricky_rows(rows: Sequence[Row]) -> list[Row]:
    """The first row whose headline holds each of what title splitting can trip on: a spaced dash, a dot inside
    a word, quotes."""
    long_rows = _long_rows(rows)
    return [next(row for row in long_rows if mark.search(row.headline)) for mark in _TRICKY_HEADLINES]


def _long_rows(rows: Sequence[Row]) -> list[Row]:
    return [row for row in rows if len(row.body) >= MIN_BODY_CHARS]


def related_rows(rows: Sequence[Row], row: Row, count: int = 5) -> list[Row]:
    """The rows next to ``row`` in the CSV: the "related articles" of its page."""
    return [rows[(row.index + offset) % len(rows)] for offset in range(1, count + 1)]


# --- measuring extracted text ---------------------------------------------------------------------


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def ngrams(text: str, size: int = 5) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[start:start + size]) for start in range(len(found) - size + 1)}


def recall(extracted: str, body: str) -> float:
    """Share of the body's word 5-grams found in the extracted text."""
    wanted = ngrams(body)
    return len(wanted & ngrams(extracted)) / len(wanted) if wanted else 1.0


def precision(extracted: str, reference: str) -> float:
    """Share of the extracted text's word 5-grams that come from the reference (boilerplate lowers it).

    Counted line by line: a paragraph's 5-grams, not ones spanning two paragraphs that the page shows apart.
    """
    found = [gram for line in extracted.splitlines() for gram in ngrams(line)]
    wanted = ngrams(reference)
    return sum(gram in wanted for gram in found) / len(found) if found else 0.0


# --- pages ----------------------------------------------------------------------------------------

MENU = [
    ("/events/president/news", "News"), ("/events/president/transcripts", "Transcripts"),
    ("/events/president/trips", "Trips"), ("/events/president/letters", "Letters"),
    ("/events/president/telephone-calls", "Telephone conversations"), ("/multimedia/video", "Videos"),
    ("/multimedia/photo", "Photos"), ("/acts/news", "Documents"), ("/acts/bank", "Legal acts"),
    ("/structure/president", "President"), ("/structure/administration", "Executive Office"),
    ("/structure/security-council", "Security Council"), ("/structure/state-council", "State Council"),
    ("/structure/commissions", "Commissions and Councils"), ("/contacts", "Contacts"),
    ("/about", "About the website"), ("http://kremlin.ru", "Русская версия"),
]
FOOTER_LINKS = [("/about/copyrights", "Copyright"), ("/about/privacy", "Privacy policy"),
                ("/subscribe", "Subscriptions"), ("/rss", "RSS feeds"), ("/about/accessibility", "Accessibility"),
                ("/sitemap", "Site map")]
COOKIES = ("This website uses cookies to improve your experience and to collect anonymous visit statistics. "
           "By continuing to browse the website you agree to our use of cookies.")
NEWSLETTER = "Subscribe to our newsletter and receive the latest news from the President's website every morning."
COMMENTS = [("reader_1983", "Thank you for publishing the full text of this meeting, it is very useful for my "
                            "research on foreign policy."),
            ("m.petrova", "Could you please also post the video recording of the second part? The link on the "
                          "previous page does not open for me.")]
COPYRIGHT = ("© 2022 Presidential Executive Office. All content on this site is licensed under Creative Commons "
             "Attribution 4.0 International.")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def links(items: Sequence[tuple[str, str]], tag: str = "li") -> str:
    return "".join(f'<{tag}><a href="{esc(href)}">{esc(label)}</a></{tag}>' for href, label in items)


def moscow(row: Row) -> str:
    return row.moment.astimezone(MOSCOW).isoformat()


def visible_date(row: Row) -> str:
    local = row.moment.astimezone(MOSCOW)
    return f"{local:%B} {local.day}, {local:%Y}, {local:%H:%M}"


def json_ld(row: Row, *, graph: bool) -> str:
    """A schema.org NewsArticle (inside a WebPage @graph for one layout), as news sites embed it."""
    article = {
        "@type": "NewsArticle", "headline": row.headline, "description": row.summary,
        "datePublished": moscow(row) if graph else row.date,
        "dateModified": (row.moment + timedelta(days=2)).isoformat(), "mainEntityOfPage": row.link,
        "author": {"@type": "Organization", "name": SITE},
        "publisher": {"@type": "Organization", "name": "Presidential Executive Office",
                      "logo": {"@type": "ImageObject", "url": f"{HOST}/static/img/logo.png"}},
        "image": f"{HOST}/media/events/photos/{row.slug}.jpg",
    }
    data = ({"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "@id": row.link, "name": SITE},
                                                          article]}
            if graph else {"@context": "https://schema.org", **article})
    # "</" must not close the script element early
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def head(row: Row, *, og: str, published_meta: bool, graph: bool) -> str:
    """The <head>: title with the site suffix, meta tags as chosen, JSON-LD, styles and scripts.

    ``og`` "" leaves out the og: tags; "seo" puts the <title> in og:title, site suffix and all, as SEO plugins do.
    """
    meta = [f'<meta name="description" content="{esc(row.summary)}">']
    if og:
        og_title = f"{row.headline} • {SITE}" if og == "seo" else row.headline
        meta += [f'<meta property="og:title" content="{esc(og_title)}">', '<meta property="og:type" '
                 'content="article">', f'<meta property="og:url" content="{esc(row.link)}">',
                 f'<meta property="og:site_name" content="{SITE}">',
                 f'<meta property="og:image" content="{HOST}/media/events/photos/{row.slug}.jpg">']
    if published_meta:
        meta.append(f'<meta property="article:published_time" content="{moscow(row)}">')
    return f"""<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(row.headline)} • {SITE}</title>
{chr(10).join(meta)}
<link rel="canonical" href="{esc(row.link)}">
<link rel="alternate" type="application/rss+xml" title="News" href="{HOST}/events/president/news/feed">
<link rel="stylesheet" href="/static/css/app.css?v=20220601">
<style>.cookie-banner{{position:fixed;bottom:0}} .menu li{{display:inline-block}}</style>
<script type="application/ld+json">{json_ld(row, graph=graph)}</script>
<script src="/static/js/vendor.js" defer></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}
gtag('js', new Date()); gtag('config', 'UA-0000000-1', {{"page_path": "/events/president/news/{row.slug}"}});
</script>
</head>"""


def cookie_banner() -> str:
    return (f'<div class="cookie-banner" id="cookie-consent" role="dialog"><p>{COOKIES} '
            f'<a href="/about/privacy">Learn more</a></p><button type="button">Accept</button></div>')


def menu() -> str:
    return (f'<a class="logo" href="/">{SITE}</a><nav class="menu" aria-label="Main"><ul>{links(MENU)}</ul></nav>'
            '<form class="search" action="/search"><input type="search" name="query" placeholder="Search">'
            '<button>Find</button></form>')


def breadcrumbs(row: Row) -> str:
    return (f'<nav class="breadcrumbs"><a href="/">{SITE}</a> › <a href="/events/president">Events</a> › '
            f'<a href="/events/president/news">News</a> › <span>{esc(row.location)}</span></nav>')


def related(rows: Sequence[Row], *, teasers: bool) -> str:
    """The sidebar: other headlines with their dates (and their summaries, in one layout)."""
    items = "".join(
        f'<li><a href="{esc(other.link)}">{esc(other.headline)}</a> <time datetime="{other.date}">'
        f"{visible_date(other)}</time>" + (f"<p>{esc(other.summary)}</p>" if teasers and other.summary else "")
        + "</li>" for other in rows)
    return f'<h2>Related articles</h2><ul class="related">{items}</ul>'


def footer() -> str:
    return (f'<nav class="footer-menu"><ul>{links(FOOTER_LINKS)}</ul></nav><p class="copyright">{COPYRIGHT}</p>'
            '<p>Address: 23 Ilyinka Street, Moscow, 103132. Telephone: +7 (495) 000-00-00.</p>')


def paragraphs(items: Sequence[str], *, extra: dict[int, str] | None = None) -> str:
    """``<p>`` paragraphs with inline markup, and ``extra`` markup inserted after the numbered ones."""
    extra = extra or {}
    return "\n".join(f"<p>{inline(text)}</p>" + extra.get(number, "") for number, text in enumerate(items))


def inline(text: str) -> str:
    """A paragraph's text as sites mark it up: the speaker in bold, the President's name a link."""
    text = _SPEAKER.sub(r"<b>\1</b> ", esc(text), count=1)
    return text.replace("Vladimir Putin", '<a href="/catalog/persons/300/events">Vladimir Putin</a>', 1)


def comments() -> str:
    items = "".join(f'<div class="comment"><p class="comment-author">{name}</p><p>{esc(text)}</p></div>'
                    for name, text in COMMENTS)
    return f'<section id="comments" class="comments"><h2>Comments ({len(COMMENTS)})</h2>{items}</section>'


def share_links(row: Row) -> str:
    targets = [("https://vk.com/share.php?url=", "VK"), ("https://t.me/share/url?url=", "Telegram"),
               ("https://twitter.com/intent/tweet?url=", "Twitter"), ("mailto:?body=", "E-mail")]
    return ('<div class="share">Share: ' + links([(prefix + row.link, name) for prefix, name in targets], "span")
            + f' <a href="{esc(row.link)}/print">Print version</a></div>')


def layout_article(row: Row, rows: Sequence[Row]) -> str:
    """kremlin.ru-like: semantic HTML5, everything in the head, lead paragraph, tags, related links aside."""
    return f"""<!DOCTYPE html>
<html lang="en">
{head(row, og="plain", published_meta=True, graph=False)}
<body class="page-news">
{cookie_banner()}
<header class="header">{menu()}</header>
{breadcrumbs(row)}
<main class="main">
<article class="read" itemscope itemtype="https://schema.org/NewsArticle">
<h1 class="entry-title">{esc(row.headline)}</h1>
<p class="read__meta"><time class="published" datetime="{moscow(row)}">{visible_date(row)}</time>
<span class="read__place">{esc(row.location)}</span></p>
{f'<div class="read__lead"><p>{esc(row.summary)}</p></div>' if row.summary else ""}
<div class="entry-content" itemprop="articleBody">
{paragraphs(row.paragraphs(3))}
</div>
<div class="read__tags">Topics: <a href="/catalog/keywords/78">Foreign policy</a>,
<a href="/catalog/keywords/82">Regions</a></div>
{share_links(row)}
</article>
<aside class="sidebar">{related(rows, teasers=False)}</aside>
</main>
<footer class="footer">{footer()}</footer>
<script src="/static/js/app.js"></script>
</body>
</html>"""


def layout_div_soup(row: Row, rows: Sequence[Row]) -> str:
    """An older CMS: nested divs, no og: tags, the date only in JSON-LD, teasers before the story, two <h1>."""
    local = row.moment.astimezone(MOSCOW)
    return f"""<!DOCTYPE html>
<html lang="en">
{head(row, og="", published_meta=False, graph=False)}
<body>
<div id="wrapper">
<div id="top"><h1 class="site-name"><a href="/">{SITE}</a></h1><div class="nav">{menu()}</div></div>
<div class="crumbs">{breadcrumbs(row)}</div>
<div class="row">
<div class="col col-3 sidebar-left">{related(rows, teasers=True)}</div>
<div class="col col-9">
<div class="post">
<h1 class="post-title">{esc(row.headline)}</h1>
<div class="post-meta">{local.day} {local:%B %Y} · {esc(row.location)}</div>
<div class="post-body">
{paragraphs(row.paragraphs(2))}
</div>
{share_links(row)}
</div>
</div>
</div>
<div id="footer">{footer()}</div>
</div>
{cookie_banner()}
</body>
</html>"""


def layout_magazine(row: Row, rows: Sequence[Row]) -> str:
    """A WordPress-like magazine: SEO og:title, JSON-LD @graph, a photo, an inline "read also" box, comments."""
    read_also = (f'<aside class="read-also"><strong>Read also:</strong> <a href="{esc(rows[0].link)}">'
                 f"{esc(rows[0].headline)}</a></aside>")
    photo = (f'<figure class="photo"><img src="{HOST}/media/events/photos/{row.slug}.jpg" alt="">'
             f"<figcaption>Photo: Press and Information Office. {esc(row.location)}</figcaption></figure>")
    return f"""<!DOCTYPE html>
<html lang="en" class="no-js">
{head(row, og="seo", published_meta=False, graph=True)}
<body>
<header id="masthead">{menu()}</header>
<main id="content">
{breadcrumbs(row)}
<article class="story">
<header class="story-header"><h1>{esc(row.headline)}</h1>
<p class="byline">By the Presidential Press and Information Office ·
<time datetime="{moscow(row)}" pubdate>{visible_date(row)}</time></p></header>
<div class="story-body">
{paragraphs(row.paragraphs(4), extra={0: photo, 1: read_also})}
</div>
<div class="newsletter"><p>{NEWSLETTER}</p><form><input type="email" placeholder="E-mail"><button>Subscribe</button>
</form></div>
</article>
{comments()}
<section class="more">{related(rows[1:], teasers=False)}</section>
</main>
<footer id="colophon">{footer()}</footer>
{cookie_banner()}
</body>
</html>"""


LAYOUTS: tuple[Callable[[Row, Sequence[Row]], str], ...] = (layout_article, layout_div_soup, layout_magazine)


def render_page(row: Row, rows: Sequence[Row], layout: int) -> str:
    return LAYOUTS[layout % len(LAYOUTS)](row, related_rows(rows, row))


# --- feeds ----------------------------------------------------------------------------------------


def body_html(row: Row) -> str:
    return paragraphs(row.paragraphs(3))


def teaser(row: Row) -> str:
    """What a feed gives when it gives no full text: the summary, else the first sentence."""
    return row.summary or row.paragraphs(1)[0]


def rss_item(row: Row, *, full: bool) -> str:
    moment = row.moment if row.index % 2 else row.moment.astimezone(MOSCOW)  # GMT and +0300 both occur
    content = f"<content:encoded><![CDATA[{body_html(row)}]]></content:encoded>" if full else ""
    return f"""<item>
<title>{esc(row.headline)}</title>
<link>{esc(row.link)}</link>
<guid isPermaLink="true">{esc(row.link)}</guid>
<pubDate>{format_datetime(moment, usegmt=moment.tzinfo is UTC)}</pubDate>
<category>News</category>
<description>{esc(teaser(row))}</description>
{content}
</item>"""


def rss_feed(items: Sequence[str]) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{SITE}: News</title>
<link>{HOST}/events/president/news</link>
<atom:link href="{HOST}/events/president/news/feed" rel="self" type="application/rss+xml"/>
<description>News from the President of Russia's website</description>
<language>en</language>
{chr(10).join(items)}
</channel>
</rss>
"""


def atom_entry(row: Row, *, content: str) -> str:
    """An entry with ``content`` "html" (escaped), "xhtml" (inline) or "" (a text summary only)."""
    if content == "html":
        body = f'<content type="html">{esc(body_html(row))}</content>'
    elif content == "xhtml":
        body = f'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{body_html(row)}</div></content>'
    else:
        body = f'<summary type="text">{esc(teaser(row))}</summary>'
    return f"""<entry>
<title type="text">{esc(row.headline)}</title>
<id>tag:en.kremlin.ru,2022:news/{row.slug}</id>
<link rel="alternate" type="text/html" href="{esc(row.link)}"/>
<published>{moscow(row)}</published>
<updated>{(row.moment + timedelta(days=2)).isoformat()}</updated>
<author><name>{SITE}</name></author>
{body}
</entry>"""


def atom_feed(entries: Sequence[str]) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>{SITE}: News</title>
<id>tag:en.kremlin.ru,2022:news</id>
<link rel="self" href="{HOST}/events/president/news/feed.atom"/>
<updated>2022-06-24T20:00:00Z</updated>
{chr(10).join(entries)}
</feed>
"""


# --- WARC -----------------------------------------------------------------------------------------


def warc_record(kind: str, block: bytes, *, number: int, date: datetime, uri: str = "",
                content_type: str = "application/http; msgtype=response") -> bytes:
    """One WARC/1.1 record written by fastwarc (with its block digest), a fixed record id."""
    from fastwarc.warc import WarcRecord, WarcRecordType

    record = WarcRecord()
    record.init_headers(record_type=getattr(WarcRecordType, kind), record_urn=f"uuid:{uuid.UUID(int=number)}".encode())
    record.headers["WARC-Date"] = date.strftime("%Y-%m-%dT%H:%M:%SZ")
    if uri:
        record.headers["WARC-Target-URI"] = uri
    record.headers["Content-Type"] = content_type
    record.set_bytes_content(block)
    out = io.BytesIO()
    record.write(out, checksum_data=True)
    return out.getvalue()


def http_response(body: bytes, content_type: str, *, status: str = "200 OK", headers: Sequence[str] = (),
                  encoding: str = "") -> bytes:
    """An HTTP/1.1 response as a crawler stores it; ``encoding`` "gzip" or "chunked" encodes the body."""
    lines = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}", "Server: nginx", *headers]
    if encoding == "gzip":
        body = gzip.compress(body, mtime=0)
        lines.append("Content-Encoding: gzip")
    if encoding == "chunked":
        body = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in _chunks(body, 4096)) + b"0\r\n\r\n"
        lines.append("Transfer-Encoding: chunked")
    else:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body


def http_request(uri: str) -> bytes:
    path = "/" + uri.split("/", 3)[3]
    return (f"GET {path} HTTP/1.1\r\nHost: en.kremlin.ru\r\nUser-Agent: storyline-test/1.0\r\n"
            "Accept: text/html\r\nAccept-Encoding: gzip\r\n\r\n").encode("ascii")


def _chunks(data: bytes, size: int) -> list[bytes]:
    return [data[start:start + size] for start in range(0, len(data), size)]


def https(url: str) -> str:
    """Where the crawler ended up: the site redirects http:// to https://."""
    return "https://" + url.split("://", 1)[1]


@dataclass
class Crawl:
    """WARC records of a crawl of the pages, and what reading them must give."""

    records: list[bytes]
    uris: list[str]  # the WARC-Target-URI of each article page, in order
    variants: dict[int, str]  # page position → how its response is encoded


def crawl(rows: Sequence[Row], pages: Sequence[str]) -> Crawl:
    """warcinfo; per page a request and a 200 response; the first page behind a 301 from http to https, one
    gzip-encoded, one chunked, one in windows-1252; and, between them, what a crawl also holds that is not an
    article: an image, a JSON API answer, a 404 page, a script-only page (no text: E112) and a metadata record."""
    records = [warc_record("warcinfo", b"software: storyline-test\r\nformat: WARC File Format 1.1\r\n",
                           number=0, date=datetime(2022, 6, 25, tzinfo=UTC), content_type="application/warc-fields")]
    first_non_ascii = next(n for n, row in enumerate(rows) if n > 2 and not row.body.isascii())
    variants = {0: "redirect", 1: "gzip", 2: "chunked", first_non_ascii: "windows-1252"}
    extras = {1: ("/static/img/logo.png", http_response(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
                                                        "image/png")),
              2: ("/api/news/latest.json", http_response(b'{"items": [{"id": 1, "title": "x"}]}',
                                                         "application/json")),
              3: ("/events/president/news/1", http_response(b"<!DOCTYPE html><html><body><h1>Page not found</h1>"
                                                            b"</body></html>", "text/html", status="404 Not Found")),
              4: ("/search?query=summit", http_response(b'<!DOCTYPE html><html><head><title>Search</title></head>'
                                                        b'<body><div id="app"></div><script src="/app.js"></script>'
                                                        b"</body></html>", "text/html; charset=utf-8"))}
    uris = []
    for n, (row, page) in enumerate(zip(rows, pages, strict=True)):
        moment, uri, variant = row.moment + timedelta(hours=1), https(row.link), variants.get(n, "")
        exchange = []
        if variant == "redirect":
            exchange.append(("response", row.link, http_response(
                b"<html><body>Moved Permanently</body></html>", "text/html", status="301 Moved Permanently",
                headers=[f"Location: {uri}"])))
        exchange += [("request", uri, http_request(uri)), ("response", uri, page_response(page, variant))]
        if n in extras:
            exchange.append(("response", HOST.replace("http:", "https:") + extras[n][0], extras[n][1]))
        if n == 5:
            exchange.append(("metadata", uri, b"via: " + row.link.encode() + b"\r\nfetchTimeMs: 412\r\n"))
        for kind, target, block in exchange:
            content_type = {"request": "application/http; msgtype=request", "metadata": "application/warc-fields"}
            records.append(warc_record(kind, block, number=len(records), date=moment, uri=target,
                                       content_type=content_type.get(kind, "application/http; msgtype=response")))
        uris.append(uri)
    return Crawl(records=records, uris=uris, variants=variants)


def page_response(page: str, variant: str) -> bytes:
    if variant == "windows-1252":  # characters windows-1252 lacks become character references, as servers do
        page = page.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
        return http_response(page.encode("cp1252", errors="xmlcharrefreplace"), "text/html; charset=windows-1252")
    encoding = variant if variant in ("gzip", "chunked") else ""
    return http_response(page.encode(), "text/html; charset=utf-8", encoding=encoding)
