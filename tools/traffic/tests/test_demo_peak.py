"""The demo's morning peak (demo_peak.py): the net built from a site model has the model's traffic-light ids,
links, stages and inter-greens; the peak demand is heavier inbound; a short peak runs through the bridge against
the fake hub; and, when the cityhub binary is built, against the real demo hub (its own seeded intersections,
checked against the net, a signal_gateway key made over the API, every light under the hub's control)."""
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

import demo_peak
from fake_hub import FakeHub
from signals import load_junctions

ROOT = Path(__file__).resolve().parents[3]


def corridor_model(n: int = 3, lon0: float = 106.53, lat0: float = 29.55) -> list[dict]:
    """A corridor of ``n`` four-arm junctions named as the demo names them (``T01``, ``T01n``, edges ``A-B``),
    about 400 m apart."""
    ids = [f"T{i + 1:02d}" for i in range(n)]
    stages = [
        {"name": "EW", "signals": "GGGrGGGrrrrrrr", "minGreen": 10, "maxGreen": 60, "pedestrianMinGreen": 0, "maxWait": 120},
        {"name": "EW left", "signals": "rrrGrrrGrrrrrr", "minGreen": 6, "maxGreen": 30, "pedestrianMinGreen": 0, "maxWait": 120},
        {"name": "NS", "signals": "rrrrrrrrGGgGGg", "minGreen": 8, "maxGreen": 45, "pedestrianMinGreen": 12, "maxWait": 120},
    ]
    models = []
    for i, j in enumerate(ids):
        w = ids[i - 1] if i > 0 else j + "w"
        e = ids[i + 1] if i + 1 < n else j + "e"
        lanes = []

        def add(edge, count, role, length):
            lanes.extend({"id": f"{edge}_{k}", "approach": edge, "role": role, "length": length} for k in range(count))

        add(f"{w}-{j}", 2, "incoming", 400 if i > 0 else 250)
        add(f"{e}-{j}", 2, "incoming", 400 if i + 1 < n else 250)
        add(f"{j}n-{j}", 1, "incoming", 180)
        add(f"{j}s-{j}", 1, "incoming", 180)
        add(f"{j}-{w}", 2, "outgoing", 400 if i > 0 else 250)
        add(f"{j}-{e}", 2, "outgoing", 400 if i + 1 < n else 250)
        add(f"{j}-{j}n", 1, "outgoing", 180)
        add(f"{j}-{j}s", 1, "outgoing", 180)
        fw, fe, fn, fs = f"{w}-{j}_", f"{e}-{j}_", f"{j}n-{j}_", f"{j}s-{j}_"
        tw, te, tn, ts = f"{j}-{w}_", f"{j}-{e}_", f"{j}-{j}n_", f"{j}-{j}s_"
        links = [(fw + "0", ts + "0"), (fw + "0", te + "0"), (fw + "1", te + "1"), (fw + "1", tn + "0"),
                 (fe + "0", tn + "0"), (fe + "0", tw + "0"), (fe + "1", tw + "1"), (fe + "1", ts + "0"),
                 (fn + "0", tw + "0"), (fn + "0", ts + "0"), (fn + "0", te + "1"),
                 (fs + "0", te + "0"), (fs + "0", tn + "0"), (fs + "0", tw + "1")]
        models.append({"id": j, "name": j, "location": {"lon": lon0 + i * 400 / 96_800, "lat": lat0}, "lanes": lanes,
                       "movements": [{"from": a, "to": b, "signal": k} for k, (a, b) in enumerate(links)],
                       "stages": stages, "signalCount": len(links),
                       "interGreens": [{"from": a, "to": b, "yellow": 3, "allRed": 2}
                                       for a in range(3) for b in range(3) if a != b]})
    return models


def test_the_built_net_has_the_models_lights_links_stages_and_inter_greens(tmp_path):
    models = corridor_model(3)
    net = demo_peak.build_net(models, tmp_path)
    assert demo_peak.differences(models, net) == []
    junctions = load_junctions(net)
    assert sorted(junctions) == ["T01", "T02", "T03"]
    for x in models:
        j = junctions[x["id"]]
        assert len(j.links) == x["signalCount"] == 14
        assert [i for i, _, _ in sorted(j.links)] == list(range(14))
        assert j.stages == [s["signals"] for s in x["stages"]]


def test_a_model_the_net_cannot_carry_is_named(tmp_path):
    models = corridor_model(2)
    net = demo_peak.build_net(models, tmp_path)
    # the hub's model changes afterwards: two signals swapped, one stage string changed
    changed = [dict(x) for x in models]
    moves = [dict(m) for m in changed[0]["movements"]]
    moves[0]["signal"], moves[1]["signal"] = 1, 0
    changed[0]["movements"] = moves
    changed[1]["stages"] = [dict(s) for s in changed[1]["stages"]]
    changed[1]["stages"][1]["signals"] = "rrrGrrrrrrrrrr"
    problems = demo_peak.differences(changed, net)
    assert any(p.startswith("T01: links differ") for p in problems)
    assert any(p.startswith("T02: stages differ") for p in problems)


def test_other_intersections_the_hub_holds_are_left_out():
    grid = {"id": "B1", "location": {"lon": 1, "lat": 2}, "lanes": [{"id": "A1B1_0", "role": "incoming"}]}
    assert [x["id"] for x in demo_peak.corridor(corridor_model(2) + [grid])] == ["T01", "T02"]


def test_the_morning_peak_is_heavier_inbound_and_peaks_at_eight(tmp_path):
    models = corridor_model(3)
    flows = demo_peak.demand(models)
    eastbound = sum(r for a, b, r in flows if b == "T03-T03e")
    westbound = sum(r for a, b, r in flows if b == "T01-T01w")
    assert eastbound > 1.5 * westbound
    routes = demo_peak.write_routes(models, tmp_path)
    import xml.etree.ElementTree as ET
    flows_xml = list(ET.parse(routes).getroot().iter("flow"))
    assert min(int(f.get("begin")) for f in flows_xml) == 7 * 3600
    assert max(int(f.get("end")) for f in flows_xml) == 9 * 3600
    by_quarter = {}
    for f in flows_xml:
        by_quarter[int(f.get("begin"))] = by_quarter.get(int(f.get("begin")), 0) + float(f.get("vehsPerHour"))
    assert max(by_quarter, key=by_quarter.get) in (7 * 3600 + 2700, 8 * 3600)


def test_a_short_peak_runs_through_the_bridge_against_the_fake_hub(hub_thread, tmp_path):
    models = corridor_model(3)
    scn = demo_peak.prepare(models, tmp_path, begin=demo_peak.PEAK_BEGIN, end=demo_peak.PEAK_BEGIN + 120)
    with hub_thread(FakeHub(scn.net, "k1")) as hub:
        res = demo_peak.simulate(scn, hub.url, "k1", tmp_path / "run")
    b = res["bridge"]
    assert b["statuses"] == b["decisions"] == 120
    assert b["timeouts"] == b["fallbacks"] == b["faults"] == 0
    assert res["vehicles"] > 0
    assert hub.log[0]["type"] == "hello" and sorted(hub.log[0]["intersections"]) == ["T01", "T02", "T03"]
    assert hub.log[1]["time"] == demo_peak.PEAK_BEGIN + 1


def cityhub_binary() -> Path | None:
    given = os.environ.get("CITYHUB_BIN")
    if given:
        return Path(given)
    built = ROOT / ".build" / "debug" / "cityhub"
    return built if built.exists() else None


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture
def demo_hub(tmp_path):
    binary = cityhub_binary()
    if binary is None:
        pytest.skip("no cityhub binary (swift build, or CITYHUB_BIN)")
    port = free_port()
    log = open(tmp_path / "hub.log", "w")
    proc = subprocess.Popen([str(binary), "serve", "--demo", "--data-dir", str(tmp_path / "data"), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):
            try:
                urllib.request.urlopen(base + "/readyz", timeout=1)
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "hub.log").read_text()[-3000:]
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_a_short_peak_drives_the_real_demo_hub(demo_hub, tmp_path):
    hub = demo_peak.Hub(demo_hub)
    hub.login("admin", "admin-demo-only")
    models = demo_peak.corridor(hub.intersections())
    ids = [x["id"] for x in models]
    assert 4 <= len(ids) <= 12
    res = demo_peak.run_peak(hub, tmp_path / "build", begin=demo_peak.PEAK_BEGIN, end=demo_peak.PEAK_BEGIN + 120)
    b = res["bridge"]
    assert b["statuses"] == b["decisions"] == 120
    assert b["timeouts"] == b["fallbacks"] == b["faults"] == b["errors"] == 0
    assert res["intersections"] == sorted(ids)
    # the hub's API showed every demo light under its control, on its morning-peak controller
    assert res["maxHubControlled"] == len(ids)
    assert "maxPressure" in res["controllers"] and "hub" in res["modes"]
    detail = hub.call("GET", f"/api/v1/traffic/intersections/{ids[0]}")
    assert detail["control"]["decisionsSent"] >= 100 and detail["control"]["lostMessages"] == 0
    assert detail["control"]["gateway"] == "sumo-demo-peak"
    # two minutes of the peak's start congest nothing
    assert res["congestionAlarms"] == []


def test_a_congested_quarter_hour_raises_a_congestion_alarm_live(demo_hub, tmp_path):
    """Three times the peak's demand from 08:00 (15 simulated minutes, about 10 s): a junction's incoming lanes stay
    queued past the rule's 60 s, and the watcher sees its traffic.congestion alarm raised on the hub's alarms API
    while the run goes on, owned by the junction's department and journalled with the detection."""
    hub = demo_peak.Hub(demo_hub)
    hub.login("admin", "admin-demo-only")
    after = hub.call("GET", "/api/v1/events?limit=1")["head"]
    res = demo_peak.run_peak(hub, tmp_path / "build", begin=8 * 3600, end=8 * 3600 + 900, scale=3.0)
    raised = res["congestionAlarms"]
    assert raised, res
    assert all(a["source"].removeprefix("intersection:") in res["intersections"] for a in raised)
    assert all("08:00:00" < a["raised"] <= "08:15:00" for a in raised)
    alarms = hub.call("GET", demo_peak.CONGESTION_ALARMS)["items"]
    assert {a["source"] for a in alarms} == {a["source"] for a in raised}
    assert all(a["department"] == "traffic-police" and a["severity"] == "yellow" for a in alarms)
    events = []
    while True:
        page = hub.call("GET", f"/api/v1/events?after={after}&limit=1000")
        events += page["items"]
        if page["next"] == after or page["next"] >= page["head"]:
            break
        after = page["next"]
    detected = [e["subject"] for e in events if e["kind"] == "traffic.congestion.detected"]
    assert sorted(detected) == sorted(a["source"] for a in raised)
