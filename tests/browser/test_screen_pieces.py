"""The one screen's newer pieces in a real browser: the flood overlay drawn in the page from the first-flood grid,
the intersections layer with a police override, filing a report from the map, the operator / big-screen mode
switch, and the warnings layer from the warnings API.

Each test brings its own data through the API (a small site of its own for the intersections, its own warning),
so it does not depend on the demo's traffic or warnings.
Run against a hub with demo data:  CITYHUB_URL=http://127.0.0.1:8080 pytest tests/browser/test_screen_pieces.py
"""

import json
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

import casephotos
from test_one_screen import api, login, open_screen, point_in_street, screen, wait

BEIJING = timezone(timedelta(hours=8))


def set_level(driver, level):
    driver.execute_script(
        "const s = document.getElementById('flood-level'); s.value = arguments[0];"
        " s.dispatchEvent(new Event('input', {bubbles: true}));", str(level))
    wait(driver, 60).until(lambda d: (screen(d)["flood"] or {}).get("level") == pytest.approx(level, abs=0.001),
                           message=f"the flood overlay did not redraw at {level} m")
    return screen(driver)["flood"]


def painted_cells(driver):
    """Non-transparent pixels of the page's flood canvas (one pixel per terrain cell)."""
    return driver.execute_script(
        "const c = document.querySelector('canvas.flood-canvas'); if (!c) return -1;"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
        " for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n += 1; return n;")


def test_flood_overlay_is_drawn_in_the_page_and_counts_what_the_api_counts(driver, hub_url):
    viewer = login(hub_url, "dispatcher")
    open_screen(driver, hub_url, "dispatcher", (1920, 1080))
    driver.find_element(By.ID, "overlay-flood").send_keys(Keys.SPACE)
    wait(driver).until(EC.visibility_of_element_located((By.ID, "flood-controls")))
    wait(driver, 60).until(lambda d: (screen(d)["flood"] or {}).get("floodedCells") is not None,
                           message="the first-flood grid was not drawn")
    seen = {}
    for level in (171.0, 176.1, 176.8, 178.3):
        drawn = set_level(driver, level)
        answer = api(hub_url, f"/api/v1/flood/inundation?level={level:.2f}", viewer)
        assert drawn["floodedCells"] == answer["floodedCells"], (level, drawn, answer["floodedCells"])
        assert painted_cells(driver) == answer["floodedCells"]
        flooded_places = sorted(p["id"] for p in answer["places"] if p.get("floodedCells", 0) > 0)
        assert drawn["places"] == len(flooded_places), (level, drawn, len(flooded_places))
        assert driver.find_element(By.ID, "flood-count").text == str(len(flooded_places))
        seen[level] = answer["floodedCells"]
    assert seen[178.3] > seen[176.8] > seen[171.0]
    # Every step is drawn in the page: no request per level, a few milliseconds (the Done-when is 100 ms).
    times = []
    for step in range(12):
        times.append(set_level(driver, round(172.0 + step * 0.7, 1))["ms"])
    print(f"\nflood overlay drawn in the page: {sorted(times)} ms per step")
    assert max(times) < 1000


SITE_ID = "screen-test-x1"


def site_document(lon, lat):
    stage = {"minGreen": 5, "maxGreen": 60, "pedestrianMinGreen": 0, "maxWait": 120}
    return {
        "intersections": {"type": "FeatureCollection", "features": [{
            "type": "Feature", "id": SITE_ID, "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"name": "一屏测试路口"}}]},
        "sites": [{
            "id": SITE_ID, "signalCount": 2,
            "lanes": [{"id": "n_in", "approach": "north", "role": "incoming"}, {"id": "s_out", "approach": "south", "role": "outgoing"},
                      {"id": "e_in", "approach": "east", "role": "incoming"}, {"id": "w_out", "approach": "west", "role": "outgoing"}],
            "movements": [{"from": "n_in", "to": "s_out", "signal": 0}, {"from": "e_in", "to": "w_out", "signal": 1}],
            "stages": [{"name": "南北直行", "signals": "Gr", **stage}, {"name": "东西直行", "signals": "rG", **stage}],
            "interGreens": [{"from": 0, "to": 1, "yellow": 3, "allRed": 2}, {"from": 1, "to": 0, "yellow": 3, "allRed": 2}],
        }],
    }


def test_intersections_layer_shows_a_police_override_live(driver, hub_url):
    admin = login(hub_url, "admin")
    lon, lat = point_in_street(hub_url, admin)
    api(hub_url, "/api/v1/traffic/import?format=site", admin, raw=json.dumps(site_document(lon, lat)).encode(),
        content_type="application/json")
    for live in api(hub_url, f"/api/v1/traffic/overrides?intersection={SITE_ID}", admin)["items"]:
        api(hub_url, f"/api/v1/traffic/overrides/{live['id']}/cancel", admin, body={})
    open_screen(driver, hub_url, "dispatcher", (1920, 1080))
    box = driver.find_element(By.ID, "overlay-intersections")
    assert box.get_attribute("disabled") is None
    box.send_keys(Keys.SPACE)
    badge = lambda d: ((d.execute_script("return window.cityhub.screen.intersections") or {}).get("badges") or {}).get(SITE_ID)
    wait(driver).until(lambda d: badge(d) is not None, message="the intersection was not drawn")
    assert badge(driver)["kind"] in ("unknown", "offline"), badge(driver)
    marker = driver.find_element(By.CSS_SELECTOR, f"[data-intersection='{SITE_ID}']")
    assert "一屏测试路口" in marker.text and "无实时状态" in marker.text

    # A police hold set through the API shows on the screen (journal event → refresh), in words and with its frame.
    override = api(hub_url, f"/api/v1/traffic/intersections/{SITE_ID}/overrides", admin,
                   body={"kind": "hold", "stage": 1, "reason": "一屏测试：交警指挥", "minutes": 30})
    wait(driver, 10).until(lambda d: (badge(d) or {}).get("kind") == "override", message="the override did not show")
    marker = driver.find_element(By.CSS_SELECTOR, f"[data-intersection='{SITE_ID}']")
    assert "警" in marker.text and "锁定相位 2" in marker.text, marker.text
    assert "ix-override" in marker.get_attribute("class")
    marker.click()
    popup = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".screen-popup")))
    assert "一屏测试：交警指挥" in popup.text
    api(hub_url, f"/api/v1/traffic/overrides/{override['id']}/cancel", admin, body={})
    wait(driver, 10).until(lambda d: (badge(d) or {}).get("kind") != "override", message="the cancelled override stayed")
    # English labels.
    driver.find_element(By.ID, "lang-en").click()
    wait(driver).until(lambda d: "No live state" in d.find_element(By.CSS_SELECTOR, f"[data-intersection='{SITE_ID}']").text)


def test_dispatcher_files_a_report_from_the_map(driver, hub_url, tmp_path):
    dispatcher = login(hub_url, "dispatcher")
    lon, lat = point_in_street(hub_url, dispatcher)
    photo = tmp_path / "site.jpg"
    photo.write_bytes(casephotos.jpeg_with_exif(lon, lat))
    open_screen(driver, hub_url, "dispatcher", (1920, 1080))
    assert driver.execute_script("return window.cityhub.screen.fileHere({lon: arguments[0], lat: arguments[1]})", lon, lat)
    form = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".screen-file-form")))
    # The popup opens at the point and the map pans it into view (animated): its top, with the position, shows then.
    wait(driver).until(lambda d: f"{lon:.6f}" in form.text, message="the form's position did not come into view")
    # Without a category or photo the hub refuses, and its words are shown.
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver).until(lambda d: "sending" not in form.find_element(By.CSS_SELECTOR, ".popup-message").text
                       and form.find_element(By.CSS_SELECTOR, ".popup-message").text not in ("", "正在提交……"))
    assert form.get_attribute("data-case") is None
    from selenium.webdriver.support.ui import Select
    Select(form.find_element(By.CSS_SELECTOR, "select")).select_by_value("E0501")
    form.find_element(By.CSS_SELECTOR, "textarea").send_keys("一屏统看测试：地图上报 / filed from the screen")
    form.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(photo))
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver, 30).until(lambda d: form.get_attribute("data-case"), message="the report was not accepted")
    case_id = form.get_attribute("data-case")
    assert "已上报" in form.text and case_id in form.text
    record = api(hub_url, f"/api/v1/cases/{case_id}", dispatcher)
    record = record.get("case") or record
    assert record["state"] == "reported" and record["category"] == "E0501"
    # The new case reaches the map, and the dispatcher accepts it from its popup.
    wait(driver, 30).until(lambda d: d.execute_script("return window.cityhub.screen.showCase(arguments[0])", case_id))
    accept = wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, ".screen-popup button[data-action='accept']")))
    accept.click()
    wait(driver).until(lambda d: (api(hub_url, f"/api/v1/cases/{case_id}", dispatcher).get("case") or {}).get("state") != "reported")


def test_viewer_gets_no_filing_form(driver, hub_url):
    viewer = login(hub_url, "viewer")
    lon, lat = point_in_street(hub_url, viewer)
    open_screen(driver, hub_url, "viewer")
    assert driver.execute_script("return window.cityhub.screen.fileHere({lon: arguments[0], lat: arguments[1]})", lon, lat) is False
    assert not driver.find_elements(By.CSS_SELECTOR, ".screen-file-form")


def test_mode_switch_is_remembered_and_keyboard_usable(driver, hub_url):
    open_screen(driver, hub_url, "dispatcher", (1920, 1080))
    assert screen_mode(driver) == "operator"
    assert driver.find_element(By.ID, "mode-operator").get_attribute("aria-pressed") == "true"
    driver.find_element(By.ID, "big-screen").send_keys(Keys.ENTER)
    wait(driver).until(lambda d: screen_mode(d) == "big")
    assert driver.execute_script("return document.documentElement.classList.contains('big-screen')")
    # No actions on the wall: the filing form is not offered.
    assert driver.execute_script("return window.cityhub.screen.fileHere({lon: 106.58, lat: 29.56})") is False
    driver.refresh()
    wait(driver, 60).until(lambda d: d.execute_script("const s = window.cityhub && window.cityhub.screen; return Boolean(s && s.ready)"))
    assert screen_mode(driver) == "big", "the mode was not remembered"
    operator = driver.find_element(By.ID, "mode-operator")
    assert operator.is_displayed()
    operator.send_keys(Keys.SPACE)
    wait(driver).until(lambda d: screen_mode(d) == "operator")
    assert driver.find_element(By.ID, "big-screen").get_attribute("aria-pressed") == "false"
    assert driver.find_element(By.ID, "main-nav").is_displayed()


def screen_mode(driver):
    return driver.execute_script("return window.cityhub.screen.mode")


POLYGON = "29.5580,106.5700 29.5580,106.5900 29.5450,106.5900 29.5450,106.5700 29.5580,106.5700"


def test_warnings_layer_draws_the_issued_areas(driver, hub_url):
    dispatcher, admin = login(hub_url, "dispatcher"), login(hub_url, "admin")
    now = datetime.now(BEIJING).replace(microsecond=0)
    draft = {
        "event": "大风", "eventEn": "Gale", "categories": ["Met"], "urgency": "Expected", "colour": "yellow",
        "certainty": "Likely", "responseTypes": ["Prepare"],
        "zh": {"headline": "一屏测试大风黄色预警", "description": "测试用预警"},
        "en": {"headline": "Screen test gale warning", "description": "A warning for the screen test"},
        "areas": [{"description": "解放碑街道", "descriptionEn": "Jiefangbei", "polygons": [POLYGON],
                   "circles": ["29.5600,106.5800 1.5"]}],
        "effective": now.isoformat(), "expires": (now + timedelta(hours=2)).isoformat(),
    }
    warning = api(hub_url, "/api/v1/warnings", dispatcher, body=draft)["warning"]
    warning = api(hub_url, f"/api/v1/warnings/{warning['id']}/approve", admin, body={"version": warning["version"]})["warning"]
    warning = api(hub_url, f"/api/v1/warnings/{warning['id']}/issue", admin, body={"version": warning["version"]})["warning"]
    try:
        open_screen(driver, hub_url, "dispatcher", (1920, 1080))
        shapes = driver.execute_script("return window.cityhub.screen.warnings") or []
        mine = [s for s in shapes if s["id"] == warning["id"]]
        assert mine and mine[0]["polygons"] == 1 and mine[0]["circles"] == 1 and mine[0]["colour"] == "yellow", shapes
        item = driver.find_element(By.CSS_SELECTOR, f"#screen-warnings li[data-warning='{warning['id']}']")
        assert "黄色" in item.text and "一屏测试大风黄色预警" in item.text
    finally:
        try:
            api(hub_url, f"/api/v1/warnings/{warning['id']}/cancel", admin,
                body={"version": warning["version"], "reason": "测试结束 / test over"})
        except urllib.error.HTTPError:
            pass


def test_pure_helpers_of_the_new_layers(driver, hub_url):
    driver.get(hub_url + "/")
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        " Promise.all([import('/assets/intersections.js'), import('/assets/warnings.js'), import('/assets/floodgrid.js')])"
        ".then(([ix, w, f]) => {"
        "  const live = ix.intersectionBadge({id: 'a', link: 'online', live: {stage: 0, transition: false, mode: 'remote', controller: 'maxPressure'}});"
        "  const held = ix.intersectionBadge({id: 'b', link: 'online', override: {kind: 'allRed'}});"
        "  const shapes = w.warningShapes({warning: {id: 'w-1', content: {colour: 'red', zh: {headline: '甲'},"
        "    areas: [{description: 'x', polygons: ['1,2 1,3 2,3 1,2'], circles: ['5,6 2']}]}}});"
        "  const places = f.placesAt([{id: 'p', firstFlood: 176.1, lowestGround: 175.9}, {id: 'q', firstFlood: null}], 176.1);"
        "  const above = f.placesAt([{id: 'p', firstFlood: 176.1, lowestGround: 175.9}], 176.2);"
        "  done({live, held, shapes, places: places.length, above: above.map((p) => Math.round(p.maxDepth * 100))});"
        " }).catch((e) => done({error: String(e)}));")
    assert "error" not in result, result
    assert result["live"]["kind"] == "adaptive" and "相位 1" in result["live"]["label"]
    assert result["held"]["kind"] == "override" and "全红" in result["held"]["label"]
    assert result["shapes"]["polygons"] == [[[1, 2], [1, 3], [2, 3], [1, 2]]]
    assert result["shapes"]["circles"] == [{"lat": 5, "lon": 6, "radiusMetres": 2000}]
    assert result["places"] == 0, "a place whose first-flood level equals the level is still dry"
    assert result["above"] == [30]
