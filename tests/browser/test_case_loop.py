"""The case loop (智慧城管) in a real browser, as the worked example runs it: an inspector reports a sidewalk
vendor with a photo, the command centre accepts, files and dispatches it to the street that owns the grid, the
street takes it on and reports the fix with a photo from the same place, the centre verifies and closes it.

Each person signs in in a fresh browser. The hub's demo data is shared by every run, so the test creates its own
case and finds it by its number. Needs Pillow for the EXIF photos (pip install pillow).

Run against a hub with demo data:  CITYHUB_URL=http://127.0.0.1:8080 pytest tests/browser
"""

import datetime
import json
import random
import urllib.parse
import urllib.request

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

import casephotos

UI_TIMEOUT = 15
ACTION_TIMEOUT = 30
POLL = 0.2
STREET = "500103001"            # 解放碑街道: its grids belong to street-001, the demo `operator`'s department
STREET_DEPARTMENT = "street-001"
CATEGORY = "E0501"              # 占道经营, handled by the street centre of the grid
LOOP_KINDS = [
    "case.reported", "case.accepted", "case.filed", "case.dispatched", "case.handling_started",
    "case.fix_reported", "case.verified", "case.closed",
]
LOOP_KIND_TEXT = ["上报", "受理", "立案", "派遣", "签收，开始处置", "上报处置结果", "核查通过", "结案"]


def wait(driver, timeout=UI_TIMEOUT):
    return WebDriverWait(driver, timeout, poll_frequency=POLL)


# ---- the API, for looking things up (never for moving the case) ---------------------------------------------


def api(hub_url, path, token=None, body=None):
    request = urllib.request.Request(hub_url + path, method="POST" if body is not None else "GET")
    request.add_header("Accept", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, data=data, timeout=15) as response:
        return json.loads(response.read() or b"null")


def api_token(hub_url, credentials):
    return api(hub_url, "/api/v1/auth/login", body=credentials)["token"]


def point_in_street(hub_url, token):
    """The centre of a randomly chosen unit grid of STREET, checked with /geo/locate (random: fewer duplicates)."""
    grids = api(hub_url, f"/api/v1/geo/grids?street={STREET}", token)["features"]
    assert grids, f"the demo district has no grids in street {STREET}"
    for feature in random.sample(grids, min(10, len(grids))):
        ring = feature["geometry"]["coordinates"][0]
        if feature["geometry"]["type"] == "MultiPolygon":
            ring = ring[0]
        lon = round(sum(p[0] for p in ring[:-1]) / (len(ring) - 1), 6)
        lat = round(sum(p[1] for p in ring[:-1]) / (len(ring) - 1), 6)
        located = api(hub_url, f"/api/v1/geo/locate?lon={lon}&lat={lat}", token)
        if located.get("street") == STREET:
            return lon, lat, located["grid"]
    pytest.fail(f"no grid centre of street {STREET} locates back to it")


# ---- the page -----------------------------------------------------------------------------------------------


def sign_in(driver, hub_url, credentials):
    driver.get(hub_url + "/")
    wait(driver).until(EC.visibility_of_element_located((By.ID, "login-form")))
    driver.find_element(By.ID, "login-username").send_keys(credentials["username"])
    driver.find_element(By.ID, "login-password").send_keys(credentials["password"])
    driver.find_element(By.ID, "login-submit").click()
    wait(driver).until(EC.visibility_of_element_located((By.ID, "main-nav")))


def open_inbox(driver, box):
    """Cases in the navigation, then the role's inbox `box`; waits for its first page."""
    driver.find_element(By.ID, "nav-cases").click()
    wait(driver).until(EC.visibility_of_element_located((By.ID, "cases-view")))
    button = wait(driver).until(EC.presence_of_element_located((By.ID, f"box-{box}")))
    if button.get_attribute("aria-pressed") != "true":
        button.click()
    wait(driver).until(lambda d: d.find_element(By.ID, "case-table").get_attribute("data-box") == box)
    wait_for_list(driver)


def wait_for_list(driver):
    wait(driver).until(lambda d: d.find_element(By.ID, "case-table").get_attribute("data-loading") == "false")
    error = driver.find_element(By.ID, "cases-error")
    assert not error.is_displayed(), f"the inbox could not be loaded: {error.text}"


def open_case_from_inbox(driver, case_id):
    """Searches the open inbox for `case_id` and follows its row's link to the case page."""
    search = driver.find_element(By.ID, "filter-q")
    search.clear()
    search.send_keys(case_id)
    driver.find_element(By.ID, "filter-apply").click()
    row = f"#case-rows tr[data-case-id='{case_id}']"
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, row)))
    wait_for_list(driver)
    driver.find_element(By.CSS_SELECTOR, f"{row} a.case-link").click()
    wait_for_case(driver, case_id)


def wait_for_case(driver, case_id):
    view = wait(driver).until(EC.visibility_of_element_located((By.ID, "case-view")))
    wait(driver).until(
        lambda d: view.get_attribute("data-case-id") == case_id
        and view.get_attribute("data-loading") == "false"
        and view.get_attribute("data-version"),
        message=f"case {case_id} did not load",
    )
    error = driver.find_element(By.ID, "case-error")
    assert not error.is_displayed(), f"case {case_id}: {error.text}"
    return view


def case_state(driver):
    return driver.find_element(By.ID, "case-view").get_attribute("data-state")


def act(driver, action, fill=None):
    """Fills the action's form with `fill(form)`, submits it and waits for the reloaded case (new version)."""
    form = wait(driver).until(
        EC.presence_of_element_located((By.ID, f"action-{action}")),
        message=f"the page offers no {action!r}; it offers: "
        + str(driver.find_element(By.ID, "case-actions").get_attribute("data-actions")),
    )
    view = driver.find_element(By.ID, "case-view")
    version = int(view.get_attribute("data-version"))
    if fill:
        fill(form)
    driver.find_element(By.ID, f"action-{action}-submit").click()

    def settled(d):
        # Read in one script: the forms are rebuilt when the case reloads, so element references go stale.
        now = d.execute_script(
            """const view = document.getElementById('case-view');
               const problem = document.getElementById(arguments[0]);
               return {version: Number(view.dataset.version || 0), loading: view.dataset.loading,
                       problem: problem && !problem.hidden ? problem.innerText : null};""",
            f"action-{action}-error",
        )
        if now["problem"]:
            return now
        return now if now["version"] > version and now["loading"] == "false" else None

    outcome = wait(driver, ACTION_TIMEOUT).until(settled, message=f"{action!r} did not finish")
    if outcome["problem"]:
        raise AssertionError(f"{action!r} was refused: {outcome['problem']}")


def expect_problem(driver, action, code):
    """Submits the action as it is and returns its problem box once it shows `code`."""
    driver.find_element(By.ID, f"action-{action}-submit").click()
    box = wait(driver).until(EC.visibility_of_element_located((By.ID, f"action-{action}-error")))
    wait(driver).until(lambda d: box.get_attribute("data-problem-code"))
    assert box.get_attribute("data-problem-code") == code, box.text
    return box


def type_into(element, text):
    element.clear()
    element.send_keys(text)


def choose_category(driver, select_id, code):
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, f"#{select_id} option[value='{code}']")))
    Select(driver.find_element(By.ID, select_id)).select_by_value(code)


def open_report_form(driver):
    driver.find_element(By.ID, "nav-report").click()
    wait(driver).until(EC.visibility_of_element_located((By.ID, "report-form")))
    choose_category(driver, "report-category", CATEGORY)


def csp_violations(driver):
    return [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]


# ---- the tests ----------------------------------------------------------------------------------------------


def test_case_loop_from_report_to_close(new_browser, hub_url, demo_credentials, tmp_path, screenshot_dir):
    lookup = api_token(hub_url, demo_credentials("inspector"))
    lon, lat, grid = point_in_street(hub_url, lookup)
    before = casephotos.write_jpeg(tmp_path / "before.jpg", lon, lat, label="before: vendor on the sidewalk")

    # 10:00 — the inspector reports the sidewalk vendor with a photo.
    inspector = new_browser()
    sign_in(inspector, hub_url, demo_credentials("inspector"))
    open_report_form(inspector)
    inspector.find_element(By.ID, "report-photos").send_keys(before)
    wait(inspector, ACTION_TIMEOUT).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#report-photo-list li[data-status='done'], #report-photo-list li[data-status='failed']"),
        message="the photo upload did not finish",
    )
    upload = inspector.find_element(By.CSS_SELECTOR, "#report-photo-list li")
    assert upload.get_attribute("data-status") == "done", f"the photo upload failed: {upload.text}"
    # The photo's GPS fills the location; the test then types the exact point.
    wait(inspector).until(lambda d: d.find_element(By.ID, "report-lon").get_attribute("value"))
    assert abs(float(inspector.find_element(By.ID, "report-lon").get_attribute("value")) - lon) < 1e-4
    type_into(inspector.find_element(By.ID, "report-lon"), str(lon))
    type_into(inspector.find_element(By.ID, "report-lat"), str(lat))
    inspector.find_element(By.ID, "report-address").click()  # leaves the field: the grid is looked up
    wait(inspector).until(lambda d: d.find_element(By.ID, "report-grid").get_attribute("data-grid") == grid)
    type_into(inspector.find_element(By.ID, "report-address"), "解放碑步行街人行道")
    type_into(inspector.find_element(By.ID, "report-description"), "流动摊贩占用人行道经营，影响行人通行")
    inspector.execute_script("document.getElementById('report-view').scrollTop = 0")
    inspector.save_screenshot(str(screenshot_dir / "case-report-form-zh.png"))
    inspector.find_element(By.ID, "report-submit").click()
    view = wait(inspector, ACTION_TIMEOUT).until(EC.visibility_of_element_located((By.ID, "case-view")))
    wait(inspector).until(lambda d: view.get_attribute("data-case-id") and view.get_attribute("data-loading") == "false")
    case_id = view.get_attribute("data-case-id")
    assert case_id in inspector.find_element(By.ID, "case-status").text, "no '上报成功' notice with the case number"
    assert case_state(inspector) == "reported"
    assert inspector.find_element(By.ID, "case-state").text == "待受理"
    assert not csp_violations(inspector), csp_violations(inspector)
    inspector.quit()

    # The centre accepts, files and dispatches to the street that owns the grid.
    dispatcher = new_browser()
    sign_in(dispatcher, hub_url, demo_credentials("dispatcher"))
    open_inbox(dispatcher, "dispatcher")
    assert dispatcher.find_element(By.ID, "box-dispatcher").text == "调度台"
    assert dispatcher.find_element(By.ID, "box-review").text == "待审核"
    dispatcher.save_screenshot(str(screenshot_dir / "case-inbox-zh.png"))
    open_case_from_inbox(dispatcher, case_id)
    act(dispatcher, "accept")
    assert case_state(dispatcher) == "accepted"
    act(dispatcher, "file", lambda form: choose_category(dispatcher, "action-file-category", CATEGORY))
    assert case_state(dispatcher) == "filed"
    assert "解放碑" in dispatcher.find_element(By.ID, "case-suggested").text
    department = Select(dispatcher.find_element(By.ID, "action-dispatch-department"))
    assert department.first_selected_option.get_attribute("value") == STREET_DEPARTMENT, "the suggested department is not preselected"
    # Another department needs a reason: the label says so, and the server's refusal is shown next to the form.
    department.select_by_value("drainage")
    assert "必填" in dispatcher.find_element(By.CSS_SELECTOR, "label[for='action-dispatch-reason']").text
    problem = expect_problem(dispatcher, "dispatch", "DISPATCH_OVERRIDE_REQUIRED")
    assert problem.text.strip()
    department.select_by_value(STREET_DEPARTMENT)
    assert "必填" not in dispatcher.find_element(By.CSS_SELECTOR, "label[for='action-dispatch-reason']").text
    act(dispatcher, "dispatch")
    assert case_state(dispatcher) == "dispatched"
    assert "解放碑" in dispatcher.find_element(By.ID, "case-department").text
    dispatcher.quit()

    # The street's grid centre takes it on and reports the fix with a photo from the same place.
    operator = new_browser()
    sign_in(operator, hub_url, demo_credentials("operator"))
    # The dispatch is a notice for the street's centre: the header counts it, and the notice opens the case.
    count = wait(operator).until(lambda d: d.find_element(By.ID, "notices-count").is_displayed()
                                 and d.find_element(By.ID, "notices-count"))
    assert int(count.text.rstrip("+")) >= 1
    operator.find_element(By.ID, "notices-button").click()

    # The list is drawn again when its panel opens (and on every poll), so a link found a moment ago may be gone:
    # find, read and click it in one step, again until that step sees a link that stays.
    def open_dispatch_notice(d):
        try:
            notice = d.find_element(By.CSS_SELECTOR, f"#notices-list a[href='#/cases/{case_id}']")
            assert "派遣" in notice.text
            notice.click()
            return True
        except StaleElementReferenceException:
            return False
    wait(operator).until(open_dispatch_notice)
    wait_for_case(operator, case_id)
    assert operator.find_element(By.ID, "notices-panel").get_attribute("hidden") is not None
    open_inbox(operator, "department")
    assert operator.find_element(By.ID, "cases-heading").text == "本部门案件"
    open_case_from_inbox(operator, case_id)
    act(operator, "start")
    assert case_state(operator) == "handling"
    token = api_token(hub_url, demo_credentials("operator"))
    dispatched_at = datetime.datetime.fromisoformat(
        api(hub_url, f"/api/v1/cases/{case_id}", token)["case"]["dispatchedAt"].replace("Z", "+00:00"))
    # EXIF keeps whole seconds: the after-photo is stamped no earlier than the second after dispatch.
    taken = max(datetime.datetime.now(casephotos.BEIJING), dispatched_at + datetime.timedelta(seconds=1))
    after = casephotos.write_jpeg(tmp_path / "after.jpg", lon + 0.00005, lat, taken, colour=(70, 150, 90),
                                  label="after: sidewalk clear")

    def report_fix(form):
        operator.find_element(By.ID, "action-report_fixed-photo").send_keys(after)
        wait(operator).until(EC.visibility_of_element_located((By.ID, "action-report_fixed-preview")))
        type_into(operator.find_element(By.ID, "action-report_fixed-note"), "摊贩已劝离，人行道恢复通行")

    act(operator, "report_fixed", report_fix)
    assert case_state(operator) == "fix_reported"
    operator.quit()

    # The centre verifies on the photos and closes.
    closer = new_browser()
    sign_in(closer, hub_url, demo_credentials("dispatcher"))
    open_inbox(closer, "dispatcher")
    open_case_from_inbox(closer, case_id)

    def passed(form):
        closer.find_element(By.ID, "action-verify-passed").click()
        type_into(closer.find_element(By.ID, "action-verify-note"), "现场已恢复，与整改照片一致")

    act(closer, "verify", passed)
    assert case_state(closer) == "verified"
    act(closer, "close", lambda form: type_into(closer.find_element(By.ID, "action-close-note"), "结案"))

    assert case_state(closer) == "closed"
    assert closer.find_element(By.ID, "case-state").text == "已结案"
    kinds = [item.get_attribute("data-kind") for item in closer.find_elements(By.CSS_SELECTOR, "#case-timeline li[data-kind]")]
    assert [kind for kind in kinds if kind in LOOP_KINDS] == LOOP_KINDS, kinds
    texts = [item.text for item in closer.find_elements(By.CSS_SELECTOR, "#case-timeline .timeline-kind")]
    for text in LOOP_KIND_TEXT:
        assert text in texts, f"the timeline does not show {text!r}: {texts}"
    for purpose in ("report", "fix"):
        image = wait(closer).until(
            EC.presence_of_element_located((By.CSS_SELECTOR, f"#photos-{purpose} img[data-loaded='true']")),
            message=f"the {purpose} photo is not displayed",
        )
        assert closer.execute_script("return arguments[0].naturalWidth", image) == 640
        assert image.get_attribute("src").startswith("blob:")
    assert not csp_violations(closer), csp_violations(closer)

    closer.execute_script("document.getElementById('case-view').scrollTop = 0")
    closer.save_screenshot(str(screenshot_dir / "case-page-zh.png"))
    closer.execute_script("document.getElementById('case-photos').scrollIntoView()")
    closer.save_screenshot(str(screenshot_dir / "case-page-photos-zh.png"))


def test_report_without_photo_shows_the_servers_missing_fields(driver, hub_url, demo_credentials):
    lon, lat, _ = point_in_street(hub_url, api_token(hub_url, demo_credentials("inspector")))
    sign_in(driver, hub_url, demo_credentials("inspector"))
    open_report_form(driver)
    type_into(driver.find_element(By.ID, "report-lon"), str(lon))
    type_into(driver.find_element(By.ID, "report-lat"), str(lat))
    type_into(driver.find_element(By.ID, "report-description"), "没有照片的上报")

    driver.find_element(By.ID, "report-submit").click()

    box = wait(driver).until(EC.visibility_of_element_located((By.ID, "report-error")))
    wait(driver).until(lambda d: box.get_attribute("data-problem-code"))
    assert box.get_attribute("data-problem-code") == "MISSING_FIELDS", box.text
    fields = [item.get_attribute("data-field") for item in box.find_elements(By.CSS_SELECTOR, "li[data-field]")]
    assert fields == ["photos"], f"the page lists {fields}: {box.text}"
    detail = box.find_element(By.CSS_SELECTOR, ".server-detail").text
    assert "photos" in detail and "缺少" in detail, f"not the server's zh detail: {detail!r}"
    assert driver.find_element(By.ID, "report-form").is_displayed(), "the form must stay for the user to add a photo"
    assert driver.execute_script("return window.cityhub.view") == "report"
