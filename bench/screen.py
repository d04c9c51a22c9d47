"""The one screen's figures in headless Chromium against a running hub (CITYHUB_URL), one line per measure:
  - first render: /api/v1/cases/map fetched, clustered and drawn (the page's own performance.now() span), and the
    time from pressing "sign in" until the screen reports ready (every layer and panel loaded);
  - live event: a report filed through the API until its row is on the timeline (the report's answer comes after
    its commit, so this is an upper bound of commit → screen);
  - flood slider: one step of the level slider until the overlay and the place list are redrawn.
Usage: CITYHUB_URL=http://127.0.0.1:8080 python3 bench/screen.py   (needs the hub's demo accounts)
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from conftest import start_browser  # noqa: E402
from test_one_screen import api, login, open_screen, point_in_street, screen  # noqa: E402
import casephotos  # noqa: E402


def main():
    hub = os.environ.get("CITYHUB_URL", "http://127.0.0.1:8080").rstrip("/")
    count = api(hub, "/api/v1/cases/map", login(hub, "dispatcher"))["count"]
    renders, readies = [], []
    for _ in range(3):
        driver = start_browser()
        try:
            started = time.monotonic()
            open_screen(driver, hub, "dispatcher", (1920, 1080))
            readies.append((time.monotonic() - started) * 1000)
            renders.append(screen(driver)["firstRenderMs"])
        finally:
            driver.quit()
    print(f"screen first render: {count} open cases, cases fetched+clustered+drawn median {statistics.median(renders):.0f} ms"
          f" (runs {', '.join(f'{r:.0f}' for r in renders)}); sign-in to every panel ready median {statistics.median(readies):.0f} ms")

    driver = start_browser()
    try:
        open_screen(driver, hub, "dispatcher", (1920, 1080))
        from test_one_screen import wait, wait_stream_live
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
        wait(driver, 60).until(lambda d: (screen(d)["flood"] or {}).get("level") is not None)
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.common.by import By
        slider = driver.find_element(By.ID, "flood-level")
        first, steps = [], []
        for jump in (175.0, 177.0, 179.0):
            driver.execute_script(
                "const s = document.getElementById('flood-level'); s.value = arguments[0];"
                " s.dispatchEvent(new Event('input', {bubbles: true}));", str(jump))
            wait(driver, 60).until(lambda d: abs(((screen(d)["flood"] or {}).get("level") or 0) - jump) < 0.01)
            first.append(screen(driver)["flood"]["ms"])
            time.sleep(3)  # the page fetches the levels either side meanwhile
            level = jump
            for key in (Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_LEFT, Keys.ARROW_LEFT, Keys.ARROW_LEFT):
                level = round(level + (0.1 if key == Keys.ARROW_RIGHT else -0.1), 1)
                started = time.monotonic()
                slider.send_keys(key)
                wait(driver, 60).until(lambda d: abs(((screen(d)["flood"] or {}).get("level") or 0) - level) < 0.01)
                steps.append((time.monotonic() - started) * 1000)
        print(f"flood slider: a new level (json + png from the hub) median {statistics.median(first):.0f} ms"
              f" ({', '.join(str(f) for f in first)}); arrow-key steps of 0.1 m after a pause median"
              f" {statistics.median(steps):.0f} ms (max {max(steps):.0f} ms, {len(steps)} steps, wall time incl. WebDriver)")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
