"""End to end in a real browser: Debian's headless Chromium, driven by Selenium, opens the Coalition Builder,
submits a scenario and sees the ranked table and the map (and no console error, so the CSP lets the page work).

Skips, with how to install one, when there is no browser: `apt-get install chromium chromium-driver`."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
HOW = ("no headless browser: install Debian's Chromium and its driver (`sudo apt-get install chromium "
       "chromium-driver`) and `pip install -e .[dev]` (selenium) to run the end-to-end test")

pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason=HOW)


@pytest.fixture(scope="module")
def server(app):
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "the test server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason=HOW)
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1300,1600"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    except Exception as exc:  # a browser that cannot start here (no display libraries...)
        pytest.skip(f"{HOW} (Chromium did not start: {type(exc).__name__}: {str(exc)[:200]})")
    yield driver
    driver.quit()


def _severe(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_coalition_builder_in_a_browser(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(server + "/builder")
    browser.find_element(By.ID, "targets").send_keys("Iraq")
    browser.find_element(By.ID, "year").send_keys("1990")
    Select(browser.find_element(By.ID, "igo")).select_by_value("un")
    browser.find_element(By.ID, "run").click()
    wait = WebDriverWait(browser, 120)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#partners tbody tr")))
    rows = browser.find_elements(By.CSS_SELECTOR, "#partners tbody tr")
    first = [c.text for c in rows[0].find_elements(By.TAG_NAME, "td")]
    assert len(rows) == 20 and first[:2] == ["1", "United Kingdom"], first
    # the map: plotly drew a choropleth with a shape per state
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#partner-map .choroplethlayer path")))
    assert len(browser.find_elements(By.CSS_SELECTOR, "#partner-map .choroplethlayer path")) > 50
    # the scenario is in the URL, without a page reload
    assert "targets=Iraq" in browser.current_url and "year=1990" in browser.current_url
    assert "igo=un" in browser.current_url
    assert "Expected coalition size" in browser.find_element(By.ID, "facts").text
    # COALITIONLAB_SCREENSHOT=docs/coalition_builder.png refreshes the documentation's screenshot
    browser.save_screenshot(os.environ.get("COALITIONLAB_SCREENSHOT") or str(tmp_path / "builder.png"))
    assert not _severe(browser), _severe(browser)

    # a shared link opens the same forecast
    browser.get(browser.current_url)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#partners tbody tr")))
    assert browser.find_element(By.ID, "targets").get_attribute("value") == "Iraq"

    # bad input: the message names the field
    browser.get(server + "/builder?targets=Irak&year=1990")
    wait.until(lambda d: "Unknown target" in d.find_element(By.ID, "status").text)
    assert "targets" in browser.find_element(By.ID, "status").text
    browser.get_log("browser")  # drain: the 422 is expected here


def test_dashboard_draws_map_and_timeline(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/")
    wait = WebDriverWait(browser, 60)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#map .choroplethlayer path")))
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#timeline .scatterlayer .point")))
    assert not _severe(browser), _severe(browser)
