"""The demo district's simulated morning peak: SUMO drives the running demo hub's gateway.

    python3 tools/traffic/demo_peak.py --hub http://127.0.0.1:8080 [--speed 10] [--seconds 7200]

What it does, in order:

1. Reads the demo hub's signalised intersections over its API (``GET /api/v1/traffic/intersections/{id}``):
   the same site data the hub seeded (``Sources/HubServer/Demo/DemoTrafficSite.swift``), so the simulated
   junctions are exactly the hub's — no second copy of the layout lives here.
2. Writes SUMO plain XML from that model and runs ``netconvert``: one node per junction at its position, an
   edge per approach (a lane id is ``<edge>_<index>``; the edge ``A-B`` runs from node A to node B; an arm leaving
   the corridor ends at the node named by the junction id and a compass letter — ``ZS01n`` — placed that
   arm's lane length away), one lane-to-lane connection per movement with the movement's signal as its
   ``linkIndex``, and a static program whose green phases are the hub's stages in order, each followed by the
   hub's inter-green to the next (yellow, then all-red), timed by the hub's longest-cycle plan (the peak plan):
   the controller's own plan when the hub is not in control.
3. Checks the built net against the hub's model — the hard part: the same traffic-light ids, for each light the
   same links (link index, incoming lane, outgoing lane) and the same stage signal strings in the same order,
   read back from the ``.net.xml`` the way the bridge reads it. Any difference stops the run.
4. Generates the morning-peak demand 07:00-09:00 (simulation time is seconds after midnight, which the hub's
   ``clock: "sim"`` uses for its time-of-day schedule): flows between the corridor's ends and its side streets,
   heavier eastbound into the centre (Jiefangbei), rising to a peak at 08:00.
5. Creates a ``signal_gateway`` API key on the hub (as the demo admin) and drives the hub's gateway through
   ``bridge.Bridge`` — unmodified; ``--speed`` only paces its steps so the screen can follow — while a watcher
   reads the intersection list every 30 simulated seconds (in lockstep) and records how many lights the hub controlled,
   and the hub's congestion alarms (``GET /api/v1/telemetry/alarms?rule=traffic.congestion``) raised and cleared
   during the run, each with the simulated time it was first seen so.

Needs the PyPI packages ``eclipse-sumo``, ``traci``, ``sumolib`` (1.28) and ``websockets``.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import scenarios  # noqa: E402
from hubapi import HubAPI  # noqa: E402

log = logging.getLogger("demo_peak")

PEAK_BEGIN = 7 * 3600      # 07:00
PEAK_END = 9 * 3600        # 09:00
COMPASS = {"n": (0.0, 1.0), "s": (0.0, -1.0), "e": (1.0, 0.0), "w": (-1.0, 0.0)}
ARTERIAL_SPEED = 13.89     # 50 km/h
SIDE_SPEED = 11.11         # 40 km/h


# -- the hub's API ----------------------------------------------------------------------------------------------
class Hub(HubAPI):
    def gateway_key(self, name: str) -> str:
        made = self.call("POST", "/api/v1/api-keys", {"name": name, "role": "signal_gateway", "scopes": ["traffic:gateway"]})
        return made["secret"]

    def gateway_url(self) -> str:
        return self.base.replace("http://", "ws://", 1).replace("https://", "wss://", 1) + "/api/v1/traffic/gateway"

    def intersections(self) -> list[dict]:
        """Every intersection's full model, in id order, with its plans and schedule under ``timing``."""
        items = self.call("GET", "/api/v1/traffic/intersections")["items"]
        out = []
        for x in items:
            model = self.call("GET", f"/api/v1/traffic/intersections/{x['id']}")["intersection"]
            model["timing"] = self.call("GET", f"/api/v1/traffic/intersections/{x['id']}/timing")
            out.append(model)
        return out


# -- the site model -> SUMO plain XML ---------------------------------------------------------------------------
def edge_of(lane: str) -> str:
    return lane.rsplit("_", 1)[0]


def edge_ends(edge: str) -> tuple[str, str] | None:
    parts = edge.split("-")
    return (parts[0], parts[1]) if len(parts) == 2 and all(parts) else None


def corridor(models: list[dict]) -> list[dict]:
    """The intersections laid out by the demo's naming (every edge ``A-B`` between two of them or between one
    and one of its compass nodes); others the hub may hold (an imported grid, say) are left out."""
    located = [x for x in models if x.get("location")]
    ids = {x["id"] for x in located}

    def known(node: str) -> bool:
        return node in ids or (node[:-1] in ids and node[-1] in COMPASS)

    out = []
    for x in located:
        ends = [edge_ends(edge_of(lane["id"])) for lane in x["lanes"]]
        if ends and all(e is not None and known(e[0]) and known(e[1]) and x["id"] in e for e in ends):
            out.append(x)
    return out


def project(models: list[dict]) -> dict[str, tuple[float, float]]:
    """Junction positions in metres (equirectangular about the first junction; enough for a few kilometres)."""
    lon0, lat0 = models[0]["location"]["lon"], models[0]["location"]["lat"]
    k = math.cos(math.radians(lat0)) * 111_320.0
    return {x["id"]: ((x["location"]["lon"] - lon0) * k, (x["location"]["lat"] - lat0) * 110_540.0) for x in models}


def plain_xml(models: list[dict], out: Path) -> dict[str, Path]:
    """Writes nodes, edges, connections and programs for ``netconvert``; returns the four paths."""
    pos = project(models)
    lanes: dict[str, dict] = {}
    for x in models:
        for lane in x["lanes"]:
            lanes.setdefault(lane["id"], lane)
    edges: dict[str, dict] = {}
    for lane_id, lane in lanes.items():
        e = edges.setdefault(edge_of(lane_id), {"lanes": 0, "length": lane.get("length") or 100.0})
        e["lanes"] = max(e["lanes"], int(lane_id.rsplit("_", 1)[1]) + 1)
    nodes: dict[str, tuple[float, float]] = dict(pos)
    for edge, e in edges.items():
        for node in edge_ends(edge):
            if node not in nodes:
                owner, letter = node[:-1], node[-1]
                dx, dy = COMPASS[letter]
                x0, y0 = pos[owner]
                nodes[node] = (x0 + dx * e["length"], y0 + dy * e["length"])
    root = ET.Element("nodes")
    for node, (x, y) in sorted(nodes.items()):
        attrs = {"id": node, "x": f"{x:.2f}", "y": f"{y:.2f}"}
        if node in pos:
            attrs.update(type="traffic_light", tl=node)
        else:
            attrs["type"] = "priority"
        ET.SubElement(root, "node", attrs)
    paths = {k: out / f"demo.{k}.xml" for k in ("nod", "edg", "con", "tll")}
    write(root, paths["nod"])
    root = ET.Element("edges")
    for edge, e in sorted(edges.items()):
        a, b = edge_ends(edge)
        arterial = a in pos and b in pos or e["lanes"] > 1
        ET.SubElement(root, "edge", id=edge, attrib={"from": a, "to": b}, numLanes=str(e["lanes"]),
                      speed=str(ARTERIAL_SPEED if arterial else SIDE_SPEED), priority="3" if arterial else "2")
    write(root, paths["edg"])
    con = ET.Element("connections")
    tll = ET.Element("tlLogics")
    for x in models:
        logic = ET.SubElement(tll, "tlLogic", id=x["id"], programID="0", type="static", offset="0")
        for phase in program(x):
            ET.SubElement(logic, "phase", duration=f"{phase[1]:g}", state=phase[0])
    for x in models:
        for m in sorted(x["movements"], key=lambda m: m["signal"]):
            attrs = {"from": edge_of(m["from"]), "to": edge_of(m["to"]), "fromLane": m["from"].rsplit("_", 1)[1],
                     "toLane": m["to"].rsplit("_", 1)[1]}
            ET.SubElement(con, "connection", attrs)
            ET.SubElement(tll, "connection", dict(attrs, tl=x["id"], linkIndex=str(m["signal"])))
    write(con, paths["con"])
    write(tll, paths["tll"])
    return paths


def inter_green(x: dict, a: int, b: int) -> tuple[float, float]:
    for g in x.get("interGreens", []):
        if g["from"] == a and g["to"] == b:
            return g["yellow"], g["allRed"]
    return 3.0, 2.0


def local_splits(x: dict) -> list[float]:
    """The controller's own (local) plan, which runs when the hub does not: the hub's plan with the longest cycle
    (the peak plan of the demo), else each stage's guaranteed green plus 15 s."""
    plans = [p for p in (x.get("timing") or {}).get("plans", []) if len(p["splits"]) == len(x["stages"])]
    if plans:
        return [float(s) for s in max(plans, key=lambda p: p["cycle"])["splits"]]
    return [max(st["minGreen"], st.get("pedestrianMinGreen", 0)) + 15.0 for st in x["stages"]]


def program(x: dict) -> list[tuple[str, float]]:
    """The static program: each stage's green (the local plan's split) then the hub's inter-green to the next
    stage — yellow where a green ends, then all-red — so the bridge reads the hub's stages and inter-greens back
    from it."""
    stages = x["stages"]
    splits = local_splits(x)
    phases = []
    for i, st in enumerate(stages):
        nxt = stages[(i + 1) % len(stages)]["signals"]
        cur = st["signals"]
        phases.append((cur, splits[i]))
        yellow, all_red = inter_green(x, i, (i + 1) % len(stages))
        keep = [c in "Gg" and n in "Gg" for c, n in zip(cur, nxt)]
        if yellow > 0:
            phases.append(("".join(c if k else ("y" if c in "Gg" else "r") for c, k in zip(cur, keep)), yellow))
        if all_red > 0:
            phases.append(("".join(c if k else "r" for c, k in zip(cur, keep)), all_red))
    return phases


def write(root: ET.Element, path: Path) -> None:
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="unicode")


def build_net(models: list[dict], out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    paths = plain_xml(models, out)
    net = out / "demo.net.xml"
    scenarios.run([scenarios.sumo_binary("netconvert"), "-n", str(paths["nod"]), "-e", str(paths["edg"]),
                   "-x", str(paths["con"]), "-i", str(paths["tll"]), "--no-turnarounds", "true",
                   "--tls.discard-simple", "false", "--offset.disable-normalization", "true",
                   "--no-warnings", "true", "-o", str(net)])
    return net


# -- the check ----------------------------------------------------------------------------------------------------
def differences(models: list[dict], net: Path) -> list[str]:
    """Where the built net differs from the hub's model (empty when it matches): traffic-light ids, each light's
    links (index, incoming lane, outgoing lane) and its stages' signal strings in order, as the bridge reads them."""
    from signals import load_junctions
    junctions = load_junctions(net)
    problems = []
    hub_ids, net_ids = {x["id"] for x in models}, set(junctions)
    if hub_ids != net_ids:
        problems.append(f"traffic lights: hub {sorted(hub_ids)} net {sorted(net_ids)}")
    for x in models:
        j = junctions.get(x["id"])
        if j is None:
            continue
        want = sorted((m["signal"], m["from"], m["to"]) for m in x["movements"])
        if sorted(j.links) != want:
            problems.append(f"{x['id']}: links differ: net {sorted(j.links)} hub {want}")
        if len({i for i, _, _ in j.links}) != x["signalCount"]:
            problems.append(f"{x['id']}: {len(j.links)} links for {x['signalCount']} signals")
        if j.stages != [s["signals"] for s in x["stages"]]:
            problems.append(f"{x['id']}: stages differ: net {j.stages} hub {[s['signals'] for s in x['stages']]}")
        for a in range(len(x["stages"])):
            b = (a + 1) % len(x["stages"])
            seq = j.intergreen(a, b)
            yellow, all_red = inter_green(x, a, b)
            if [d for _, d in seq] != [d for d in (yellow, all_red) if d > 0]:
                problems.append(f"{x['id']}: inter-green {a}->{b} differs: net {seq} hub {yellow}+{all_red}")
    return problems


# -- demand -------------------------------------------------------------------------------------------------------
# Relative weight of each quarter hour of 07:00-09:00: rising to the peak at 08:00 and falling after.
PROFILE = (0.6, 0.8, 1.0, 1.2, 1.2, 1.0, 0.8, 0.6)


def demand(models: list[dict], scale: float = 1.0) -> list[tuple[str, str, float]]:
    """(from edge, to edge, vehicles per hour at the profile's 1.0): the corridor's ends and each side street.
    Eastbound into the centre is twice westbound; side streets feed mostly eastward too."""
    ids = [x["id"] for x in sorted(models, key=lambda m: m["location"]["lon"])]
    west, east = ids[0], ids[-1]
    ins, outs = {}, {}
    for x in models:
        for lane in x["lanes"]:
            a, b = edge_ends(edge_of(lane["id"]))
            if lane["role"] == "incoming" and a not in ids:
                ins[a] = edge_of(lane["id"])
            if lane["role"] == "outgoing" and b not in ids:
                outs[b] = edge_of(lane["id"])
    flows = []
    west_in, east_in = ins.get(west + "w"), ins.get(east + "e")
    west_out, east_out = outs.get(west + "w"), outs.get(east + "e")
    sides_in = sorted(v for k, v in ins.items() if k[-1] in "ns")
    sides_out = sorted(v for k, v in outs.items() if k[-1] in "ns")
    if west_in and east_out:
        flows.append((west_in, east_out, 700 * scale))
    if east_in and west_out:
        flows.append((east_in, west_out, 350 * scale))
    for s in sides_out:
        if west_in:
            flows.append((west_in, s, 20 * scale))
        if east_in:
            flows.append((east_in, s, 15 * scale))
    for s in sides_in:
        node = edge_ends(s)[0]
        if east_out:
            flows.append((s, east_out, 80 * scale))
        if west_out:
            flows.append((s, west_out, 40 * scale))
        across = outs.get(node[:-1] + ("s" if node[-1] == "n" else "n"))
        if across:
            flows.append((s, across, 30 * scale))
    return flows


def write_routes(models: list[dict], out: Path, begin: int = PEAK_BEGIN, end: int = PEAK_END, scale: float = 1.0) -> Path:
    root = ET.Element("routes")
    ET.SubElement(root, "vType", id="car", length="4.5", minGap="2.5", maxSpeed="16.7", accel="2.6", decel="4.5", sigma="0.5")
    quarter = 900
    rows = []
    for n, (a, b, rate) in enumerate(demand(models, scale)):
        for q, weight in enumerate(PROFILE):
            t0 = PEAK_BEGIN + q * quarter
            lo, hi = max(t0, begin), min(t0 + quarter, end)
            if lo < hi and rate * weight > 0:
                rows.append((lo, f"f{n}q{q}", a, b, hi, rate * weight))
    for lo, fid, a, b, hi, vph in sorted(rows):
        ET.SubElement(root, "flow", id=fid, type="car", attrib={"from": a, "to": b}, begin=str(lo), end=str(hi),
                      vehsPerHour=f"{vph:.1f}", departLane="best", departSpeed="max")
    path = out / "demo-peak.rou.xml"
    write(root, path)
    return path


# -- the run ------------------------------------------------------------------------------------------------------
def make_bridge_class(speed: float | None, observe=None, every: int = 30):
    """The bridge as it is, its lockstep paced to ``speed`` times real time (none: as fast as it goes), calling
    ``observe(now)`` after every ``every`` simulated seconds' decisions (in lockstep, so what it sees is the hub's
    state right after a decision round)."""
    from bridge import Bridge

    class PacedBridge(Bridge):
        async def step(self, now: float) -> None:
            started = time.monotonic()
            await super().step(now)
            if observe is not None and int(now) % every == 0:
                observe(now)
            if speed:
                await asyncio.sleep(max(0.0, 1.0 / speed - (time.monotonic() - started)))

    return PacedBridge


CONGESTION_ALARMS = "/api/v1/telemetry/alarms?rule=traffic.congestion&closed=true&limit=500"


def clock_text(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


class Watcher:
    """Reads the hub's intersection list during the run; keeps the most lights seen under hub control at once,
    the modes and controllers reported; and follows the congestion alarms raised since the watcher was made (those
    of earlier runs on the same hub are left out), noting the simulated time each was first seen raised and
    cleared."""

    def __init__(self, hub: Hub, ids: set[str]):
        self.hub, self.ids = hub, ids
        self.max_controlled = 0
        self.controllers: set[str] = set()
        self.modes: set[str] = set()
        self.samples = 0
        self.alarms: dict[str, dict] = {}
        self.earlier = {a["id"] for a in self.congestion_alarms(PEAK_BEGIN) or []}

    def congestion_alarms(self, now: float) -> list[dict] | None:
        try:
            return self.hub.call("GET", CONGESTION_ALARMS)["items"]
        except Exception as e:  # the hub busy, or a user who may not read alarms: the next sample may do
            log.warning("cannot read the congestion alarms at t=%.0f: %s", now, e)
            return None

    def follow_alarms(self, now: float) -> None:
        for a in self.congestion_alarms(now) or []:
            if a["id"] in self.earlier:
                continue
            seen = self.alarms.setdefault(a["id"], {"source": a["source"], "raised": clock_text(now), "cleared": None})
            if not a["active"] and seen["cleared"] is None:
                seen["cleared"] = clock_text(now)

    def alarm_summary(self) -> list[dict]:
        """The congestion alarms of this run by when they were seen raised: source, raised, cleared (or None)."""
        return sorted(self.alarms.values(), key=lambda a: (a["raised"], a["source"]))

    def __call__(self, now: float) -> None:
        try:
            items = [x for x in self.hub.call("GET", "/api/v1/traffic/intersections")["items"] if x["id"] in self.ids]
        except Exception as e:  # the hub busy: the next sample may do
            log.warning("cannot read the intersections at t=%.0f: %s", now, e)
            return
        self.samples += 1
        self.max_controlled = max(self.max_controlled, sum(1 for x in items if x["control"]["hubControls"]))
        for x in items:
            if x.get("live"):
                self.controllers.add(x["live"]["controller"])
                self.modes.add(x["live"]["mode"])
        self.follow_alarms(now)


def prepare(models: list[dict], build: Path, begin: int = PEAK_BEGIN, end: int = PEAK_END, seed: int = 1,
            scale: float = 1.0):
    """Builds the net from the model and checks it (stops on any difference), then the detectors and the peak's
    routes; returns the scenario."""
    net = build_net(models, build)
    problems = differences(models, net)
    if problems:
        raise SystemExit("the built net does not match the hub's intersections:\n  " + "\n  ".join(problems))
    detectors = build / "detectors.add.xml"
    scenarios.write_detectors(net, detectors)
    routes = write_routes(models, build, begin, end, scale)
    return scenarios.Scenario(name="demo-peak", family="demo", net=net, actuated=None, actuated_net=None, routes=routes,
                              detectors=detectors, begin=begin, end=end, seed=seed)


def simulate(scn, url: str, key: str, out: Path, speed: float | None = None, gateway: str = "sumo-demo-peak",
             watcher: Watcher | None = None) -> dict:
    """Runs the scenario with the bridge on the gateway at ``url``; returns the trip metrics and the bridge's
    counters (and the watcher's findings when one is given)."""
    import traci
    import sim
    from signals import load_junctions
    junctions = load_junctions(scn.net)
    out.mkdir(parents=True, exist_ok=True)
    label = f"demo-peak-{int(time.time() * 1000)}"
    traci.start(sim.sumo_cmd(scn, "hub", out), label=label)
    conn = traci.getConnection(label)
    t0 = time.time()
    try:
        bridge = make_bridge_class(speed, observe=watcher)(conn, junctions, url, key, gateway=gateway)
        stats = bridge.run_blocking(scn.end)
    finally:
        conn.close()
    result = sim.collect(out, t0, stats)
    if watcher:
        watcher.follow_alarms(scn.end)   # what the last decisions raised or cleared
        result.update(maxHubControlled=watcher.max_controlled, controllers=sorted(watcher.controllers),
                      modes=sorted(watcher.modes), watchSamples=watcher.samples, congestionAlarms=watcher.alarm_summary())
    return result


def run_peak(hub: Hub, build: Path, begin: int = PEAK_BEGIN, end: int = PEAK_END, speed: float | None = None,
             seed: int = 1, scale: float = 1.0, gateway: str = "sumo-demo-peak") -> dict:
    """The whole demo against a running hub signed in as an admin: its intersections, the checked net, the
    peak from ``begin`` to ``end`` (seconds after midnight), a new gateway key, and the bridge."""
    models = corridor(hub.intersections())
    if not models:
        raise SystemExit("the hub holds no demo intersections (start it with `cityhub serve --demo`)")
    scn = prepare(models, build, begin, end, seed, scale)
    key = hub.gateway_key(f"SUMO demo peak {time.strftime('%H:%M:%S')}")
    watcher = Watcher(hub, {x["id"] for x in models})
    result = simulate(scn, hub.gateway_url(), key, build / "run", speed, gateway, watcher)
    result["intersections"] = sorted(x["id"] for x in models)
    return result


def clock(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 3600 + int(m) * 60


def main() -> None:
    ap = argparse.ArgumentParser(description="the demo district's morning peak in SUMO, driving the demo hub's gateway")
    ap.add_argument("--hub", default="http://127.0.0.1:8080", help="the demo hub's base URL")
    ap.add_argument("--user", default="admin")
    ap.add_argument("--password", default="admin-demo-only")
    ap.add_argument("--begin", default="07:00", help="simulated start (HH:MM), default 07:00")
    ap.add_argument("--seconds", type=int, default=PEAK_END - PEAK_BEGIN, help="simulated seconds, default 7200")
    ap.add_argument("--speed", type=float, default=10.0, help="times real time; 0 runs as fast as it can")
    ap.add_argument("--scale", type=float, default=1.0, help="demand factor")
    ap.add_argument("--build", type=Path, default=scenarios.DEFAULT_BUILD / "demo-peak")
    ap.add_argument("--check-only", action="store_true", help="build the net and check it against the hub, no run")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    hub = Hub(args.hub)
    hub.login(args.user, args.password)
    if args.check_only:
        models = corridor(hub.intersections())
        net = build_net(models, args.build)
        problems = differences(models, net)
        print(json.dumps({"net": str(net), "intersections": [x["id"] for x in models], "differences": problems}, indent=1))
        sys.exit(1 if problems or not models else 0)
    begin = clock(args.begin)
    res = run_peak(hub, args.build, begin=begin, end=begin + args.seconds, speed=args.speed or None, scale=args.scale)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
