"""The hub's first page in a real browser: sign-in, the district map, language and large-text switches.

Run against a hub with demo data:  CITYHUB_URL=http://127.0.0.1:8080 pytest tests/browser
"""

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

READY_TIMEOUT = 30
UI_TIMEOUT = 10
POLL = 0.2
TITLE_ZH = "CityHub 城市运行中枢"
TITLE_EN = "CityHub city operations hub"
CJK = re.compile(r"[\u4e00-\u9fff]")


def wait(driver, timeout=UI_TIMEOUT):
    return WebDriverWait(driver, timeout, poll_frequency=POLL)


def open_page(driver, hub_url):
    driver.get(hub_url + "/")
    wait(driver).until(EC.visibility_of_element_located((By.ID, "login-form")))
    wait(driver).until(lambda d: d.execute_script("return Boolean(window.cityhub)"))


def sign_in(driver, username, password):
    driver.find_element(By.ID, "login-username").send_keys(username)
    driver.find_element(By.ID, "login-password").send_keys(password)
    driver.find_element(By.ID, "login-submit").click()


def token(driver):
    return driver.execute_script("return sessionStorage.getItem('cityhub.token')")


def wait_for_map(driver):
    """Waits until the page reports the map drawn (or a map error), and fails with the page's own notice."""
    outcome = wait(driver, READY_TIMEOUT).until(
        lambda d: d.execute_script(
            "const h = window.cityhub; return h && (h.ready || h.error) ? {ready: h.ready, error: h.error} : null"
        ),
        message=f"window.cityhub.ready not true after {READY_TIMEOUT} s",
    )
    if not outcome["ready"]:
        notice = driver.find_element(By.ID, "map-notice").text
        raise AssertionError(f"the map was not drawn ({outcome['error']}): {notice}")


def sign_in_and_wait_for_map(driver, hub_url, credentials):
    open_page(driver, hub_url)
    sign_in(driver, credentials["username"], credentials["password"])
    wait(driver).until(EC.visibility_of_element_located((By.ID, "dashboard-view")))
    wait_for_map(driver)


def grid_feature_count(driver):
    """Counts /api/v1/geo/grids features, fetched in the page with the page's own token."""
    answer = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const token = sessionStorage.getItem('cityhub.token');
        fetch('/api/v1/geo/grids', {headers: {Authorization: 'Bearer ' + token, Accept: 'application/geo+json'}})
          .then(async (r) => done(r.ok ? {count: (await r.json()).features.length} : {error: 'HTTP ' + r.status}))
          .catch((e) => done({error: String(e)}));
        """
    )
    assert "error" not in answer, f"fetching the grids failed: {answer['error']}"
    return answer["count"]


def test_page_opens_in_chinese_with_a_labelled_login_form(driver, hub_url):
    open_page(driver, hub_url)

    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    assert driver.find_element(By.ID, "app-title").text == TITLE_ZH
    assert driver.find_element(By.CSS_SELECTOR, "label[for='login-username']").text == "用户名"
    assert driver.find_element(By.CSS_SELECTOR, "label[for='login-password']").text == "密码"
    assert driver.find_element(By.ID, "login-submit").text == "登录"
    assert driver.find_element(By.CSS_SELECTOR, "a.skip-link").get_attribute("href").endswith("#main")
    assert driver.execute_script("return window.cityhub.lang") == "zh-CN"


def test_signed_in_user_sees_every_grid_of_the_district(driver, hub_url, credentials, screenshot_dir):
    sign_in_and_wait_for_map(driver, hub_url, credentials)

    assert token(driver), "no token in sessionStorage after signing in"
    drawn = driver.execute_script("return window.cityhub.gridsDrawn")
    assert drawn >= 1500, f"only {drawn} grids drawn"
    assert drawn == grid_feature_count(driver)
    assert driver.find_element(By.ID, "map").get_attribute("data-grids-drawn") == str(drawn)
    assert driver.find_element(By.ID, "user-name").text, "the signed-in user is not shown"
    assert driver.find_element(By.ID, "status-line").text, "the status line is empty"

    blocked = [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]
    assert not blocked, "the page breaks the Content-Security-Policy:\n" + "\n".join(blocked)

    driver.save_screenshot(str(screenshot_dir / "first-page-zh.png"))


def test_english_switch_relabels_the_page(driver, hub_url, credentials, screenshot_dir):
    sign_in_and_wait_for_map(driver, hub_url, credentials)
    title = driver.find_element(By.ID, "app-title")
    assert title.text == TITLE_ZH

    driver.find_element(By.ID, "lang-en").click()

    wait(driver).until(lambda d: title.text == TITLE_EN)
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert driver.execute_script("return window.cityhub.lang") == "en"
    assert driver.execute_script("return localStorage.getItem('cityhub.lang')") == "en"
    assert driver.find_element(By.ID, "lang-en").get_attribute("aria-pressed") == "true"
    for element_id in ("logout", "status-line", "user-role", "legend-heading"):
        text = driver.find_element(By.ID, element_id).text
        assert text and not CJK.search(text), f"#{element_id} is not in English: {text!r}"

    driver.save_screenshot(str(screenshot_dir / "first-page-en.png"))


def test_wrong_password_shows_the_servers_problem_detail(driver, hub_url, credentials):
    open_page(driver, hub_url)

    sign_in(driver, credentials["username"], credentials["password"] + "-wrong")

    error = wait(driver).until(EC.visibility_of_element_located((By.ID, "login-error")))
    wait(driver).until(lambda d: error.text.strip())
    assert error.get_attribute("data-problem-code") == "INVALID_CREDENTIALS", (
        f"expected the server's problem+json code, page shows {error.text!r}"
    )
    assert token(driver) is None
    assert driver.find_element(By.ID, "login-form").is_displayed()
    assert not driver.find_element(By.ID, "dashboard-view").is_displayed()


def test_large_text_switch_enlarges_the_body_font(driver, hub_url):
    open_page(driver, hub_url)
    font_size = "return parseFloat(getComputedStyle(document.body).fontSize)"
    normal = driver.execute_script(font_size)

    driver.find_element(By.ID, "large-type").click()

    wait(driver).until(lambda d: d.execute_script(font_size) > normal)
    assert driver.find_element(By.ID, "large-type").get_attribute("aria-pressed") == "true"
    assert driver.execute_script("return localStorage.getItem('cityhub.largeType')") == "true"

    open_page(driver, hub_url)
    assert driver.execute_script(font_size) > normal, "large text was not remembered after reloading"
