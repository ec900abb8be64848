"""The entity, quotes and figures views in real Chromium (Playwright), as an analyst uses them: find Zelenskyy
and read his quotes, see two sources' tolls for one count side by side, filter quotes and export them.

Served by uvicorn over tests/analyst_store.py's store. Skips without Chromium or Playwright (fails when
STORYLINE_REQUIRE_BROWSER=1); with STORYLINE_SCREENSHOTS=DIR each test saves its screenshots there.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from analyst_store import analyst_db  # noqa: F401 - the module's store fixture
from serving import served
from test_web_browser import ARTICLE_URL, CHROMIUM_ARGS, Tab, _chromium, sync_playwright

ZELENSKYY = "Volodymyr Zelenskyy"
SHELLING_QUOTES = ["We will not give up and we will not lose,", "We will fight to the end, at sea, in the air,"]


@pytest.fixture(scope="module")
def base_url(analyst_db: Path) -> Iterator[str]:  # noqa: F811
    with served(analyst_db, start_within=10) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = _chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=[(1280, 900)], ids=["desktop"])
def tab(request: pytest.FixtureRequest, browser, base_url: str) -> Iterator[Tab]:
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(15_000)
    tab = Tab(context.new_page(), base_url)
    tab.watch()
    yield tab
    context.close()


def _screenshot(tab: Tab, name: str) -> None:
    folder = os.environ.get("STORYLINE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        tab.page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_find_zelenskyy_and_read_his_quotes(tab: Tab) -> None:
    tab.open("/entities")
    page = tab.page
    page.get_by_label("Name").fill("Zelensky")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"/entities\?q=Zelensky"))
    page.get_by_role("link", name=ZELENSKYY, exact=True).click()
    page.wait_for_url(re.compile(r"/entities/Volodymyr%20Zelenskyy$"))
    assert page.locator("h1").inner_text() == ZELENSKYY
    names = page.locator("ul.aliases li").all_inner_texts()
    assert any(name.startswith("Zelensky ") for name in names) and any(name.startswith("Zelenskyy ") for name in names)
    quotes = page.get_by_role("region", name=re.compile(r"^Quotes"))
    said = [text.strip() for text in quotes.locator("blockquote").all_inner_texts()]
    assert set(SHELLING_QUOTES) <= set(said)
    chart = page.get_by_role("img", name=f"Mentions of {ZELENSKYY} per publication day")
    assert chart.is_visible() and chart.locator("rect").count() >= 4  # the seed, the shelling, the Kremlin days
    _screenshot(tab, "entity-zelenskyy")
    quotes.locator("li", has_text=SHELLING_QUOTES[1]).get_by_role("link").click()  # on to the article
    page.wait_for_url(ARTICLE_URL)
    assert page.locator("h1").inner_text() == "Irpin toll rises after Russian shelling"
    assert tab.problems == []


def test_figures_show_two_sources_tolls_side_by_side(tab: Tab) -> None:
    tab.open("/figures")
    page = tab.page
    page.get_by_role("textbox", name="Subject").fill("killed")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"/figures\?subject=killed"))
    found = page.get_by_role("region", name=re.compile(r"^people killed, 2022-03-08: 12 vs 15"))
    reports = found.locator(".report").all()
    assert [report.locator(".value").inner_text().strip() for report in reports] == ["12", "15"]
    assert "reuters.com" in reports[0].inner_text() and "apnews.com" in reports[1].inner_text()
    assert "Officials said 12 people were killed" in reports[0].inner_text()
    first, second = (report.bounding_box() for report in reports)
    assert first and second and first["y"] == second["y"] and first["x"] < second["x"]  # side by side
    dots = page.get_by_role("img", name=re.compile(r"^Figures for killed over time")).locator("circle.dot")
    assert dots.count() >= 2 and page.locator("circle.dot.disputed").count() >= 2
    _screenshot(tab, "figures-killed")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the two values stack, nothing overflows
    first, second = (report.bounding_box() for report in reports)
    assert first and second and second["y"] > first["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _screenshot(tab, "figures-killed-phone")
    assert tab.problems == []


def test_filter_quotes_by_speaker_and_export_them(tab: Tab) -> None:
    tab.open("/quotes")
    page = tab.page
    page.get_by_label("Speaker").fill("Zelenskyy")
    page.get_by_label("From").fill("2022-03-01")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"/quotes\?speaker=Zelenskyy.*from=2022-03-01"))
    shown = [text.strip() for text in page.locator("ol.quotes blockquote").all_inner_texts()]
    assert sorted(shown) == sorted(SHELLING_QUOTES)
    assert page.get_by_role("link", name=ZELENSKYY).first.get_attribute("href") == "/entities/Volodymyr%20Zelenskyy"
    href = page.get_by_role("navigation", name="Quotes pages").get_by_role("link", name="CSV").get_attribute("href")
    response = page.request.get(tab.base_url + href)
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert sorted(row["text"] for row in rows) == sorted(SHELLING_QUOTES)
    assert {row["publisher"] for row in rows} == {"reuters.com", "apnews.com"}
    page.reload()  # the permalink: the same filters, the same quotes
    assert page.get_by_label("Speaker").input_value() == "Zelenskyy"
    _screenshot(tab, "quotes-zelenskyy")
    assert tab.problems == []


def test_views_are_keyboard_reachable(tab: Tab) -> None:
    tab.open("/quotes")
    page = tab.page
    for _ in range(30):  # from the top of the page, Tab reaches the speaker box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "speaker":
            break
    else:
        pytest.fail("the speaker filter is not reachable with Tab")
    page.keyboard.type("Podolyak")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/quotes\?speaker=Podolyak"))
    assert page.locator("ol.quotes > li").count() >= 1
    assert tab.problems == []
