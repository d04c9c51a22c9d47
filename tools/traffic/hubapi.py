"""The hub's JSON API as the traffic tools call it: one client for the bridge's police desk and the demo peak."""
from __future__ import annotations

import json
import urllib.request


class HubAPI:
    def __init__(self, base: str, token: str | None = None):
        self.base = base.rstrip("/")
        self.token = token

    def call(self, method: str, path: str, body: dict | None = None, timeout: float = 30) -> dict:
        """``path`` from the hub's base; the JSON answer ({} when empty). HTTP errors raise urllib's HTTPError."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read() or b"{}")

    def login(self, username: str, password: str) -> str:
        """Signs in; the token is kept for the calls that follow and returned."""
        self.token = self.call("POST", "/api/v1/auth/login", {"username": username, "password": password})["token"]
        return self.token
