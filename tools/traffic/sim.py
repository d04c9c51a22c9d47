"""Runs one scenario under one control and returns its metrics.

Controls: ``fixed`` (the net's static program), ``actuated`` (SUMO's actuated programs), ``max-pressure`` /
``webster`` (the Python prototype through TraCI), ``hub`` (the bridge to a hub's gateway endpoint).
The same SUMO options for all: step 1 s, ``--time-to-teleport 300`` (teleports reported), tripinfo with
unfinished and undeparted vehicles (see metrics.py).
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import time
import uuid
from pathlib import Path

import metrics
from scenarios import Scenario, sumo_binary, sumo_env, sumo_home

TIME_TO_TELEPORT = 300
os.environ.setdefault("SUMO_HOME", str(sumo_home()))
HOLD_DURATION = 300.0


def hold_window(end: float) -> tuple[float, float]:
    """The police hold: 5 minutes from 1200 s (from a third of the run in short runs)."""
    start = min(1200.0, round(end / 3))
    return start, start + HOLD_DURATION


def central_junction(junctions: dict) -> str:
    """The held junction: B1, the centre of the 3 x 3 grid and an inner junction of grid4x4."""
    return "B1" if "B1" in junctions else sorted(junctions)[len(junctions) // 2]


HOLD_POLICIES = ("queue", "fixed")


def hold_policy(hold) -> str | None:
    """None (no hold), "queue" (the realistic one, also for True) or "fixed" (stage 0, north-south through)."""
    if not hold:
        return None
    if hold is True:
        return "queue"
    if hold not in HOLD_POLICIES:
        raise ValueError(f"hold policy {hold!r}: one of {HOLD_POLICIES}")
    return hold


def approach_of(lane: str) -> str:
    return lane.rsplit("_", 1)[0]


def hold_choice(conn, j, policy: str) -> tuple[int, str | None]:
    """The stage a police officer holds and the approach it is for.

    "queue": what the cameras show at the hold's start -- the approach (incoming edge) with the most vehicles
    standing on it (whole lanes, not only the detector zones, and whether or not a detector works); the stage
    giving green to most of that approach's links (the lower stage among equals), as the hub's `release` picks.
    "fixed": stage 0 (north-south through at netgenerate's and grid4x4's programs), no approach."""
    if policy == "fixed":
        return 0, None
    standing: dict[str, int] = {}
    for lane in j.in_lanes:
        standing[approach_of(lane)] = standing.get(approach_of(lane), 0) + conn.lane.getLastStepHaltingNumber(lane)
    approach = max(sorted(standing), key=lambda a: standing[a])
    links = [sum(1 for idx, li, _ in j.links if approach_of(li) == approach and idx < len(st) and st[idx] in "Gg")
             for st in j.stages]
    return max(range(len(links)), key=lambda s: (links[s], -s)), approach


def sumo_cmd(scn: Scenario, control: str, out: Path) -> list[str]:
    adds = ",".join(str(p) for p in scn.additional_for(control))
    return [sumo_binary("sumo"), "-n", str(scn.net_for(control)), "-r", str(scn.routes), "-a", adds,
            "-b", str(scn.begin), "-e", str(scn.end), "--step-length", "1",
            "--time-to-teleport", str(TIME_TO_TELEPORT), "--no-step-log", "true", "--no-warnings", "true",
            "--duration-log.disable", "true", "--seed", str(scn.seed),
            "--tripinfo-output", str(out / "tripinfo.xml"), "--tripinfo-output.write-unfinished", "true",
            "--tripinfo-output.write-undeparted", "true", "--statistic-output", str(out / "statistics.xml")]


def drop_set(junctions: dict, fraction: float, seed: int) -> set:
    """A seeded choice of (junction, lane) detectors that give no data."""
    if fraction <= 0:
        return set()
    allowed = sorted((jid, lane) for jid, j in junctions.items() for lane in j.in_lanes + j.out_lanes)
    rng = random.Random(seed)
    return set(rng.sample(allowed, int(round(fraction * len(allowed)))))


def collect(out: Path, t0: float, extra: dict | None = None) -> dict:
    res = metrics.parse_tripinfo(out / "tripinfo.xml")
    res["teleports"] = metrics.parse_teleports(out / "statistics.xml")
    res["wallSeconds"] = round(time.time() - t0, 2)
    if extra:
        res.update(extra)
    (out / "result.json").write_text(json.dumps(res, indent=1))
    return res


def run(scn: Scenario, control: str, out: Path, params: dict | None = None, hold=None,
        drop: float = 0.0, hub_url: str | None = None, api_key: str | None = None,
        police: tuple[str, str] | None = None) -> dict:
    """``hold``: None, "queue" or "fixed" (see hold_choice; True = "queue"). ``police``: (the hub's http base, a
    traffic police token) -- with it the hub runs the hold through its override API, else the bridge imposes it."""
    hold = hold_policy(hold)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    if control in ("fixed", "actuated") and not hold and drop == 0:
        cmd = sumo_cmd(scn, control, out)
        proc = subprocess.run(cmd, env=sumo_env(), capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr[-2000:])
        return collect(out, t0)
    import traci
    from signals import Detectors, Driver, load_junctions
    junctions = load_junctions(scn.net)
    label = f"sim-{uuid.uuid4().hex[:8]}"
    traci.start(sumo_cmd(scn, control, out), label=label)
    conn = traci.getConnection(label)
    extra = {}
    try:
        if control == "hub":
            from bridge import Bridge
            police_desk = None
            if hold and police:
                from bridge import PoliceDesk
                police_desk = PoliceDesk(*police)
            br = Bridge(conn, junctions, hub_url, api_key, drop=drop_set(junctions, drop, scn.seed),
                        hold=(central_junction(junctions), hold_window(scn.end)[0], HOLD_DURATION, hold) if hold else None,
                        police=police_desk)
            extra = br.run_blocking(scn.end)
        else:
            extra = run_local(conn, junctions, control, scn.end, params or {}, hold, drop, scn.seed)
    finally:
        conn.close()
    return collect(out, t0, extra)


def run_local(conn, junctions, control, end, params, hold, drop, seed) -> dict:
    """The prototype (or a SUMO program with a police hold) in this process."""
    from signals import Detectors, Driver
    from prototype import make_controller
    det = Detectors(conn, junctions)
    now = conn.simulation.getTime()
    drivers = {jid: Driver(conn, j, now) for jid, j in junctions.items()}
    ctrl = make_controller(control, junctions, **params) if control not in ("fixed", "actuated") else None
    if ctrl is not None:
        for d in drivers.values():
            d.take_over(now)
    dropped = drop_set(junctions, drop, seed)
    oracle = ctrl is not None and params.get("oracle", "off") != "off"
    hold_j = central_junction(junctions) if hold else None
    hold_from, hold_to = hold_window(end)
    hold_stage, hold_approach = None, None
    decide_time = 0.0
    rounds = 0
    while now < end:
        conn.simulationStep()
        now = conn.simulation.getTime()
        det.update()
        for d in drivers.values():
            d.tick(now)
        holding = hold_j is not None and hold_from <= now < hold_to
        if holding and hold_stage is None:
            hold_stage, hold_approach = hold_choice(conn, junctions[hold_j], hold)
        if ctrl is not None:
            # the prototype is told of the hold as the hub is (an override in force), and obeys it itself
            statuses = [{"id": jid, "stage": d.stage, "stageSince": d.since, "transition": d.transition,
                         "target": d.target, "detectors": det.status(d.j, dropped, reset_passed=not oracle)}
                        for jid, d in drivers.items()]
            if oracle:             # research bounds: what the dark detectors would have said
                for s in statuses:
                    s["truth"] = {r["id"]: r for r in det.status(drivers[s["id"]].j)}
            t = time.perf_counter()
            decisions = ctrl.decide(now, statuses, held={hold_j: hold_stage} if holding else None)
            decide_time += time.perf_counter() - t
            rounds += 1
            for jid, stage in decisions.items():
                drivers[jid].request(now, stage)
        elif holding:          # a SUMO program: the hold is imposed on the light
            d = drivers[hold_j]
            g = now - d.since
            if d.mode != "hub":
                d.request(now, d.stage)        # take the light over where it is
            elif d.stage != hold_stage and not d.transition and g >= 5:
                d.request(now, hold_stage)
        elif hold_j is not None and now >= hold_to and drivers[hold_j].mode == "hub":
            drivers[hold_j].go_local(now)
    res = {"decisionRounds": rounds, "meanDecisionMs": round(1000 * decide_time / rounds, 4) if rounds else None,
           "switches": sum(d.switches for d in drivers.values())}
    if hold_j is not None:
        res["hold"] = {"intersection": hold_j, "policy": hold, "stage": hold_stage, "approach": hold_approach,
                       "from": hold_from, "to": hold_to, "via": "controller" if ctrl is not None else "light"}
    return res
