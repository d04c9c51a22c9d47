"""The one screen (一屏统看) in a real browser: overlay layers, the flood what-if slider, the live timeline fed by
the event stream, acting on a case from the map, a department operator's narrower view, big-screen mode,
screenshots at 1920 × 1080 and 1366 × 768, and an axe-core accessibility check.

Run against a hub with demo data:  CITYHUB_URL=http://127.0.0.1:8080 pytest tests/browser/test_one_screen.py
"""

import json
import time
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import casephotos

UI_TIMEOUT = 30
POLL = 0.1


def wait(driver, timeout=UI_TIMEOUT):
    return WebDriverWait(driver, timeout, poll_frequency=POLL)


def api(hub_url, path, token=None, body=None, raw=None, content_type=None):
    method = "POST" if body is not None or raw is not None else "GET"
    request = urllib.request.Request(hub_url + path, method=method)
    request.add_header("Accept", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    data = raw
    if body is not None:
        data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    elif raw is not None:
        request.add_header("Content-Type", content_type or "application/octet-stream")
    with urllib.request.urlopen(request, data=data, timeout=30) as response:
        return json.loads(response.read() or b"null")


def login(hub_url, name):
    return api(hub_url, "/api/v1/auth/login", body={"username": name, "password": f"{name}-demo-only"})["token"]


def point_in_street(hub_url, token, street="500103001"):
    """The centre of the street's first unit grid."""
    grids = api(hub_url, f"/api/v1/geo/grids?street={street}", token)["features"]
    ring = grids[0]["geometry"]["coordinates"][0]
    if grids[0]["geometry"]["type"] == "MultiPolygon":
        ring = ring[0]
    lon = round(sum(p[0] for p in ring[:-1]) / (len(ring) - 1), 6)
    lat = round(sum(p[1] for p in ring[:-1]) / (len(ring) - 1), 6)
    return lon, lat


def filed_case(hub_url):
    """A new case reported by the inspector, accepted and filed by the centre through the API: ready to dispatch."""
    inspector = login(hub_url, "inspector")
    dispatcher = login(hub_url, "dispatcher")
    lon, lat = point_in_street(hub_url, inspector)
    photo = api(hub_url, "/api/v1/photos", inspector, raw=casephotos.jpeg_with_exif(lon, lat), content_type="image/jpeg")
    record = api(hub_url, "/api/v1/reports", inspector, body={
        "category": "E0501", "location": {"lon": lon, "lat": lat}, "photos": [{"sha256": photo["sha256"]}],
        "description": "一屏统看测试：从地图派遣 / one-screen dispatch test"})
    record = api(hub_url, f"/api/v1/cases/{record['id']}/actions", dispatcher, body={"action": "accept", "version": record["version"]})
    record = api(hub_url, f"/api/v1/cases/{record['id']}/actions", dispatcher,
                 body={"action": "file", "version": record["version"], "category": "E0501"})
    assert record["state"] == "filed" and record.get("suggestedDepartment"), record
    return record


def open_screen(driver, hub_url, name, size=(1366, 768)):
    driver.set_window_size(*size)
    driver.get(hub_url + "/")
    wait(driver).until(EC.visibility_of_element_located((By.ID, "login-form")))
    driver.find_element(By.ID, "login-username").send_keys(name)
    driver.find_element(By.ID, "login-password").send_keys(f"{name}-demo-only")
    driver.find_element(By.ID, "login-submit").click()
    wait(driver).until(EC.visibility_of_element_located((By.ID, "dashboard-view")))
    wait(driver, 60).until(
        lambda d: d.execute_script("const s = window.cityhub && window.cityhub.screen; return Boolean(s && s.ready)"),
        message="the screen did not report ready",
    )


def screen(driver):
    return driver.execute_script(
        "const s = window.cityhub.screen; return {casesOnMap: s.casesOnMap, clusters: s.clusters, events: s.events,"
        " lastEventSeq: s.lastEventSeq, flood: s.flood, layers: s.layers, departments: s.departments,"
        " firstRenderMs: s.firstRenderMs}"
    )


def wait_stream_live(driver):
    wait(driver).until(lambda d: d.find_element(By.ID, "stream-state").get_attribute("data-state") == "live",
                       message="the live feed did not connect")


def test_layers_flood_slider_and_screenshots(driver, hub_url, screenshot_dir):
    open_screen(driver, hub_url, "dispatcher", (1920, 1080))
    state = screen(driver)
    assert state["casesOnMap"] > 0 and state["clusters"] > 0, state
    assert state["clusters"] <= state["casesOnMap"]
    # Toggle layers by keyboard: focus the checkbox and press space.
    for name in ("cameras", "monitoring", "caseGrids"):
        box = driver.find_element(By.ID, f"overlay-{name}")
        box.send_keys(Keys.SPACE)
        wait(driver).until(lambda d: screen(d)["layers"].get(name) is True)
    driver.find_element(By.ID, "overlay-caseGrids").send_keys(Keys.SPACE)
    wait(driver).until(lambda d: screen(d)["layers"].get("caseGrids") is False)
    # The keyboard's way to a case: the overdue list's buttons open the case's popup on the map.
    first = driver.find_element(By.CSS_SELECTOR, "#screen-overdue button[data-case]")
    first.send_keys(Keys.ENTER)
    wait(driver).until(lambda d: first.get_attribute("data-case") in d.find_element(By.CSS_SELECTOR, ".screen-popup").text)

    # The flood what-if: turn it on, then move the slider; the count and the place list follow the level.
    driver.find_element(By.ID, "overlay-flood").send_keys(Keys.SPACE)
    wait(driver).until(EC.visibility_of_element_located((By.ID, "flood-controls")))
    slider = driver.find_element(By.ID, "flood-level")

    def set_level(level):
        driver.execute_script(
            "const s = document.getElementById('flood-level'); s.value = arguments[0];"
            " s.dispatchEvent(new Event('input', {bubbles: true}));", str(level))
        wait(driver, 60).until(lambda d: (screen(d)["flood"] or {}).get("level") == pytest.approx(level, abs=0.01),
                               message=f"the flood overlay did not redraw at {level} m")
        return screen(driver)["flood"], [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#flood-places li")]

    low, low_places = set_level(171.0)
    high, high_places = set_level(178.0)
    assert high["places"] > low["places"], (low, high)
    assert len(high_places) > len(low_places)
    assert driver.find_element(By.ID, "flood-count").text == str(high["places"])
    assert "米" in driver.find_element(By.ID, "flood-status").text
    # Keyboard: an arrow key moves the slider one step.
    slider.send_keys(Keys.ARROW_LEFT)
    wait(driver, 60).until(lambda d: (screen(d)["flood"] or {}).get("level") == pytest.approx(177.9, abs=0.01))
    print(f"\nscreen: {state['casesOnMap']} open cases in {state['clusters']} clusters, first render {state['firstRenderMs']} ms;"
          f" flood redraw {screen(driver)['flood']['ms']} ms per step (drawn in the page from the first-flood grid)")
    driver.save_screenshot(str(screenshot_dir / "screen-1920x1080-zh.png"))
    driver.set_window_size(1366, 768)
    time.sleep(0.5)
    driver.save_screenshot(str(screenshot_dir / "screen-1366x768-zh.png"))
    driver.find_element(By.ID, "lang-en").click()
    wait(driver).until(lambda d: d.find_element(By.ID, "kpi-heading").text == "Cases today")
    driver.save_screenshot(str(screenshot_dir / "screen-1366x768-en.png"))
    # Big-screen mode hides the navigation and rotates the panels.
    driver.set_window_size(1920, 1080)
    driver.find_element(By.ID, "big-screen").click()
    assert driver.execute_script("return document.documentElement.classList.contains('big-screen')")
    assert not driver.find_element(By.ID, "main-nav").is_displayed()
    driver.save_screenshot(str(screenshot_dir / "screen-big-1920x1080-en.png"))


def test_live_event_reaches_the_timeline(driver, hub_url, tmp_path):
    open_screen(driver, hub_url, "dispatcher")
    wait_stream_live(driver)
    inspector = login(hub_url, "inspector")
    lon, lat = point_in_street(hub_url, inspector)
    photo = api(hub_url, "/api/v1/photos", inspector, raw=casephotos.jpeg_with_exif(lon, lat), content_type="image/jpeg")
    sent = time.monotonic()
    record = api(hub_url, "/api/v1/reports", inspector, body={
        "category": "E0501", "location": {"lon": lon, "lat": lat}, "photos": [{"sha256": photo["sha256"]}],
        "description": "一屏统看测试：实时动态 / one-screen live feed test"})
    item = wait(driver, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f"#screen-timeline li[data-kind='case.reported']"),
        message="the new report did not appear on the timeline")
    shown = time.monotonic()
    assert any(record["id"] in li.text for li in item)
    print(f"\nlive event on screen {round((shown - sent) * 1000)} ms after the report was answered (poll 0.1 s)")


def test_dispatcher_acts_on_a_case_from_the_map(driver, hub_url):
    dispatcher = login(hub_url, "dispatcher")
    case = filed_case(hub_url)
    open_screen(driver, hub_url, "dispatcher")
    assert driver.execute_script("return window.cityhub.screen.showCase(arguments[0])", case["id"])
    button = wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, ".screen-popup button[data-action='dispatch']")))
    button.click()
    wait(driver).until(lambda d: "已派遣" in d.find_element(By.CSS_SELECTOR, ".screen-popup .popup-message").text)
    after = api(hub_url, f"/api/v1/cases/{case['id']}", dispatcher)
    assert (after.get("case") or after)["state"] == "dispatched"


def test_department_operator_sees_only_their_departments_cases(driver, hub_url):
    operator = login(hub_url, "operator")
    mine = api(hub_url, "/api/v1/cases/map", operator)
    open_screen(driver, hub_url, "operator")
    state = screen(driver)
    assert state["casesOnMap"] == mine["count"]
    assert state["departments"] in ([], ["street-001"]), state["departments"]
    dispatcher = api(hub_url, "/api/v1/cases/map", login(hub_url, "dispatcher"))
    assert dispatcher["count"] > mine["count"]


def test_screen_has_no_serious_accessibility_violations(driver, hub_url):
    try:
        from axe_selenium_python import Axe
    except ImportError:
        pytest.fail("the accessibility check needs axe-selenium-python (pip install axe-selenium-python)", pytrace=False)
    open_screen(driver, hub_url, "dispatcher", (1920, 1080))
    axe = Axe(driver)
    axe.inject()
    # The map canvas and Leaflet's own controls are third-party drawing surfaces; everything else is checked.
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        " axe.run({exclude: [['.leaflet-pane'], ['.leaflet-control-container']]}).then(done);")
    serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    assert not serious, json.dumps([{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:5]]}
                                    for v in serious], ensure_ascii=False, indent=1)


def test_grid_clustering_bins_points_and_marks_overdue(driver, hub_url):
    driver.get(hub_url + "/")
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        " import('/assets/screen.js').then(({clusterPoints, CASE_COLOURS}) => {"
        "  const project = (lon, lat) => ({x: lon, y: lat});"
        "  const points = [{lon: 1, lat: 1, state: 'dispatched'}, {lon: 10, lat: 20, state: 'handling'},"
        "   {lon: 30, lat: 30, state: 'filed', overdue: true}, {lon: 100, lat: 5, state: 'filed'}, {lon: 130, lat: 5, state: 'fix_reported'}];"
        "  const clusters = clusterPoints(points, project, 56).map((c) => ({count: c.count, colour: c.colour, lon: c.lon}));"
        "  done({clusters, colours: CASE_COLOURS});"
        " }).catch((e) => done({error: String(e)}));")
    assert "error" not in result, result
    by_count = sorted(result["clusters"], key=lambda c: -c["count"])
    assert [c["count"] for c in by_count] == [3, 1, 1]
    colours = result["colours"]
    # The cell (0,0) holds an overdue case: red, whatever its other states.
    assert by_count[0]["colour"] == colours["overdue"]
    assert by_count[0]["lon"] == pytest.approx(41 / 3)
    assert {c["colour"] for c in by_count[1:]} == {colours["waiting"], colours["checking"]}
