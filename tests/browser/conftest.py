"""Fixtures for CityHub's browser tests: a running hub, demo credentials and a headless Debian chromium.

Nothing is skipped: a missing browser, driver, selenium or hub fails the test with a message that says what
to install or start.
"""

import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "build" / "screenshots"
CHROMIUM = os.environ.get("CITYHUB_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CITYHUB_CHROMEDRIVER", "/usr/bin/chromedriver")


@pytest.fixture(scope="session")
def hub_url():
    """Base URL of a running hub (env CITYHUB_URL), checked once to answer HTTP."""
    url = os.environ.get("CITYHUB_URL", "http://127.0.0.1:8080").rstrip("/")
    try:
        with urllib.request.urlopen(url + "/", timeout=5):
            pass
    except urllib.error.HTTPError:
        pass  # it answered; the page tests will say what is wrong with the answer
    except (urllib.error.URLError, OSError) as error:
        pytest.fail(
            f"CityHub is not answering at {url} ({error}). Start the hub with its demo data first, "
            "or point CITYHUB_URL at a running one.",
            pytrace=False,
        )
    return url


@pytest.fixture(scope="session")
def credentials():
    """Demo account (env CITYHUB_USER / CITYHUB_PASSWORD)."""
    return {
        "username": os.environ.get("CITYHUB_USER", "viewer"),
        "password": os.environ.get("CITYHUB_PASSWORD", "viewer-demo-only"),
    }


@pytest.fixture(scope="session")
def screenshot_dir():
    """build/screenshots/ under the repository root, created on demand."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


@pytest.fixture(scope="session")
def demo_credentials():
    """Credentials of any demo account by name: demo_credentials("operator") -> {username, password}.

    The demo accounts (admin, dispatcher, inspector, operator, drainage, head, auditor, viewer, police) all have the
    password `<name>-demo-only`.
    """

    def lookup(name):
        return {"username": name, "password": f"{name}-demo-only"}

    return lookup


def start_browser():
    """A fresh headless chromium (new profile, so empty localStorage and sessionStorage)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is not installed: pip install selenium pytest", pytrace=False)

    missing = [
        f"{path} ({package})"
        for path, package in ((CHROMIUM, "apt-get install chromium"), (CHROMEDRIVER, "apt-get install chromium-driver"))
        if not os.access(path, os.X_OK)
    ]
    if missing:
        pytest.fail(
            "Browser tests need Debian's chromium and chromedriver; missing: " + ", ".join(missing)
            + ". Set CITYHUB_CHROMIUM / CITYHUB_CHROMEDRIVER if they live elsewhere.",
            pytrace=False,
        )

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--window-size=1366,768", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    browser.set_script_timeout(30)
    return browser


@pytest.fixture
def driver():
    """A fresh headless chromium (new profile, so empty localStorage and sessionStorage) per test."""
    browser = start_browser()
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture
def new_browser():
    """Starts further fresh browsers within one test (one per signed-in person). A test may quit() one when that
    person is done; the others are closed at the end."""
    browsers = []

    def start():
        browser = start_browser()
        quit_browser = browser.quit

        def quit_once():
            if browser in browsers:
                browsers.remove(browser)
                quit_browser()

        browser.quit = quit_once
        browsers.append(browser)
        return browser

    try:
        yield start
    finally:
        for browser in list(browsers):
            browser.quit()
