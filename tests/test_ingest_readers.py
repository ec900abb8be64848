"""Each ingest reader on small, realistic, hand-written samples (tests/fixtures/ingest/) and built archives."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from storyline.errors import SettingError
from storyline.ingest import (
    choose_reader,
    dated,
    feeds,
    html,
    parse_field_options,
    plaintext,
    read_bytes,
    read_paths,
    seed,
    tabular,
    timelines,
    warc,
)
from storyline.ingest.ptb import detokenize, looks_tokenized
from storyline.records import RawArticle, Rejection

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def read(path: Path | str, settings, **kwargs) -> list[RawArticle | Rejection]:
    return list(read_paths([path], settings=settings, **kwargs))


def label(item: RawArticle | Rejection, attribute: str = "format") -> str:
    """A rejection's code, else the article's ``attribute``."""
    return item.code if isinstance(item, Rejection) else getattr(item, attribute)


def only(items: list[RawArticle | Rejection]) -> RawArticle:
    assert len(items) == 1 and isinstance(items[0], RawArticle), items
    return items[0]


# --- seed -----------------------------------------------------------------------------------------


def test_seed_article_reads_header_and_body(seed_path, settings):
    article = only(read(seed_path, settings))
    assert article.format == "seed"
    assert article.title == "Russia And Ukraine Begin Negotiations"
    assert article.published == "20220228"
    assert article.url == "https://www.huffpost.com/entry/russia-ukraine-talks_n_621951cfe4b03d0c8038bac9"
    assert article.text.startswith("The talks began just after 1 p.m. Ukraine time, CNN reported.")
    assert "20220228" not in article.text and article.title not in article.text
    assert len(article.raw_sha) == 64 and article.record_index == 0


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("Title\n2022-02-28\nhttps://example.org/a\n", "line 2"),
        ("Title\n20221345\nhttps://example.org/a\n", "not a real date"),
        ("Title\n20220228\nwww.example.org/a\n", "line 3"),
        ("Title\n20220228\nhttps://example.org/a b\n", "line 3"),
        ("\n20220228\nhttps://example.org/a\n", "line 1"),
    ],
)
def test_seed_header_that_is_almost_right_is_e111(tmp_path, settings, header, problem):
    path = tmp_path / "000_bad.txt"
    path.write_text(header + "Body of the article, long enough to be one.\n")
    if header.startswith("\n"):  # no title: not sniffed as seed at all, so it is plain text
        assert choose_reader(path, path.read_bytes()) is not seed
        return
    [rejection] = read(path, settings)
    assert rejection.code == "E111" and problem in rejection.message


def test_seed_with_header_but_no_body_is_e110(tmp_path, settings):
    path = tmp_path / "s.txt"
    path.write_text("Title\n20220228\nhttps://example.org/a\n\n")
    assert [item.code for item in read(path, settings)] == ["E110"]


# --- dated folders and PTB text -------------------------------------------------------------------


def test_dated_folder_file_takes_date_from_folder_and_is_detokenized(tmp_path, settings):
    folder = tmp_path / "haiti" / "haiti_bbc" / "InputDocs" / "2010-01-13"
    folder.mkdir(parents=True)
    (folder / "20.htm.txt").write_text(
        "Haiti earthquake : many feared dead \n"
        "The quake -LRB- 7.0 magnitude -RRB- struck 15km from Port-au-Prince , the capital 's centre . \n"
        "`` It 's a catastrophe , '' an official said . \n"
    )
    article = only(read(tmp_path, settings))
    assert article.format == "dated"
    assert article.published == "" and article.published_hint == "2010-01-13"
    assert article.title == "Haiti earthquake: many feared dead"
    assert article.text.splitlines() == [
        "Haiti earthquake: many feared dead",
        "The quake (7.0 magnitude) struck 15km from Port-au-Prince, the capital's centre.",
        "\"It's a catastrophe,\" an official said.",
    ]


def test_a_folder_named_like_an_impossible_date_is_not_dated(tmp_path):
    path = tmp_path / "2010-02-30" / "a.txt"
    path.parent.mkdir()
    path.write_text("Some text.\n")
    assert not dated.sniff(path, b"Some text.\n")


@pytest.mark.parametrize(
    ("tokenized", "readable"),
    [
        ("-LRB- CNN -RRB- -- The talks began .", "(CNN) -- The talks began."),
        ("He said : `` We will not stop . ''", 'He said: "We will not stop."'),
        ("It 's what they 're doing , and I 've seen it .", "It's what they're doing, and I've seen it."),
        ("I do n't know ; they ca n't , wo n't .", "I don't know; they can't, won't."),
        ("The parents ' homes cost $ 5 million -LRB- 3\\/4 of it -RRB- .",
         "The parents' homes cost $5 million (3/4 of it)."),
        ("Salazar : ` This is a mess . '", "Salazar: 'This is a mess.'"),
        ("Up 99 % in 1992 etc. .", "Up 99% in 1992 etc."),
        ("We can not say ; Republican not ; gon na go .", "We cannot say; Republican not; gonna go."),
        ("BACK -LCB- current -RCB- of -LSB- total -RSB- NEXT", "BACK {current} of [total] NEXT"),
        ("line one . \nline two ? ", "line one.\nline two?"),
    ],
)
def test_detokenize(tokenized, readable):
    assert detokenize(tokenized) == readable


def test_looks_tokenized_tells_ptb_from_prose():
    assert looks_tokenized("The talks began , officials said . \n")
    assert not looks_tokenized("The talks began, officials said. The rest followed.\n")


# --- CSV, JSON Lines, JSON ------------------------------------------------------------------------


def test_csv_reads_good_rows_and_rejects_bad_ones_one_per_record(settings):
    items = read(FIXTURES / "articles.csv", settings)
    summary = [(item.source.rsplit("/", 1)[1], label(item)) for item in items]
    assert summary == [("articles.csv#0", "csv"), ("articles.csv#1", "csv"), ("articles.csv#2", "E105"),
                       ("articles.csv#3", "E105"), ("articles.csv#4", "E110"), ("articles.csv#5", "csv")]
    first, second = items[0], items[1]
    assert (first.title, first.published, first.url, first.author) == (
        "Delegations arrive in Belarus", "2022-02-28T10:00:00Z", "https://wire.example.org/a1", "Dana Kowalski")
    assert second.text == "The talks began shortly after noon.\nThey lasted about five hours, an adviser said."
    assert [item.record_index for item in items if isinstance(item, RawArticle)] == [0, 1, 5]
    assert len({item.raw_sha for item in items if isinstance(item, RawArticle)}) == 1
    assert "line 5" in items[2].message and "2 fields where the header has 5" in items[2].message


def test_csv_field_overrides_name_columns(tmp_path, settings):
    path = tmp_path / "export.csv"
    path.write_text("Heading,When,Story,Lede\nA title,2022-02-28,The full story text.,A lede\n")
    article = only(read(path, settings, fields={"title": "heading", "date": "When", "text": "story"}))
    assert (article.title, article.published, article.text) == ("A title", "2022-02-28", "The full story text.")
    article = only(read(path, settings, fields={"text": "Lede"}))
    assert article.text == "A lede"


def test_csv_without_a_text_column_says_how_to_name_it(tmp_path, settings):
    path = tmp_path / "odd.csv"
    path.write_text("a,b\n1,2\n")
    [rejection] = read(path, settings)
    assert rejection.code == "E110" and "--field text=COLUMN" in rejection.message


def test_tsv_and_semicolon_files(tmp_path, settings):
    (tmp_path / "a.tsv").write_text("title\tdate\ttext\nT\t2022-02-28\tTab separated, with a comma.\n")
    (tmp_path / "b.csv").write_text("title;date;text\nT;2022-02-28;Semicolons, with a comma.\n")
    texts = [item.text for item in read(tmp_path, settings)]
    assert texts == ["Tab separated, with a comma.", "Semicolons, with a comma."]


def test_csv_unclosed_quote_is_one_bad_record_and_reading_resumes(tmp_path, settings):
    path = tmp_path / "q.csv"
    path.write_text('title,text\nA,"unclosed quote\nB,second body\nC,"quoted, third"\n')
    items = read(path, settings)
    assert [label(item, "title") for item in items] == ["E105", "B", "C"]
    assert items[2].text == "quoted, third"


def test_jsonl_reads_nested_fields_and_rejects_bad_lines(settings):
    items = read(FIXTURES / "articles.jsonl", settings)
    assert [label(item) for item in items] == ["jsonl", "jsonl", "E106", "E110", "E106",
                                                                       "jsonl"]
    assert items[0].author == "Dana Kowalski" and items[0].title == "Delegations arrive in Belarus"
    assert items[1].author == "A. One, B. Two"
    assert items[1].text == "The talks began shortly after noon.\n\nThey lasted about five hours."
    assert items[5].text == "Only a summary was published for this item."  # summary stands in for a body
    assert "line 3" in items[2].message


def test_json_array_container_and_dotted_overrides(tmp_path, settings):
    array = [{"title": "One", "text": "First body."}, {"title": "Two", "text": "Second body."}, 3]
    (tmp_path / "a.json").write_text(json.dumps(array, indent=2))
    container = {"status": "ok", "articles": [{"meta": {"headline": "Three"}, "content": "Third body."}]}
    (tmp_path / "b.json").write_text(json.dumps(container, indent=2))
    items = read(tmp_path, settings, fields={"title": "meta.headline"})
    assert [label(item, "text") for item in items] == ["First body.", "Second body.", "E106", "Third body."]
    assert items[3].title == "Three" and items[3].format == "json"


def test_a_json_array_of_strings_is_not_articles(tmp_path, settings):
    path = tmp_path / "keywords.json"
    path.write_text('["haiti", "quake"]')
    [rejection] = read(path, settings)
    assert rejection.code == "E100" and "keywords.json" in rejection.message


def test_unknown_field_name_is_a_setting_error(settings):
    with pytest.raises(SettingError) as error:
        list(read_paths([FIXTURES / "articles.csv"], settings=settings, fields={"colour": "x"}))
    assert error.value.code == "E602"
    assert parse_field_options(["title=headline", "date=when"]) == {"title": "headline", "published": "when"}
    with pytest.raises(SettingError):
        parse_field_options(["title"])


# --- HTML, feeds, WARC ----------------------------------------------------------------------------


def test_html_page_gives_text_title_date_url_author(settings):
    article = only(read(FIXTURES / "article.html", settings))
    assert article.format == "html"
    assert article.title == "Delegations meet near the Belarus border"
    assert article.url == "https://wire.example.org/world/2022/02/28/delegations-meet-belarus-border"
    assert article.published == "2022-02-28T17:45:00+00:00"
    assert article.author == "Dana Kowalski"
    assert article.text.startswith("Negotiators from Russia and Ukraine sat down on Monday afternoon")
    assert "second round" in article.text
    for boilerplate in ("Privacy", "All rights reserved", "dataLayer", "Business"):
        assert boilerplate not in article.text


@pytest.mark.parametrize(
    ("og_title", "title"),
    [
        ("Delegations meet near the Belarus border – Example Wire", "Delegations meet near the Belarus border"),
        ("Delegations meet near the Belarus border | EXAMPLE WIRE", "Delegations meet near the Belarus border"),
        ("Delegations meet – a report", "Delegations meet – a report"),  # not the site's name: kept
        ("Example Wire", "Example Wire"),
    ],
)
def test_html_title_drops_the_site_name_an_seo_og_title_ends_with(tmp_path, settings, og_title, title):
    page = (FIXTURES / "article.html").read_text().replace(
        'content="Delegations meet near the Belarus border">',
        f'content="{og_title}">\n  <meta property="og:site_name" content="Example Wire">')
    path = tmp_path / "seo.html"
    path.write_text(page)
    assert only(read(path, settings)).title == title


def test_html_page_without_text_is_e112(settings):
    assert [item.code for item in read(FIXTURES / "no_text.html", settings)] == ["E112"]


def test_rss_entries_use_content_else_summary(settings):
    items = read(FIXTURES / "feed.rss", settings)
    assert [label(item) for item in items] == ["feed", "feed", "E110"]
    first, second = items[0], items[1]
    assert first.title == "Talks end with a promise to meet again"
    assert first.published == "Mon, 28 Feb 2022 19:10:00 GMT" and first.author == "Dana Kowalski"
    assert first.url == "https://wire.example.org/world/2022/02/28/talks-end"
    assert first.text.splitlines()[0].startswith("The first round of talks")  # content:encoded, not description
    assert "some decisions" in first.text and "track()" not in first.text and "<p>" not in first.text
    assert second.text == ("The city authorities kept the weekend curfew in place until Monday morning.\n"
                           "Public transport resumed on a reduced timetable.")
    assert [item.source.rsplit("#", 1)[1] for item in items] == ["0", "1", "2"]


def test_feed_cut_inside_an_entry_reads_the_entries_before_and_rejects_that_one(tmp_path, settings):
    data = (FIXTURES / "feed.rss").read_text()
    path = tmp_path / "cut.rss"
    path.write_text(data[: data.index("Public transport")])  # a download that stopped in the second entry
    items = read(path, settings)
    assert [label(item) for item in items] == ["feed", "E107"]
    assert items[1].source == f"{path}#1" and "cut short" in items[1].message


def test_atom_entries(settings):
    first, second = read(FIXTURES / "feed.atom", settings)
    assert (first.title, first.published, first.author) == (
        "Second round of talks is being prepared", "2022-03-01T08:30:00Z", "Lena Marsh")
    assert first.url == "https://wire.example.org/europe/2022/03/01/second-round"
    assert second.published == "2022-03-01T07:15:00Z"  # no <published>: <updated>
    assert second.text == "European markets opened steady on Tuesday after a week of sharp swings."


def warc_record(kind: str, block: bytes, *, uri: str = "", content_type: str = "application/http; msgtype=response",
                date: str = "2022-03-01T06:00:00Z", number: int = 1) -> bytes:
    headers = [
        "WARC/1.1", f"WARC-Type: {kind}", f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{number:012d}>",
        f"WARC-Date: {date}", f"Content-Type: {content_type}", f"Content-Length: {len(block)}",
    ]
    if uri:
        headers.insert(3, f"WARC-Target-URI: {uri}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def http_response(body: bytes, content_type: str, *, status: str = "200 OK", gzip_body: bool = False) -> bytes:
    extra = ""
    if gzip_body:
        body, extra = gzip.compress(body), "Content-Encoding: gzip\r\n"
    return (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{extra}Content-Length: {len(body)}\r\n\r\n"
            .encode() + body)


def sample_warc() -> list[bytes]:
    page = (FIXTURES / "article.html").read_bytes()
    undated = b"<html><head><title>Undated</title></head><body><article><p>" + b"An undated page body. " * 12 + \
        b"</p></article></body></html>"
    return [
        warc_record("warcinfo", b"software: handmade\r\nformat: WARC File Format 1.1\r\n",
                    content_type="application/warc-fields", number=1),
        warc_record("request", b"GET /a HTTP/1.1\r\nHost: wire.example.org\r\n\r\n", uri="https://wire.example.org/a",
                    content_type="application/http; msgtype=request", number=2),
        warc_record("response", http_response(page, "text/html; charset=utf-8"), uri="https://wire.example.org/a",
                    number=3),
        warc_record("response", http_response(b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
                    uri="https://wire.example.org/logo.png", number=4),
        warc_record("response", http_response(undated, "text/html", gzip_body=True),
                    uri="https://wire.example.org/b", date="2022-03-02T07:00:00Z", number=5),
        warc_record("response", http_response(b"<html><body>gone</body></html>", "text/html", status="404 Not Found"),
                    uri="https://wire.example.org/missing", number=6),
    ]


@pytest.mark.parametrize("compressed", [False, True])
def test_warc_html_responses_become_articles(tmp_path, settings, compressed):
    records = sample_warc()
    if compressed:  # a .warc.gz is one gzip member per record
        path, data = tmp_path / "crawl.warc.gz", b"".join(gzip.compress(record) for record in records)
    else:
        path, data = tmp_path / "crawl.warc", b"".join(records)
    path.write_bytes(data)
    items = read(path, settings)
    assert [type(item).__name__ for item in items] == ["RawArticle", "RawArticle"]
    page, undated = items
    assert page.format == "warc" and page.source == f"{path}#2" and page.record_index == 2
    assert page.url == "https://wire.example.org/a" and page.title == "Delegations meet near the Belarus border"
    assert page.published == "2022-02-28T17:45:00+00:00"
    assert undated.url == "https://wire.example.org/b" and undated.source == f"{path}#4"
    assert undated.published_hint == "2022-03-02T07:00:00Z"  # WARC-Date stands in when the page has no date
    assert "An undated page body." in undated.text


def test_warc_cut_short_is_e108_after_the_good_records(tmp_path, settings):
    data = b"".join(sample_warc()[:3])
    path = tmp_path / "cut.warc"
    path.write_bytes(data + sample_warc()[4][:300])
    items = read(path, settings)
    assert [label(item) for item in items] == ["warc", "E108"]


def test_warc_garbage_after_the_magic_is_e108(tmp_path, settings):
    path = tmp_path / "bad.warc"
    path.write_bytes(b"WARC/1.1\r\nthis is not a header\r\n\r\nnor is this")
    assert [item.code for item in read(path, settings)] == ["E108"]


def test_warc_without_html_pages_yields_one_e110(tmp_path, settings):
    path = tmp_path / "meta.warc"
    path.write_bytes(b"".join(sample_warc()[:2]))
    assert [item.code for item in read(path, settings)] == ["E110"]


# --- plain text, sniffing, reading from memory ----------------------------------------------------


def test_plain_text_headline_and_body(tmp_path, settings):
    path = tmp_path / "note.txt"
    path.write_text("A short headline\nThe body of the note, which has no date.\nA second line.\n")
    article = only(read(path, settings))
    assert (article.format, article.title, article.published) == ("text", "A short headline", "")
    assert article.text == "The body of the note, which has no date.\nA second line."


def test_plain_text_one_paragraph_keeps_all_text(tmp_path, settings):
    path = tmp_path / "para.txt"
    words = "word " * 80
    path.write_text(words)
    article = only(read(path, settings))
    assert article.text == words.strip() and article.title.endswith("…") and len(article.title) <= 201


@pytest.mark.parametrize(
    ("name", "content", "reader"),
    [
        ("a.txt", b"Title\n20220228\nhttps://example.org/x\nBody\n", seed),
        ("a.xml", b'<?xml version="1.0"?>\n<rss version="2.0"><channel></channel></rss>', feeds),
        ("a.txt", b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>", feeds),
        ("a.txt", b"<!DOCTYPE html><html><body><p>x</p></body></html>", html),
        ("a.xml", b"<!-- saved page -->\n<html lang='en'><body>x</body></html>", html),
        ("page.html", b"<p>a fragment with no html element</p>", html),
        ("a.bin", b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", warc),
        ("a.txt", b"title,date,url,body\nT,2022,u,b\n", tabular),
        ("a.txt", b'{"title": "T", "text": "x"}\n', tabular),
        ("a.dat", b"[1, 2]", tabular),
        ("x.csv", b"a,b\n1,2\n", tabular),
        ("a.txt", b"2009-05-04\nA sentence .\n--------------------------------\n", timelines),
        ("a.txt", b"Just some text.\n", plaintext),
        ("README", b"Just some text.\n", plaintext),
        ("a.yaml", b"key: value\n", None),
    ],
)
def test_choose_reader_by_content_first_then_extension(name, content, reader):
    assert choose_reader(Path(name), content) is reader


def test_file_in_a_date_folder_is_dated_unless_its_content_is_markup(tmp_path):
    folder = tmp_path / "2022-02-28"
    assert choose_reader(folder / "a.htm.txt", b"Some text .\n") is dated
    assert choose_reader(folder / "a.html", b"<html><body>x</body></html>") is html
    assert choose_reader(folder / "a.csv", b"title,text\nT,x\n") is tabular


def test_any_article_in_a_date_folder_gets_the_folder_date_as_hint(tmp_path, settings):
    page = tmp_path / "2022-02-28" / "page.html"
    page.parent.mkdir()
    page.write_bytes((FIXTURES / "no_text.html").read_bytes().replace(
        b'<div id="root"></div>', b"<article><p>" + b"Body text of the saved page. " * 10 + b"</p></article>"))
    assert only(read(page, settings)).published_hint == "2022-02-28"


def test_read_bytes_reads_from_memory_like_a_file(settings, seed_path):
    from_memory = list(read_bytes(seed_path, seed_path.read_bytes(), settings=settings))
    assert from_memory == read(seed_path, settings)
    gzipped = list(read_bytes("seed.txt.gz", gzip.compress(seed_path.read_bytes()), settings=settings))
    assert gzipped[0].text == from_memory[0].text and gzipped[0].raw_sha == from_memory[0].raw_sha


def test_gzip_files_are_read_through_and_keep_their_name(tmp_path, settings):
    path = tmp_path / "rows.csv.gz"
    path.write_bytes(gzip.compress((FIXTURES / "articles.csv").read_bytes()))
    items = read(path, settings)
    assert len(items) == 6 and items[0].source == f"{path}#0" and items[0].format == "csv"
