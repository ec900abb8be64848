"""The search, article and story views in real Chromium, as an analyst uses them, on the seed + Kremlin
store of tests/test_web_search_views.py: narrow a search by its facets and export it, follow an event to
its evidence sentence, zoom a story's timeline and reopen the zoom from its permalink, at desktop and phone
width, by mouse and by keyboard. The run saves docs/screenshots/search.png and story.png (the README's)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from serving import served
from test_web_browser import CHROMIUM_ARGS, Tab, _chromium, sync_playwright
from test_web_search_views import SEED_TITLE, views_db  # noqa: F401 - the store fixture

SCREENSHOTS = ROOT / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def base_url(views_db: Path) -> Iterator[str]:  # noqa: F811 - the imported fixture, used here
    with served(views_db, start_within=10) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator:
    executable = _chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def tab(browser, base_url: str) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(15_000)
    tab = Tab(context.new_page(), base_url)
    tab.watch()
    yield tab
    context.close()


def _fits_the_width(tab: Tab) -> bool:
    return tab.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _count_in_summary(tab: Tab) -> int:
    return int(tab.page.locator(".summary").inner_text().split()[0])


def _story_with_a_copy(tab: Tab) -> tuple[str, int]:
    """The id and size of the story that holds the mirror's syndicated copy (ids depend on the store)."""
    stories = tab.page.request.get(tab.base_url + "/api/stories?limit=100").json()["items"]
    for story in sorted(stories, key=lambda row: -row["article_count"]):
        sources = tab.page.request.get(f"{tab.base_url}/api/stories/{story['id']}").json()["sources"]
        if any(source["copies"] for source in sources):
            return story["id"], story["article_count"]
    raise AssertionError("no story holds the syndicated copy")


def test_search_narrowed_by_facets_then_exported(tab: Tab) -> None:
    page = tab.page
    tab.open("/")
    box = page.get_by_role("searchbox", name="Search articles")
    box.fill("Kiev")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=Kiev"))
    assert "Kyiv" in page.locator(".alias").inner_text()  # the other spelling was searched too
    marks = {text.lower() for text in page.locator("ol.hits mark").all_inner_texts()}
    assert marks and marks <= {"kiev", "kyiv"}
    whole = _count_in_summary(tab)
    kremlin = page.locator(".facet:has(h2:text-is('Source')) li", has_text="en.kremlin.ru")
    facet_count = int(kremlin.locator(".count").inner_text())
    kremlin.get_by_role("link", name="en.kremlin.ru").click()
    page.wait_for_url(re.compile(r"source=en.kremlin.ru"))
    assert _count_in_summary(tab) == facet_count < whole
    assert set(page.locator("ol.hits .source").all_inner_texts()) == {"en.kremlin.ru"}
    page.locator(".facet:has(h2:text-is('Entity'))").get_by_role("link", name="Emmanuel Macron", exact=True).click()
    page.wait_for_url(re.compile(r"entity=Emmanuel\+Macron"))
    assert "source=en.kremlin.ru" in page.url  # the earlier filter is kept
    shown = page.locator("ol.hits > li > a:first-child").all_inner_texts()
    assert shown
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert [row["title"] for row in rows] == shown
    page.get_by_role("link", name="Remove filter Source en.kremlin.ru").click()
    page.wait_for_url(lambda url: "source=" not in url and "entity=Emmanuel" in url)
    assert tab.problems == []


def test_search_by_keyboard_and_at_phone_width(tab: Tab) -> None:
    page = tab.page
    page.set_viewport_size(PHONE)
    tab.open("/search?q=conversation&limit=3")
    assert _fits_the_width(tab)
    next_link = page.get_by_role("link", name="Next →")
    next_link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"offset=3"))
    assert page.locator("ol.hits").get_attribute("start") == "4"
    page.keyboard.press("Tab")  # the first stop is the site's brand link: the page is reachable by keys
    assert page.evaluate("document.activeElement.className") == "brand"
    assert tab.problems == []


def test_article_event_reaches_its_evidence_sentence(tab: Tab) -> None:
    page = tab.page
    tab.open("/search?q=Kharkiv")
    page.get_by_role("link", name=SEED_TITLE).click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]+$"))
    assert page.locator(".hl.entity").count() > 20 and page.locator(".tag.event").count() > 5
    putin = page.locator("a.hl.entity", has_text="Putin").first
    assert putin.get_attribute("href") == "/entities/Vladimir%20Putin"
    evidence = page.locator("section:has(h2:text-is('Events')) tbody tr").first.locator("td").last.get_by_role("link")
    evidence.click()
    page.wait_for_url(re.compile(r"#sentence-\d+$"))
    target = page.locator(".sentence:target")
    assert target.count() == 1 and "#" + target.get_attribute("id") == evidence.get_attribute("href")
    assert target.inner_text().startswith(" ".join(evidence.inner_text().split()[:4]))  # tags follow quotes
    assert target.evaluate("el => el.getBoundingClientRect().top < window.innerHeight")  # scrolled into view
    page.set_viewport_size(PHONE)
    assert _fits_the_width(tab)
    assert tab.problems == []


def test_story_timeline_zooms_and_the_zoom_is_a_permalink(tab: Tab) -> None:
    page = tab.page
    story, _size = _story_with_a_copy(tab)
    tab.open("/stories")
    page.locator(f'tbody tr a[href$="/stories/{story}"]').first.click()
    page.wait_for_url(re.compile(r"/stories/s-[0-9a-f]+$"))
    assert "1 independent source " in page.locator(".meta").inner_text()  # the mirror's copy is no source
    assert "1 syndicated copy not counted" in page.locator(".meta").inner_text()
    entries = page.locator(".story-entries > .entry")
    days = entries.count()
    assert days >= 5 and page.locator("#story-axis circle").count() == days
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "story.png"), full_page=False)
    page.get_by_role("button", name="Zoom in").click()
    page.get_by_role("button", name="Zoom in").click()
    page.wait_for_url(re.compile(r"from=\d{4}-\d{2}-\d{2}&to="))
    visible = page.locator(".story-entries > .entry:not([hidden])").count()
    assert 0 < visible < days
    outside = (
        "[...document.querySelectorAll('#story-axis circle')].filter(c => c.cx.baseVal.value < 0"
        " || c.cx.baseVal.value > 1000).length"
    )
    assert page.evaluate(outside) == days - visible  # the axis shows exactly the days listed
    zoomed = page.url
    page.locator("#story-axis").focus()
    page.keyboard.press("0")  # back to the whole story, by keyboard
    page.wait_for_url(lambda url: "from=" not in url)
    assert page.locator(".story-entries > .entry:not([hidden])").count() == days
    page.goto(zoomed)  # the permalink of the zoom: the server gives only its days
    assert page.locator(".story-entries > .entry").count() == visible
    page.set_viewport_size(PHONE)
    assert _fits_the_width(tab)
    assert tab.problems == []


def test_story_csv_export_reads_back(tab: Tab) -> None:
    page = tab.page
    story, size = _story_with_a_copy(tab)
    tab.open("/stories")
    page.locator(f'tbody tr a[href$="/stories/{story}"]').first.click()
    page.wait_for_url(re.compile(r"/stories/s-[0-9a-f]+$"))
    titles = page.locator(".entry-articles > li > a").all_inner_texts()
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert [row["title"] for row in rows] == titles and len(rows) == size
    assert tab.problems == []
