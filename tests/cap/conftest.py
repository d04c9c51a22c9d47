"""Fixtures for the CAP checks: a running hub with the demo accounts (env CITYHUB_URL).

Nothing is skipped: a missing validator package or an unreachable hub fails with a message saying what to do.
"""

import json
import os
import urllib.error
import urllib.request

import pytest


@pytest.fixture(scope="session")
def hub_url():
    """Base URL of a running hub started with --demo."""
    url = os.environ.get("CITYHUB_URL", "http://127.0.0.1:8080").rstrip("/")
    try:
        with urllib.request.urlopen(url + "/readyz", timeout=5):
            pass
    except (urllib.error.URLError, OSError) as error:
        pytest.fail(f"CityHub is not answering at {url} ({error}); start it with --demo or set CITYHUB_URL.", pytrace=False)
    return url


class Hub:
    """A tiny JSON client for the hub's API."""

    def __init__(self, url):
        self.url = url

    def call(self, method, path, token=None, body=None):
        """Returns (status, parsed JSON or text, headers)."""
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, self._decode(response), response.headers
        except urllib.error.HTTPError as error:
            return error.code, self._decode(error), error.headers

    @staticmethod
    def _decode(response):
        raw = response.read()
        kind = response.headers.get("Content-Type", "")
        return json.loads(raw) if "json" in kind else raw

    def login(self, name):
        status, body, _ = self.call("POST", "/api/v1/auth/login",
                                    body={"username": name, "password": f"{name}-demo-only"})
        assert status == 200, f"demo sign-in of {name} failed: {status} {body}"
        return body["token"]


@pytest.fixture(scope="session")
def hub(hub_url):
    return Hub(hub_url)
