"""The public check page (/check) in a real browser, without signing in: a file a department notarised through
the API is hashed in the browser and proven with every check passed, and the file is never sent anywhere; a file
nobody notarised is "not found"; the page's own verifier (tlogverify.js, imported into the page) refuses a receipt
with one altered proof byte, an altered checkpoint and a receipt for another file, and checks witness cosignatures.

Run against a hub with demo data:  CITYHUB_URL=http://127.0.0.1:8080 pytest tests/browser
"""

import datetime
import hashlib
import json
import os
import re
import time
import urllib.parse
import urllib.request
import uuid

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

UI_TIMEOUT = 15
CHECK_TIMEOUT = 30
POLL = 0.2
CJK = re.compile(r"[\u4e00-\u9fff]")
BEIJING = datetime.timezone(datetime.timedelta(hours=8))
ESSENTIAL_CHECKS = ["hash", "found", "receipt", "signature", "inclusion", "entry"]

# Installed before any page script runs: records every request the page makes, so the test can show that the
# file's content never leaves the browser (only GETs without a body).
RECORD_REQUESTS = """
window.__requests = [];
const originalFetch = window.fetch;
window.fetch = function (input, init) {
  const request = input instanceof Request ? input : null;
  window.__requests.push({
    url: String(request ? request.url : input),
    method: String((init && init.method) || (request && request.method) || 'GET').toUpperCase(),
    body: Boolean((init && init.body) || (request && request.body)),
  });
  return originalFetch.apply(this, arguments);
};
const originalOpen = XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.open = function (method, url) {
  window.__requests.push({url: String(url), method: String(method).toUpperCase(), body: true});
  return originalOpen.apply(this, arguments);
};
navigator.sendBeacon = function (url) {
  window.__requests.push({url: String(url), method: 'BEACON', body: true});
  return false;
};
"""


def wait(driver, timeout=UI_TIMEOUT):
    return WebDriverWait(driver, timeout, poll_frequency=POLL)


# ---- the API, for notarising (as a department would) ----------------------------------------------------------


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


def write_file(folder, name, content):
    path = folder / name
    path.write_bytes(content)
    return path


@pytest.fixture(scope="module")
def notarised(hub_url, tmp_path_factory):
    """A generated document notarised by the demo street centre's operator, once the ledger holds it."""
    folder = tmp_path_factory.mktemp("notary")
    marker = uuid.uuid4().hex
    content = f"CityHub notarisation check {marker}\n".encode() + os.urandom(64 * 1024)
    path = write_file(folder, f"agreement-{marker[:8]}.pdf", content)
    sha256 = hashlib.sha256(content).hexdigest()
    token = api(hub_url, "/api/v1/auth/login", body={"username": "operator", "password": "operator-demo-only"})["token"]
    title = f"2026 年第 3 号拆迁补偿协议（测试 {marker[:6]}）"
    record = api(hub_url, "/api/v1/notary", token, {"sha256": sha256, "title": title, "metadata": {"kind": "agreement"}})
    assert record["sha256"] == sha256
    deadline = time.monotonic() + CHECK_TIMEOUT
    while not record["integrated"]:
        assert time.monotonic() < deadline, f"the notarisation of {sha256} was not integrated within {CHECK_TIMEOUT} s"
        time.sleep(0.2)
        record = api(hub_url, f"/api/v1/notary/{sha256}")
    return {"path": path, "sha256": sha256, "title": title, "record": record, "folder": folder}


# ---- the page -----------------------------------------------------------------------------------------------


def open_check_page(driver, hub_url, record_requests=False):
    if record_requests:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_REQUESTS})
    driver.get(hub_url + "/check")
    wait(driver).until(lambda d: d.execute_script("return Boolean(window.cityhubCheck)"))
    wait(driver).until(EC.visibility_of_element_located((By.ID, "drop-zone")))


def check_file(driver, path):
    """Gives the page a file as a person choosing it would, and waits for the outcome of that very file (its
    SHA-256 as worked out here), so the answer for an earlier file is never taken for it."""
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    driver.find_element(By.ID, "check-file").send_keys(str(path))
    try:
        return wait(driver, CHECK_TIMEOUT).until(
            lambda d: d.execute_script(
                """const h = window.cityhubCheck;
                   return h.state === 'done' && h.sha256 === arguments[0] ? {outcome: h.outcome, sha256: h.sha256} : null""",
                expected,
            )
        )
    except TimeoutException:
        seen = driver.execute_script("const h = window.cityhubCheck; return {state: h.state, outcome: h.outcome, sha256: h.sha256}")
        raise AssertionError(f"checking {path.name} (SHA-256 {expected}) did not finish within {CHECK_TIMEOUT} s; "
                             f"the page shows {seen}") from None


def check_statuses(driver):
    return {
        item.get_attribute("data-check"): item.get_attribute("data-status")
        for item in driver.find_elements(By.CSS_SELECTOR, "#check-list .check-item")
    }


def fact(driver, name):
    return driver.find_element(By.CSS_SELECTOR, f"#check-facts [data-fact='{name}'] dd").text


def digits(text):
    return re.sub(r"\D", "", text)


def save_whole_page(driver, path):
    """A screenshot tall enough for the whole page (the window is put back to its size afterwards)."""
    size = driver.get_window_size()
    height = driver.execute_script("return document.getElementById('main').scrollHeight + 80")
    driver.set_window_size(size["width"], max(size["height"], height))
    driver.execute_script("document.getElementById('main').scrollTop = 0")
    driver.save_screenshot(str(path))
    driver.set_window_size(size["width"], size["height"])


def csp_violations(driver):
    return [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]


def in_page(driver, body, *arguments):
    """Runs `body` as an async function in the page (`args` holds `arguments`; `return` gives the answer) and
    fails with the page's error if it throws. No eval: the page's Content-Security-Policy forbids it."""
    answer = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];\n"
        "const args = Array.from(arguments).slice(0, -1);\n"
        "(async () => {\n" + body + "\n})().then((value) => done({value}),\n"
        "  (error) => done({error: String((error && error.stack) || error)}));",
        *arguments,
    )
    assert "error" not in answer, f"the script failed in the page: {answer['error']}"
    return answer["value"]


# ---- the tests ----------------------------------------------------------------------------------------------


def test_a_notarised_file_is_proven_in_the_browser_and_another_is_not_found(driver, hub_url, notarised, screenshot_dir):
    open_check_page(driver, hub_url, record_requests=True)
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    assert "不会上传" in driver.find_element(By.ID, "check-privacy").text
    assert driver.find_element(By.ID, "home-link").get_attribute("href").rstrip("/") == hub_url

    answer = check_file(driver, notarised["path"])

    assert answer["sha256"] == notarised["sha256"]
    statuses = check_statuses(driver)
    assert answer["outcome"] == "proven", f"outcome {answer['outcome']}: {driver.find_element(By.ID, 'check-result').text}"
    assert driver.find_element(By.ID, "check-result").get_attribute("data-outcome") == "proven"
    assert {name: statuses.get(name) for name in ESSENTIAL_CHECKS} == {name: "passed" for name in ESSENTIAL_CHECKS}, statuses
    # The demo configures no witness: said so, and it does not hold the verdict back.
    assert statuses["witnesses"] == "none"
    assert "没有配置见证人" in driver.find_element(By.CSS_SELECTOR, "[data-check='witnesses']").text
    assert driver.find_element(By.ID, "check-verdict").text.endswith("已核验：此文件已在账本存证")

    record = notarised["record"]
    assert fact(driver, "sha256") == notarised["sha256"]
    assert fact(driver, "title") == notarised["title"]
    assert fact(driver, "department") == record["departmentName"] == "解放碑街道网格化管理中心"
    shown = datetime.datetime.strptime(fact(driver, "recordedAt"), "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)
    recorded = datetime.datetime.fromisoformat(record["recordedAt"].replace("Z", "+00:00"))
    assert abs((shown - recorded).total_seconds()) < 2, f"shown {shown}, recorded {recorded}"
    assert digits(fact(driver, "index")) == str(record["leafIndex"])
    assert int(digits(fact(driver, "checkpoint"))) > record["leafIndex"]
    assert fact(driver, "witnesses") == "本账本没有配置见证人"
    # The key the page verified with is shown (under "how does this page check?") for comparison.
    driver.find_element(By.CSS_SELECTOR, "#check-how summary").click()
    assert driver.find_element(By.ID, "check-key").text.startswith("cityhub.local/ledger+")
    driver.find_element(By.CSS_SELECTOR, "#check-how summary").click()
    assert driver.find_element(By.ID, "check-download").get_attribute("href").endswith(
        f"/api/v1/notary/{notarised['sha256']}/receipt"
    )
    save_whole_page(driver, screenshot_dir / "notary-check.png")

    # The file never left the browser: the page only asked, with GETs without a body, for the fingerprint's
    # record and receipt and for the ledger's key.
    requests = driver.execute_script("return window.__requests")
    assert requests, "the request recorder did not run"
    sha = notarised["sha256"]
    allowed = {f"/api/v1/notary/{sha}", f"/api/v1/notary/{sha}/receipt", "/ledger/key"}
    for request in requests:
        path = urllib.parse.urlsplit(urllib.parse.urljoin(hub_url + "/check", request["url"])).path
        assert request["method"] == "GET" and not request["body"] and path in allowed, request

    # In English, the verdict and every check say the same in English.
    driver.find_element(By.ID, "lang-en").click()
    verdict = driver.find_element(By.ID, "check-verdict")
    wait(driver).until(lambda d: "Verified" in verdict.text)
    for element in driver.find_elements(By.CSS_SELECTOR, "#check-verdict, #check-summary, #check-list .check-item"):
        assert element.text and not CJK.search(element.text), f"not in English: {element.text!r}"
    save_whole_page(driver, screenshot_dir / "notary-check-en.png")
    driver.find_element(By.ID, "lang-zh").click()

    # A file nobody notarised.
    other = write_file(notarised["folder"], "not-notarised.txt", os.urandom(2048))
    answer = check_file(driver, other)
    assert answer["outcome"] == "notFound"
    assert answer["sha256"] == hashlib.sha256(other.read_bytes()).hexdigest()
    assert driver.find_element(By.ID, "check-result").get_attribute("data-outcome") == "notFound"
    assert "未找到" in driver.find_element(By.ID, "check-verdict").text
    assert check_statuses(driver) == {"hash": "passed", "found": "failed"}
    assert not driver.find_element(By.ID, "check-download").is_displayed()
    assert not csp_violations(driver), csp_violations(driver)


# Installed before any page script runs: lets a test answer the page's look-ups itself (window.__answer returns
# a Response, throws for a network failure, or returns null to let the request through to the hub).
STUB_LOOKUPS = """
window.__answer = null;
window.__lookups = 0;
const realFetch = window.fetch;
window.fetch = async function (input, init) {
  const url = String(input instanceof Request ? input.url : input);
  if (/\\/api\\/v1\\/notary\\/[0-9a-f]{64}$/.test(url)) {
    window.__lookups += 1;
    const answer = window.__answer && await window.__answer(url, realFetch);
    if (answer) return answer;
  }
  return realFetch.apply(this, arguments);
};
"""


def test_network_trouble_and_a_record_not_yet_in_the_ledger_are_explained(driver, hub_url, notarised):
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": STUB_LOOKUPS})
    open_check_page(driver, hub_url)
    result = driver.find_element(By.ID, "check-result")

    driver.execute_script("window.__answer = () => { throw new TypeError('Failed to fetch'); }")
    assert check_file(driver, notarised["path"])["outcome"] == "error"
    assert "无法连接服务器" in driver.find_element(By.ID, "check-summary").text

    driver.execute_script("window.__answer = () => new Response('oops', {status: 503})")
    assert check_file(driver, notarised["path"])["outcome"] == "error"
    assert "服务器出错了（HTTP 503）" in driver.find_element(By.ID, "check-summary").text

    driver.execute_script("window.__answer = () => new Response('<html>proxy</html>', {status: 200})")
    assert check_file(driver, notarised["path"])["outcome"] == "error"
    assert "无法识别" in driver.find_element(By.ID, "check-summary").text

    # Recorded, not yet in a signed checkpoint: said so, then looked up again until it is proven.
    driver.execute_script("""
        window.__answer = async (url, realFetch) => {
          if (window.__lookups > 1) return null;
          const record = await (await realFetch(url)).json();
          return new Response(JSON.stringify({...record, integrated: false}), {status: 200,
                              headers: {'Content-Type': 'application/json'}});
        };
        window.__lookups = 0;
    """)
    driver.find_element(By.ID, "check-file").send_keys(str(notarised["path"]))
    wait(driver).until(lambda d: result.get_attribute("data-outcome") == "pending")
    assert "尚未写入账本" in driver.find_element(By.ID, "check-verdict").text
    assert check_statuses(driver) == {"hash": "passed", "found": "unchecked"}
    wait(driver, CHECK_TIMEOUT).until(lambda d: d.execute_script("return window.cityhubCheck.state") == "done")
    assert result.get_attribute("data-outcome") == "proven"
    assert driver.execute_script("return window.__lookups") == 2


def test_the_page_works_by_keyboard_and_in_large_type(driver, hub_url, notarised):
    open_check_page(driver, hub_url)
    font_size = "return parseFloat(getComputedStyle(document.body).fontSize)"
    normal = driver.execute_script(font_size)

    # Keyboard only: Tab reaches the file button (past the skip link, the language and large-type switches and
    # the sign-in link), with a visible focus ring.
    for _ in range(12):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if driver.switch_to.active_element.get_attribute("id") == "check-pick":
            break
    pick = driver.switch_to.active_element
    assert pick.get_attribute("id") == "check-pick", "Tab never reached the file button"
    assert driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", pick) != "none"
    assert driver.execute_script("return getComputedStyle(arguments[0]).outlineWidth", pick) != "0px"

    driver.find_element(By.ID, "large-type").click()
    wait(driver).until(lambda d: d.execute_script(font_size) > normal)
    assert driver.execute_script("return localStorage.getItem('cityhub.largeType')") == "true"

    # After a check, focus moves to the result so a screen reader reads the verdict next.
    check_file(driver, notarised["path"])
    assert driver.switch_to.active_element.get_attribute("id") == "check-result"


def test_large_files_are_hashed_in_pieces_with_the_same_result(driver, hub_url, notarised):
    open_check_page(driver, hub_url)
    # Everything above 1 KiB goes through the page's own SHA-256, 4 MiB at a time.
    driver.execute_script("window.cityhubCheck.webCryptoLimit = 1024")
    big = write_file(notarised["folder"], "large.bin", os.urandom(9 * 1024 * 1024 + 123))
    answer = check_file(driver, big)
    assert answer["sha256"] == hashlib.sha256(big.read_bytes()).hexdigest()
    assert answer["outcome"] == "notFound"

    answer = check_file(driver, notarised["path"])
    assert answer == {"outcome": "proven", "sha256": notarised["sha256"]}

    # The same SHA-256 as WebCrypto's, fed in uneven pieces, at the sizes where padding changes.
    mismatches = in_page(driver, """
        const { Sha256, toHex } = await import('/assets/sha256.js');
        const bad = [];
        for (const size of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 65536 + 7]) {
          const data = Uint8Array.from({ length: size }, (_, i) => (i * 2654435761) >>> 24);
          const want = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', data)));
          const hash = new Sha256();
          for (let offset = 0; offset < size; offset += 37) hash.update(data.subarray(offset, offset + 37));
          if (toHex(hash.digest()) !== want) bad.push(size);
        }
        return bad;
    """)
    assert mismatches == []


def test_the_verifier_refuses_altered_receipts_and_checks_witnesses(driver, hub_url, notarised):
    open_check_page(driver, hub_url)
    results = in_page(driver, """
        const v = await import('/assets/tlogverify.js');
        const sha256 = args[0];
        const receipt = await (await fetch(`/api/v1/notary/${sha256}/receipt`)).text();
        const keys = await (await fetch('/ledger/key')).json();
        const verify = (text, options = {}) => v.verifyReceipt({ receipt: text, sha256, logKey: keys.key,
                                                                witnessKeys: [], ...options });
        const summary = (r) => ({ outcome: r.outcome, ...Object.fromEntries(
          Object.entries(r.checks).map(([name, check]) => [name, check.status + (check.code ? ':' + check.code : '')])) });
        const b64 = (bytes) => btoa(String.fromCharCode(...bytes));
        const lines = receipt.split('\\n');
        const out = { intact: summary(await verify(receipt)) };

        // One byte of the first proof hash flipped.
        const proofLine = lines.findIndex((line, i) => i > 0 && /^[A-Za-z0-9+/]{43}=$/.test(line));
        if (proofLine < 0) throw new Error('the receipt has no proof lines: ' + receipt);
        const flipped = v.fromBase64(lines[proofLine]);
        flipped[0] ^= 0x01;
        out.proofByte = summary(await verify([...lines.slice(0, proofLine), b64(flipped), ...lines.slice(proofLine + 1)].join('\\n')));

        // The entry changed (another title), the checkpoint's size changed, or the file is another one.
        const extraLine = lines.findIndex((line) => line.startsWith('extra '));
        const entry = new TextDecoder().decode(v.fromBase64(lines[extraLine].slice(6))).replace('"title":"', '"title":"X');
        out.entry = summary(await verify(lines.map((line, i) => i === extraLine
          ? 'extra ' + b64(new TextEncoder().encode(entry)) : line).join('\\n')));
        const blank = lines.indexOf('');
        out.checkpoint = summary(await verify(lines.map((line, i) => i === blank + 2 ? String(Number(line) + 1) : line).join('\\n')));
        out.otherFile = summary(await v.verifyReceipt({ receipt, sha256: 'ab'.repeat(32), logKey: keys.key }));
        out.garbage = summary(await verify('not a receipt'));
        out.noKey = summary(await verify(receipt, { logKey: null }));
        // A browser without Ed25519 in WebCrypto: the signature is "not checked", never "passed".
        const noEd25519 = { ...v.webCrypto, ed25519Verify: async () => { throw new v.UnsupportedError('no Ed25519'); } };
        out.noEd25519 = summary(await verify(receipt, { crypto: noEd25519 }));

        // A witness cosigns the checkpoint (cosignature/v1, made here with WebCrypto's Ed25519).
        const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
        const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
        const name = 'witness.test.example/w1';
        const idBytes = new Uint8Array(await crypto.subtle.digest('SHA-256',
          new Uint8Array([...new TextEncoder().encode(name), 0x0a, 0x04, ...publicKey]))).slice(0, 4);
        const id = Array.from(idBytes, (b) => b.toString(16).padStart(2, '0')).join('');
        const witnessKey = `${name}+${id}+${b64([0x04, ...publicKey])}`;
        const note = receipt.slice(receipt.indexOf('\\n\\n') + 2);
        const text = note.slice(0, note.lastIndexOf('\\n\\n') + 1);
        const time = 1764000000;
        const message = new TextEncoder().encode(`cosignature/v1\\ntime ${time}\\n` + text);
        const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, message));
        const stamp = new Uint8Array(8);
        new DataView(stamp.buffer).setBigUint64(0, BigInt(time));
        const cosigned = receipt + `— ${name} ${b64([...idBytes, ...stamp, ...signature])}\\n`;
        const withWitness = await verify(cosigned, { witnessKeys: [witnessKey] });
        out.witness = { ...summary(withWitness), witnesses: withWitness.witnesses.map((w) => `${w.name}:${w.status}:${w.timestamp}`) };
        signature[5] ^= 0x80;
        const forged = receipt + `— ${name} ${b64([...idBytes, ...stamp, ...signature])}\\n`;
        out.forgedWitness = summary(await verify(forged, { witnessKeys: [witnessKey] }));
        out.notYetCosigned = summary(await verify(receipt, { witnessKeys: [witnessKey] }));
        return out;
    """, notarised["sha256"])

    passed = {name: "passed" for name in ["receipt", "signature", "inclusion", "entry"]}
    assert results["intact"] == {"outcome": "proven", **passed, "witnesses": "none:NO_WITNESSES"}
    assert results["proofByte"] == {"outcome": "failed", **passed, "inclusion": "failed:ROOT_MISMATCH",
                                    "witnesses": "none:NO_WITNESSES"}
    assert results["entry"]["outcome"] == "failed" and results["entry"]["inclusion"] == "failed:ROOT_MISMATCH"
    assert results["checkpoint"]["outcome"] == "failed" and results["checkpoint"]["signature"] == "failed:BAD_SIGNATURE"
    assert results["otherFile"]["outcome"] == "failed" and results["otherFile"]["entry"] == "failed:OTHER_DOCUMENT"
    assert results["garbage"]["outcome"] == "failed" and results["garbage"]["receipt"] == "failed:BAD_PROOF"
    assert results["noKey"] == {"outcome": "partial", **passed, "signature": "unchecked:NO_KEY", "witnesses": "none:NO_WITNESSES"}
    assert results["noEd25519"] == {"outcome": "partial", **passed, "signature": "unchecked:ED25519_UNSUPPORTED",
                                    "witnesses": "none:NO_WITNESSES"}
    assert results["witness"]["outcome"] == "proven" and results["witness"]["witnesses"] == [
        "witness.test.example/w1:passed:1764000000"
    ]
    assert results["forgedWitness"]["outcome"] == "failed"
    assert results["forgedWitness"]["witnesses"] == "failed:BAD_COSIGNATURE"
    assert results["notYetCosigned"]["outcome"] == "proven"
    assert results["notYetCosigned"]["witnesses"] == "none:NOT_YET_COSIGNED"


def test_the_check_page_is_linked_from_the_sign_in_form_and_the_navigation(driver, hub_url, demo_credentials):
    driver.get(hub_url + "/")
    link = wait(driver).until(EC.visibility_of_element_located((By.ID, "login-check-link")))
    assert link.get_attribute("href") == hub_url + "/check"
    nav = driver.find_element(By.ID, "nav-check")
    assert nav.get_attribute("href") == hub_url + "/check"
    link.click()
    wait(driver).until(EC.visibility_of_element_located((By.ID, "drop-zone")))
    assert driver.title.startswith("核验文件存证")
