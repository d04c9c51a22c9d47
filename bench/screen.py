"""The one screen's figures in headless Chromium against a running hub (CITYHUB_URL), one line per measure:
  - first render: /api/v1/cases/map fetched, clustered and drawn (the page's own performance.now() span), and the
    time from pressing "sign in" until the screen reports ready (every layer and panel loaded);
  - live event: a report filed through the API until its row is on the timeline (the report's answer comes after
    its commit, so this is an upper bound of commit → screen);
  - flood slider: steps to levels never drawn before (jumps and 0.1 m arrow-key steps) until the overlay, the
    count and the place list are redrawn — the page's own span and the WebDriver wall time.
Usage: CITYHUB_URL=http://127.0.0.1:8080 python3 bench/screen.py   (needs the hub's demo accounts)
       python3 bench/screen.py multiply <data-dir>/cityhub.sqlite 10000   (hub stopped: copies open cases, new ids
       and positions jittered by up to ~200 m, until there are that many open cases)
"""

import os
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from conftest import start_browser  # noqa: E402
from test_one_screen import api, login, open_screen, point_in_street, screen  # noqa: E402
import casephotos  # noqa: E402


# Not on the map (CaseStore.mapPoints): every other state is an open case.
CLOSED = ("rejected", "closed", "merged")


def multiply(database, target):
    """Copies open cases (new ids, jittered positions) until `target` are open. SQLite only, hub stopped."""
    db = sqlite3.connect(database)
    columns = [row[1] for row in db.execute("PRAGMA table_info(cases)")]
    rows = db.execute(f"SELECT {', '.join(columns)} FROM cases WHERE state NOT IN (?, ?, ?)", CLOSED).fetchall()
    if not rows:
        raise SystemExit("no open cases to copy")
    have = len(rows)
    rng = random.Random(8)
    copies = []
    n = 0
    while have + len(copies) < target:
        row = list(rows[n % len(rows)])
        row[columns.index("id")] = f"{row[columns.index('id')]}-b{n}"
        row[columns.index("lon")] += rng.uniform(-0.002, 0.002)
        row[columns.index("lat")] += rng.uniform(-0.002, 0.002)
        copies.append(row)
        n += 1
    db.executemany(f"INSERT INTO cases ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", copies)
    db.commit()
    print(f"{have} open cases, {len(copies)} copies added: {have + len(copies)} open")


def main():
    hub = os.environ.get("CITYHUB_URL", "http://127.0.0.1:8080").rstrip("/")
    count = api(hub, "/api/v1/cases/map", login(hub, "dispatcher"))["count"]
    renders, readies, reloads, parts = [], [], [], []
    from test_one_screen import wait
    from selenium.webdriver.common.by import By
    for _ in range(3):
        driver = start_browser()
        try:
            driver.set_window_size(1920, 1080)
            driver.get(hub + "/")
            wait(driver).until(lambda d: d.find_element(By.ID, "login-form").is_displayed())
            driver.find_element(By.ID, "login-username").send_keys("dispatcher")
            driver.find_element(By.ID, "login-password").send_keys("dispatcher-demo-only")
            started = time.monotonic()
            driver.find_element(By.ID, "login-submit").click()
            wait(driver, 60).until(lambda d: d.execute_script(
                "const s = window.cityhub && window.cityhub.screen; return Boolean(s && s.ready)"))
            readies.append((time.monotonic() - started) * 1000)
            # The page opened again with the session (a reload: no password hashing), until every panel is ready.
            started = time.monotonic()
            driver.refresh()
            wait(driver, 60).until(lambda d: d.execute_script(
                "const s = window.cityhub && window.cityhub.screen; return Boolean(s && s.ready)"))
            reloads.append((time.monotonic() - started) * 1000)
            renders.append(screen(driver)["firstRenderMs"])
            parts.append(driver.execute_script("return window.cityhub.screen.timings"))
        finally:
            driver.quit()
    print(f"screen first render: {count} open cases, cases fetched+clustered+drawn median {statistics.median(renders):.0f} ms"
          f" (runs {', '.join(f'{r:.0f}' for r in renders)}); sign-in pressed to every panel ready median {statistics.median(readies):.0f} ms"
          f" (runs {', '.join(f'{r:.0f}' for r in readies)}); page opened with a session to every panel ready median"
          f" {statistics.median(reloads):.0f} ms (runs {', '.join(f'{r:.0f}' for r in reloads)})")
    print("  each part done, ms after the screen started (per run): " + "; ".join(
        ", ".join(f"{name} {ms}" for name, ms in sorted((p or {}).items(), key=lambda item: item[1])) for p in parts))

    driver = start_browser()
    try:
        open_screen(driver, hub, "dispatcher", (1920, 1080))
        from test_one_screen import wait_stream_live
        wait_stream_live(driver)
        inspector = login(hub, "inspector")
        lon, lat = point_in_street(hub, inspector)
        latencies = []
        for _ in range(5):
            photo = api(hub, "/api/v1/photos", inspector, raw=casephotos.jpeg_with_exif(lon, lat), content_type="image/jpeg")
            before = screen(driver)["events"]
            sent = time.monotonic()
            api(hub, "/api/v1/reports", inspector, body={"category": "E0501", "location": {"lon": lon, "lat": lat},
                                                         "photos": [{"sha256": photo["sha256"]}], "description": "bench"})
            answered = time.monotonic()
            wait(driver, 10).until(lambda d: screen(d)["events"] > before)
            latencies.append((time.monotonic() - answered) * 1000)
            del sent
        print(f"live event: report answered → on the timeline median {statistics.median(latencies):.0f} ms"
              f" (max {max(latencies):.0f} ms, 5 reports; browser polled every 0.1 s)")

        driver.execute_script("document.getElementById('overlay-flood').click()")
        wait(driver, 60).until(lambda d: (screen(d)["flood"] or {}).get("floodedCells") is not None)
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.common.by import By
        slider = driver.find_element(By.ID, "flood-level")
        page, wall = [], []

        def drawn(level):
            flood = screen(driver)["flood"] or {}
            return abs((flood.get("level") or 0) - level) < 0.001

        # Jumps to levels not drawn before (the page keeps no per-level answers: every level is new to it).
        rng = random.Random(3)
        levels = [round(rng.uniform(166, 189), 1) for _ in range(20)]
        for level in levels:
            started = time.monotonic()
            driver.execute_script(
                "const s = document.getElementById('flood-level'); s.value = arguments[0];"
                " s.dispatchEvent(new Event('input', {bubbles: true}));", str(level))
            wait(driver, 60).until(lambda d: drawn(level))
            wall.append((time.monotonic() - started) * 1000)
            page.append(screen(driver)["flood"]["ms"])
        level = levels[-1]
        for key in [Keys.ARROW_RIGHT] * 10 + [Keys.ARROW_LEFT] * 5:
            level = round(level + (0.1 if key == Keys.ARROW_RIGHT else -0.1), 1)
            started = time.monotonic()
            slider.send_keys(key)
            wait(driver, 60).until(lambda d: drawn(level))
            wall.append((time.monotonic() - started) * 1000)
            page.append(screen(driver)["flood"]["ms"])
        print(f"flood slider: {len(page)} steps (20 jumps to new levels, 15 arrow-key steps), drawn in the page median"
              f" {statistics.median(page):.1f} ms (max {max(page):.1f} ms); wall time incl. WebDriver median"
              f" {statistics.median(wall):.0f} ms (max {max(wall):.0f} ms)")
    finally:
        driver.quit()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "multiply":
        multiply(sys.argv[2], int(sys.argv[3]))
    else:
        main()
