"""The bridge against the fake hub over a real WebSocket, with SUMO: decisions round trip, sequence numbers,
fallback to the local plan, and the signal rules seen in SUMO's own light states."""
import dataclasses
import uuid

import pytest

import sim
from fake_hub import FakeHub
from prototype import MaxPressure, MPParams
from signals import Detectors, Driver, load_junctions


def test_round_trip_gives_exactly_the_prototype_result(small, hub_thread, tmp_path):
    with hub_thread(FakeHub(small.net, "k1")) as hub:
        via_hub = sim.run(small, "hub", tmp_path / "hub", hub_url=hub.url, api_key="k1")
    direct = sim.run(small, "max-pressure", tmp_path / "direct")
    b = via_hub["bridge"]
    assert b["statuses"] == b["decisions"] == small.end
    assert b["timeouts"] == b["fallbacks"] == b["faults"] == 0
    assert via_hub["meanDelay"] == direct["meanDelay"]
    # the hub saw hello then one status per simulated second, seq 1, 2, 3, ... with no gap or repeat
    assert [m["seq"] for m in hub.log] == list(range(1, small.end + 2))
    assert hub.log[0]["type"] == "hello" and hub.log[0]["clock"] == "sim"
    assert all(m["type"] == "status" for m in hub.log[1:])
    assert hub.gaps == 0 and hub.repeats == 0
    st = hub.log[5]["intersections"][0]
    assert st["mode"] == "hub" and {"id", "stage", "stageSince", "transition", "detectors"} <= set(st)
    d = st["detectors"][0]
    assert {"id", "vehicles", "halting", "passed", "occupancy"} <= set(d) and 0 <= d["occupancy"] <= 1
    # every decisions message answers its status
    decisions = [m for m in hub.sent if m["type"] == "decisions"]
    assert [m["re"] for m in decisions] == [m["seq"] for m in hub.log[1:]]


def test_repeated_hub_messages_are_ignored(small, hub_thread, tmp_path):
    with hub_thread(FakeHub(small.net, "k1", duplicate_every=7)) as hub:
        r = sim.run(small, "hub", tmp_path / "dup", hub_url=hub.url, api_key="k1")
    assert r["bridge"]["duplicates"] == small.end // 7
    assert r["bridge"]["decisions"] == small.end and r["bridge"]["timeouts"] == 0


def test_silent_hub_falls_back_to_local_plan_and_control_returns_after_a_new_welcome(small, hub_thread, tmp_path):
    with hub_thread(FakeHub(small.net, "k1", silent_after=50)) as hub:
        r = sim.run(small, "hub", tmp_path / "silent", hub_url=hub.url, api_key="k1")
    b = r["bridge"]
    assert b["timeouts"] >= 1 and b["fallbacks"] >= 1
    assert hub.connections >= 2 and b["reconnects"] >= 1
    statuses = [m for m in hub.log if m["type"] == "status"]
    modes = [m["intersections"][0]["mode"] for m in statuses]
    # after the first silence the next connection's first status reports the local plan, then hub again
    second = [m for m in hub.log if m["type"] == "hello"]
    assert len(second) >= 2
    assert "local" in modes and modes[-1] == "hub"
    assert r["vehicles"] > 0


def test_expired_valid_for_returns_the_light_to_its_program(small, hub_thread, tmp_path):
    short = dataclasses.replace(small, end=30)
    with hub_thread(FakeHub(small.net, "k1", valid_for=0.5)) as hub:
        r = sim.run(short, "hub", tmp_path / "expire", hub_url=hub.url, api_key="k1")
    assert r["bridge"]["expired"] >= 9 * 20


def test_wrong_key_is_refused_and_the_simulation_runs_on_local_plans(small, hub_thread, tmp_path):
    short = dataclasses.replace(small, end=60)
    with hub_thread(FakeHub(small.net, "right")) as hub:
        r = sim.run(short, "hub", tmp_path / "refused", hub_url=hub.url, api_key="wrong")
    assert hub.connections == 0 and r["bridge"]["statuses"] == 0
    fixed = sim.run(short, "fixed", tmp_path / "fixed")
    assert r["meanDelay"] == fixed["meanDelay"]


def test_fake_hub_answers_bad_messages_with_error_and_keeps_the_connection(small, hub_thread):
    import asyncio
    import json
    from websockets.asyncio.client import connect

    async def talk(url):
        async with connect(url, additional_headers={"Authorization": "Bearer k1"}) as ws:
            await ws.send("{not json")
            e1 = json.loads(await ws.recv())
            await ws.send(json.dumps({"v": 1, "type": "hello", "seq": 1, "gateway": "t", "clock": "sim",
                                      "time": 0, "intersections": ["B1", "X9"]}))
            w = json.loads(await ws.recv())
            await ws.send(json.dumps({"v": 1, "type": "bogus", "seq": 2}))
            e2 = json.loads(await ws.recv())
            await ws.send(json.dumps({"v": 1, "type": "bogus", "seq": 2}))   # repeated seq: ignored
            await ws.send(json.dumps({"v": 1, "type": "heartbeat", "seq": 5, "time": 1}))   # gap of 2
            h = json.loads(await ws.recv())
            return e1, w, e2, h

    with hub_thread(FakeHub(small.net, "k1")) as hub:
        e1, w, e2, h = asyncio.run(talk(hub.url))
    assert e1["type"] == "error" and e1["code"] == "GATEWAY_BAD_MESSAGE"
    assert w["type"] == "welcome" and w["re"] == 1
    assert w["intersections"] == [{"id": "B1", "accepted": True},
                                  {"id": "X9", "accepted": False, "reason": "unknown intersection"}]
    assert e2["type"] == "error" and e2["re"] == 2
    assert h["type"] == "heartbeat"
    assert hub.repeats == 1 and hub.gaps == 2
    assert [m["seq"] for m in (e1, w, e2, h)] == [1, 2, 3, 4]


def test_min_green_and_inter_green_hold_in_sumo_light_states(small, tmp_path):
    """Run the prototype and read back SUMO's light states every second: a link never goes from green to red
    without at least 3 s of yellow, and every green stage lasts at least the minimum green."""
    import traci
    params = MPParams(min_green=5)
    js = load_junctions(small.net)
    label = f"t-{uuid.uuid4().hex[:6]}"
    traci.start(sim.sumo_cmd(dataclasses.replace(small, end=300), "prototype", tmp_path),
                label=label)
    conn = traci.getConnection(label)
    try:
        det = Detectors(conn, js)
        drivers = {jid: Driver(conn, j, 0.0) for jid, j in js.items()}
        for d in drivers.values():
            d.take_over(0.0)
        mp = MaxPressure(js, params)
        trace = {jid: [] for jid in js}
        now = 0.0
        while now < 300:
            conn.simulationStep()
            now = conn.simulation.getTime()
            det.update()
            for d in drivers.values():
                d.tick(now)
            sts = [{"id": jid, "stage": d.stage, "stageSince": d.since, "transition": d.transition,
                    "target": d.target, "detectors": det.status(d.j)} for jid, d in drivers.items()]
            for jid, s in mp.decide(now, sts).items():
                drivers[jid].request(now, s)
            for jid in js:
                trace[jid].append(conn.trafficlight.getRedYellowGreenState(jid))
    finally:
        conn.close()
    switches = 0
    for jid, states in trace.items():
        stages = js[jid].stages
        n = len(states[0])
        for link in range(n):
            yellow_run = 0
            for a, b in zip(states, states[1:]):
                if b[link] == "y":
                    yellow_run = yellow_run + 1 if a[link] == "y" else 1
                if a[link] in "Gg" and b[link] == "r":
                    pytest.fail(f"{jid} link {link}: green straight to red")
                if a[link] == "y" and b[link] == "r":
                    assert yellow_run >= 3, f"{jid} link {link}: yellow {yellow_run} s"
        runs, cur = [], None
        for s in states:
            if s in stages:
                if s == cur:
                    runs[-1] += 1
                else:
                    runs.append(1)
                    cur = s
            else:
                cur = None
        switches += len(runs)
        assert all(r >= params.min_green for r in runs[1:-1]), (jid, runs)
    assert switches > 9 * 5    # the controller did switch


def test_local_plan_is_the_lights_own_program_after_a_hold(small, tmp_path):
    """A light taken over (police hold, hub) goes back to the program it ran before -- here an actuated
    program loaded as an additional file (programID 'actuated', as for grid4x4) -- through its yellow."""
    import traci
    import scenarios
    act = tmp_path / "act.add.xml"
    scenarios.actuate_program(small.net, act)
    scn = dataclasses.replace(small, actuated=act, actuated_net=None, end=60)
    js = load_junctions(scn.net)
    label = f"t-{uuid.uuid4().hex[:6]}"
    traci.start(sim.sumo_cmd(scn, "actuated", tmp_path), label=label)
    conn = traci.getConnection(label)
    try:
        conn.simulationStep()
        d = Driver(conn, js["B1"], conn.simulation.getTime())
        assert d.program_id == "actuated"
        d.take_over(1.0)
        for t in range(2, 12):
            conn.simulationStep()
            d.tick(float(t))
        d.go_local(12.0)
        conn.simulationStep()
        assert conn.trafficlight.getProgram("B1") == "actuated"
        assert "y" in conn.trafficlight.getRedYellowGreenState("B1")
    finally:
        conn.close()


def test_police_hold_option_holds_stage_0_whatever_the_hub_says(small, hub_thread, tmp_path):
    with hub_thread(FakeHub(small.net, "k1")) as hub:
        sim.run(small, "hub", tmp_path / "hold", hold="fixed", hub_url=hub.url, api_key="k1")
    start, _ = sim.hold_window(small.end)
    b1 = [(m["time"], next(i for i in m["intersections"] if i["id"] == "B1"))
          for m in hub.log if m["type"] == "status"]
    held = [st for t, st in b1 if t >= start + 12]        # min green 5 s + inter-green <= 5 s, then held
    assert len(held) > 100
    assert all(st["stage"] == 0 and not st["transition"] for st in held)
    before = {st["stage"] for t, st in b1 if t < start}
    assert len(before) > 1                                # B1 was switching before the hold
    # the hub kept asking for other stages at B1 during the hold: the bridge ignored them
    asked = {c["stage"] for m in hub.sent if m["type"] == "decisions" and m["re"] > start + 12
             for c in m["commands"] if c["intersection"] == "B1"}
    assert asked - {0}
