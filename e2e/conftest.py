"""Shared fixtures: the running server's address and a Chromium driven by Playwright."""
import os

import pytest
from playwright.sync_api import sync_playwright


@pytest.fixture(scope="session")
def base_url():
    return os.environ.get("PASSERELLE_URL", "http://127.0.0.1:8765")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(locale="fr-FR", accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()
