"""The events table, the map and the network in real Chromium, as an analyst uses them, on the seed + Kremlin
store (``events_map_store``): filter the map to ASSAULT in March 2022 and reach an event's evidence sentence;
follow the network from Putin to Macron's CONSULT events; export the filtered events and read the CSV back.

Screenshots go to the folder STORYLINE_SCREENSHOTS names, when it is set. Chromium and Playwright as in
``test_web_browser`` (skip without them; fail when STORYLINE_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from events_map_store import events_map_db  # noqa: F401 - a fixture
from serving import served
from test_web_browser import CHROMIUM_ARGS, ISO_DATE, Tab, _chromium, _texts

try:
    from playwright.sync_api import BrowserContext, Page, sync_playwright
except ImportError:
    sync_playwright = None

EVENTS_URL = re.compile(r"/events\?")
MARCH_ASSAULT = ("type=ASSAULT", "from=2022-03-01", "to=2022-03-31")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def base_url(events_map_db: Path) -> Iterator[str]:  # noqa: F811 - the fixture imported above
    with served(events_map_db, start_within=20) as url:
        yield url


@pytest.fixture(scope="module")
def context() -> Iterator[BrowserContext]:
    executable = _chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True)
        context.set_default_timeout(20_000)
        yield context
        context.close()
        browser.close()


@pytest.fixture
def tab(context: BrowserContext, base_url: str) -> Iterator[Tab]:
    tab = Tab(context.new_page(), base_url)
    tab.watch()
    yield tab
    tab.page.close()


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("STORYLINE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


def _filter(page: Page, **fields: str) -> None:
    """Fill the event filters form and submit it, as a reader does."""
    form = page.get_by_role("form", name="Filter events")
    for name, value in fields.items():
        form.locator(f"input[name={name}]").fill(value)
    form.get_by_role("button", name="Filter").click()


def test_map_filtered_to_assault_in_march_2022_reaches_an_evidence_sentence(tab: Tab) -> None:
    tab.open("/map")
    page = tab.page
    _filter(page, type="ASSAULT", **{"from": "2022-03-01", "to": "2022-03-31"})
    page.wait_for_url(lambda url: "/map?" in url and all(part in url for part in MARCH_ASSAULT))
    markers = page.locator("svg a.marker")
    assert markers.count() >= 2
    _shot(page, "map-assault-march-2022")
    biggest = markers.first  # markers come biggest first
    label = biggest.get_attribute("aria-label")
    count = int(re.search(r": (\d+) event mention", label).group(1))
    biggest.focus()  # by keyboard: a marker is a link
    page.keyboard.press("Enter")
    page.wait_for_url(EVENTS_URL)
    assert "type=ASSAULT" in page.url and "from=2022-03-01" in page.url and "place=" in page.url
    assert set(_texts(page, "table.events tbody td:nth-child(2) > a")) == {"ASSAULT"}
    dates = _texts(page, "table.events tbody td.date")
    assert len(dates) == count and all(ISO_DATE.match(d) and d.startswith("2022-03") for d in dates)
    evidence = page.locator("table.events td.evidence a").first
    sentence = evidence.inner_text().strip()
    evidence.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]+#sentence-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    target = page.locator(f"[id='{anchor}']")
    assert target.count() == 1 and sentence in " ".join(target.inner_text().split())
    assert target.evaluate("el => el.matches(':target')")
    _shot(page, "map-evidence-sentence")
    assert tab.problems == []


def test_network_from_putin_to_macrons_consult_events(tab: Tab) -> None:
    tab.open("/network")
    page = tab.page
    putin = page.locator("svg a.node", has_text="Vladimir Putin")
    assert putin.get_attribute("href") == "/entities/Vladimir%20Putin"  # a node opens its entity page
    page.get_by_role("link", name="Network of Vladimir Putin").click()
    page.wait_for_url(re.compile(r"/network\?entity=Vladimir\+Putin"))
    assert page.locator("h1").inner_text() == "Actor network: Vladimir Putin"
    _shot(page, "network-putin")
    row = page.locator("tr.edge-row").filter(has_text="Emmanuel Macron").filter(has_text="CONSULT")
    row = row.filter(has=page.locator("td:first-child", has_text="Vladimir Putin"))
    mentions = int(row.locator("td:nth-child(4)").inner_text())
    row.get_by_role("link", name=re.compile(r"CONSULT events of Vladimir Putin on Emmanuel Macron")).click()
    page.wait_for_url(EVENTS_URL)
    assert _texts(page, "table.events tbody td:nth-child(2) > a") == ["CONSULT"] * mentions
    assert set(_texts(page, "table.events tbody td:nth-child(3) > a")) == {"Vladimir Putin"}
    assert set(_texts(page, "table.events tbody td:nth-child(4) > a")) == {"Emmanuel Macron"}
    assert tab.problems == []


def test_export_the_filtered_events_and_read_the_csv_back(tab: Tab, tmp_path: Path) -> None:
    tab.open("/events")
    page = tab.page
    _filter(page, type="ASSAULT", **{"from": "2022-03-01", "to": "2022-03-31"})
    page.wait_for_url(lambda url: "/events?" in url and all(part in url for part in MARCH_ASSAULT))
    total = int(re.match(r"(\d+) event mentions", page.locator(".summary").inner_text()).group(1))
    _shot(page, "events-assault-march-2022")
    with page.expect_download() as download:
        page.locator(".exports").get_by_role("link", name="CSV", exact=True).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "events.csv"
    with saved.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == total > 0
    assert {row["type"] for row in rows} == {"ASSAULT"}
    assert all("2022-03-01" <= row["date"] <= "2022-03-31" for row in rows)
    assert all(row["sentence"] and row["publisher"] for row in rows)
    assert tab.problems == []


def test_facets_narrow_the_table_and_pages_follow(tab: Tab) -> None:
    tab.open("/events?from=2022-03-01&to=2022-03-31")
    page = tab.page
    facet = page.locator("section.facet", has=page.locator("h2", has_text="Type")).locator("li").first
    value, count = facet.locator("a").inner_text(), int(facet.locator(".count").inner_text())
    facet.locator("a").click()
    page.wait_for_url(re.compile(rf"type={value}"))
    assert page.locator(".summary").inner_text().startswith(f"{count} event mentions")
    assert page.get_by_role("list", name="Filters in force").inner_text().count(value) == 1
    if count > 50:
        page.get_by_role("link", name="Next →").click()
        page.wait_for_url(re.compile(r"offset=50"))
        assert page.locator(".pages span").inner_text().startswith("51–")
    assert tab.problems == []


@pytest.mark.parametrize("path", ["/events?type=ASSAULT", "/map", "/network"])
def test_views_fit_a_phone(context: BrowserContext, base_url: str, path: str) -> None:
    page = context.new_page()
    page.set_viewport_size(PHONE)
    page.goto(base_url + path)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path} is {overflow}px wider than a phone"
    _shot(page, "phone-" + path.strip("/").split("?")[0])
    page.close()
