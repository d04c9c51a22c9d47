"""Scenarios for the traffic evaluation, built reproducibly into a build directory (never committed).

* ``grid3`` — a 3 x 3 grid from netgenerate: 200 m blocks, two lanes per direction plus a 100 m left-turn lane
  at every approach, traffic lights at the nine junctions, in a static and an actuated program variant.
  Demand from randomTrips (fringe to fringe, so every trip crosses junctions and many turn) at two levels,
  three seeds each, 0-3600 s.
* ``grid4x4`` — RESCO's grid4x4 (net and routes from the sumo-rl package data, the 0-3600 s episode of its
  ``grid4x4.sumocfg``). Its static program is converted to an actuated one (see ``actuate_program``).

For every net, ``detectors.add.xml`` holds the lane detectors a real site has: a lane-area (E2) zone of at
most 100 m on every lane entering a signalised junction (ending at the stop line) and every lane leaving it
(starting at the junction), and an induction loop (E1) at each incoming stop line for passed counts.
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_BUILD = HERE / "build"
ZONE = 100.0          # detector zone length (m)
BEGIN, END = 0, 3600  # the demand period and episode (s)

# Demand levels of the 3 x 3 grid: randomTrips' period (s between departures over the whole network).
LEVELS = {"moderate": 2.2, "heavy": 1.2}
SEEDS = (1, 2, 3)


def sumo_home() -> Path:
    spec = importlib.util.find_spec("sumo")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("eclipse-sumo is not installed (pip install eclipse-sumo==1.28.0)")
    return Path(list(spec.submodule_search_locations)[0])


def sumo_binary(name: str = "sumo") -> str:
    return str(sumo_home() / "bin" / name)


def sumo_env() -> dict:
    env = dict(os.environ)
    env["SUMO_HOME"] = str(sumo_home())
    return env


def resco_dir() -> Path:
    """The sumo-rl package's RESCO grid4x4 folder, found without importing sumo_rl (it needs gymnasium)."""
    spec = importlib.util.find_spec("sumo_rl")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("sumo-rl is not installed (pip install --no-deps sumo-rl)")
    return Path(list(spec.submodule_search_locations)[0]) / "nets" / "RESCO" / "grid4x4"


@dataclasses.dataclass(frozen=True)
class Scenario:
    name: str          # e.g. grid3-moderate-s1, grid4x4
    family: str        # grid3 | grid4x4
    net: Path          # static program net
    actuated: Path | None  # additional file with the actuated programs (grid4x4) or None
    actuated_net: Path | None  # net whose programs are actuated (grid3) or None
    routes: Path
    detectors: Path
    begin: int
    end: int
    seed: int

    def net_for(self, control: str) -> Path:
        if control == "actuated" and self.actuated_net is not None:
            return self.actuated_net
        return self.net

    def additional_for(self, control: str) -> list[Path]:
        extra = [self.detectors]
        if control == "actuated" and self.actuated is not None:
            extra.append(self.actuated)
        return extra


def run(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, env=sumo_env(), capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}")


def build_grid3_net(out: Path, tls_type: str) -> None:
    run([sumo_binary("netgenerate"), "--grid", "--grid.number", "3", "--grid.length", "200",
         "--grid.attach-length", "200", "--default.lanenumber", "2", "--turn-lanes", "1",
         "--turn-lanes.length", "100", "--default.junctions.type", "traffic_light",
         "--tls.default-type", tls_type, "--seed", "1", "--no-turnarounds", "true",
         "--output-file", str(out)])


def build_routes(net: Path, out: Path, period: float, seed: int, begin: int, end: int) -> None:
    trips = out.with_suffix(".trips.xml")
    run([sys.executable, str(sumo_home() / "tools" / "randomTrips.py"), "-n", str(net), "-o", str(trips),
         "-r", str(out), "-b", str(begin), "-e", str(end), "-p", str(period), "--seed", str(seed),
         "--fringe-factor", "max", "--random-depart", "--min-distance", "300", "--validate",
         "--prefix", "v", "--trip-attributes", 'departLane="best" departSpeed="max"'])
    for junk in (trips, out.with_suffix(".alt.xml"), Path(str(out).replace(".rou.xml", ".rou.alt.xml"))):
        if junk.exists() and junk != out:
            junk.unlink()


def tls_lanes(net_file: Path) -> dict[str, dict[str, list]]:
    """For each traffic light: its incoming and outgoing lanes (non-internal), its links
    [(link index, in lane, out lane)] and each incoming lane's turn directions (SUMO's connection 'dir':
    s straight, l/L left, r/R right, t turnaround), read from the net's connections."""
    root = ET.parse(net_file).getroot()
    lengths = {}
    for edge in root.iter("edge"):
        if edge.get("function") == "internal":
            continue
        for lane in edge.iter("lane"):
            lengths[lane.get("id")] = float(lane.get("length"))
    out: dict[str, dict[str, list]] = {}
    for c in root.iter("connection"):
        tl = c.get("tl")
        if not tl:
            continue
        rec = out.setdefault(tl, {"in": [], "out": [], "links": [], "dirs": {}})
        li = f"{c.get('from')}_{c.get('fromLane')}"
        lo = f"{c.get('to')}_{c.get('toLane')}"
        if li not in rec["in"]:
            rec["in"].append(li)
        if lo not in rec["out"]:
            rec["out"].append(lo)
        rec["links"].append((int(c.get("linkIndex")), li, lo))
        rec["dirs"].setdefault(li, set()).add(c.get("dir", "s").lower())
    for rec in out.values():
        rec["links"].sort()
        rec["lengths"] = {lane: lengths[lane] for lane in rec["in"] + rec["out"]}
    return out


def detector_id(kind: str, lane: str) -> str:
    return f"{kind}:{lane}"


def write_detectors(net_file: Path, out: Path, zone: float = ZONE) -> None:
    """E2 zones (<= zone m) on every incoming lane (ending at the stop line) and outgoing lane (starting at the
    junction), E1 loops 1 m before each incoming stop line and 0.5 m before the end of each outgoing zone (its exit). One lane can be outgoing for one junction and
    incoming for the next: it then has two zones (its two ends)."""
    root = ET.Element("additional")
    seen = set()
    for tl, rec in sorted(tls_lanes(net_file).items()):
        for lane in rec["in"]:
            length = rec["lengths"][lane]
            z = min(zone, length - 0.1)
            if ("in", lane) not in seen:
                seen.add(("in", lane))
                ET.SubElement(root, "laneAreaDetector", id=detector_id("in", lane), lane=lane,
                              pos=f"{length - z:.2f}", endPos=f"{length:.2f}", freq="86400",
                              file="NUL", timeThreshold="1", speedThreshold="0.1", jamThreshold="10")
                ET.SubElement(root, "inductionLoop", id=detector_id("loop", lane), lane=lane,
                              pos=f"{max(0.0, length - 1.0):.2f}", freq="86400", file="NUL")
        for lane in rec["out"]:
            length = rec["lengths"][lane]
            z = min(zone, length - 0.1)
            if ("out", lane) not in seen:
                seen.add(("out", lane))
                ET.SubElement(root, "laneAreaDetector", id=detector_id("out", lane), lane=lane,
                              pos="0.00", endPos=f"{z:.2f}", freq="86400", file="NUL",
                              timeThreshold="1", speedThreshold="0.1", jamThreshold="10")
                ET.SubElement(root, "inductionLoop", id=detector_id("exit", lane), lane=lane,
                              pos=f"{max(0.0, z - 0.5):.2f}", freq="86400", file="NUL")
    ET.indent(root)
    ET.ElementTree(root).write(out, encoding="unicode")


def actuate_program(net_file: Path, out: Path, min_dur: int = 5, max_dur: int = 50) -> None:
    """An additional file with each light's static program turned actuated: same phases and order; every
    green phase (no 'y', some 'G'/'g') gets minDur/maxDur (SUMO's defaults for generated actuated lights,
    tls.min-dur 5 s and tls.max-dur 50 s), yellow phases keep their fixed duration. SUMO places its own
    detectors (it does for actuated programs, 'max-gap' 3 s, 'detector-gap' 2 s by default). Loaded as an
    additional file, the program 'actuated' becomes the active one."""
    root = ET.parse(net_file).getroot()
    add = ET.Element("additional")
    for tl in root.iter("tlLogic"):
        new = ET.SubElement(add, "tlLogic", id=tl.get("id"), type="actuated", programID="actuated",
                            offset=tl.get("offset", "0"))
        for ph in tl.iter("phase"):
            state = ph.get("state")
            attrs = {"duration": ph.get("duration"), "state": state}
            if "y" not in state and ("G" in state or "g" in state):
                attrs.update(duration=str(max(min_dur, int(float(ph.get("duration"))))),
                             minDur=str(min_dur), maxDur=str(max_dur))
            ET.SubElement(new, "phase", **attrs)
    ET.indent(add)
    ET.ElementTree(add).write(out, encoding="unicode")


def build_grid3(build: Path, levels=None, seeds=SEEDS, begin=BEGIN, end=END) -> list[Scenario]:
    d = build / "grid3"
    d.mkdir(parents=True, exist_ok=True)
    static, actuated = d / "grid3.net.xml", d / "grid3-actuated.net.xml"
    if not static.exists():
        build_grid3_net(static, "static")
    if not actuated.exists():
        build_grid3_net(actuated, "actuated")
    det = d / "detectors.add.xml"
    write_detectors(static, det)          # cheap, and a build dir from an older layout gets the current one
    out = []
    for level, period in (levels or LEVELS).items():
        for seed in seeds:
            rou = d / f"{level}-p{period}-s{seed}-{begin}-{end}.rou.xml"
            if not rou.exists():
                build_routes(static, rou, period, seed, begin, end)
            out.append(Scenario(f"grid3-{level}-s{seed}", "grid3", static, None, actuated, rou, det,
                                begin, end, seed))
    return out


def build_grid4x4(build: Path) -> Scenario:
    d = build / "grid4x4"
    d.mkdir(parents=True, exist_ok=True)
    src = resco_dir()
    net, rou = d / "grid4x4.net.xml", d / "grid4x4_1.rou.xml"
    for f, dst in ((src / "grid4x4.net.xml", net), (src / "grid4x4_1.rou.xml", rou)):
        if not dst.exists():
            shutil.copyfile(f, dst)
    cfg = ET.parse(src / "grid4x4.sumocfg").getroot()
    begin = int(float(cfg.find("time/begin").get("value")))
    end = int(float(cfg.find("time/end").get("value")))
    det, act = d / "detectors.add.xml", d / "actuated.add.xml"
    write_detectors(net, det)
    if not act.exists():
        actuate_program(net, act)
    return Scenario("grid4x4", "grid4x4", net, act, None, rou, det, begin, end, 0)


def build_all(build: Path = DEFAULT_BUILD, small: bool = False) -> list[Scenario]:
    if small:
        return build_grid3(build, levels={"moderate": LEVELS["moderate"]}, seeds=(1,), end=900)
    return build_grid3(build) + [build_grid4x4(build)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", type=Path, default=DEFAULT_BUILD)
    ap.add_argument("--small", action="store_true")
    args = ap.parse_args()
    for s in build_all(args.build, args.small):
        print(s.name, s.net, s.routes)


if __name__ == "__main__":
    main()
