"""Where a police hold's cost comes from: the added delay of a hold run against the base run of the same scenario
and control, split by what the hold did to each vehicle.

  (a) red     -- the vehicle's route crosses the held junction on a movement the held stage keeps red, and its
                 trip overlaps the hold (departed before it ended, still driving when it began);
  (b) served  -- the same, on a movement the held stage gives green (the held approach);
  (c) others  -- everyone else (the rest of the network, and crossings of the junction outside the hold).

Each group's share is its vehicles' summed added delay (timeLoss + departDelay, as metrics.py counts it) divided by
the base run's total delay, so (a) + (b) + (c) is the hold's change of the network mean delay. (a) is the part the
hold forces on the vehicles it stops: a controller can only shorten it by clearing them quickly after the release.
(c) is where the controller has most say.

  python3 tools/traffic/hold_cost.py --net NET --routes ROU --base OUT/scn/hub --held OUT/scn/hub+hold

``--held`` must hold tripinfo.xml and the result.json evaluate.py writes (the hold's junction, stage, from, to).
"""
from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from signals import green, load_junctions  # noqa: E402

GROUPS = ("red", "served", "others")


def edge_of(lane: str) -> str:
    return lane.rsplit("_", 1)[0]


def trips(tripinfo: Path) -> dict[str, dict]:
    """vehicle id -> {delay, depart, arrival} (arrival -1 when unfinished, depart -1 when never inserted)."""
    out = {}
    for _, el in ET.iterparse(tripinfo, events=("end",)):
        if el.tag != "tripinfo":
            continue
        a = el.attrib
        out[a["id"]] = {"delay": float(a["timeLoss"]) + float(a["departDelay"]),
                        "depart": float(a.get("depart", "-1")), "arrival": float(a.get("arrival", "-1"))}
        el.clear()
    return out


def routes(route_file: Path) -> dict[str, list[str]]:
    """vehicle id -> its edges (an embedded <route>, or one referenced by id)."""
    named: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    root = ET.parse(route_file).getroot()
    for r in root.iter("route"):
        if r.get("id"):
            named[r.get("id")] = r.get("edges", "").split()
    for v in root.iter("vehicle"):
        inner = v.find("route")
        if inner is not None:
            out[v.get("id")] = inner.get("edges", "").split()
        elif v.get("route") in named:
            out[v.get("id")] = named[v.get("route")]
    return out


def movements(junction, stage: int) -> tuple[set, set]:
    """(every (in edge, out edge) movement at the junction, those green in the stage)."""
    state = junction.stages[stage]
    every, served = set(), set()
    for idx, li, lo in junction.links:
        every.add((edge_of(li), edge_of(lo)))
        if idx < len(state) and green(state[idx]):
            served.add((edge_of(li), edge_of(lo)))
    return every, served


def classify(edges: list[str], every: set, served: set) -> str | None:
    """'served' or 'red' for the vehicle's crossing of the junction, None when its route does not cross it."""
    for pair in zip(edges, edges[1:]):
        if pair in every:
            return "served" if pair in served else "red"
    return None


def split(base: dict, held: dict, route: dict, every: set, served: set, start: float, end: float) -> dict:
    """Per group: vehicles and summed added delay; plus the base run's total delay and vehicle count."""
    groups = {g: {"vehicles": 0, "added": 0.0} for g in GROUPS}
    for vid, h in held.items():
        b = base.get(vid)
        if b is None:
            continue
        crossing = classify(route.get(vid, []), every, served)
        during = 0 <= h["depart"] <= end and (h["arrival"] < 0 or h["arrival"] >= start)
        g = crossing if crossing and during else "others"
        groups[g]["vehicles"] += 1
        groups[g]["added"] += h["delay"] - b["delay"]
    total = sum(t["delay"] for t in base.values())
    for g in groups.values():
        g["pctOfBase"] = 100.0 * g["added"] / total if total else None
    return {"groups": groups, "baseTotalDelay": total, "vehicles": len(base),
            "baseMeanDelay": total / len(base) if base else None,
            "changePct": sum(g["pctOfBase"] or 0.0 for g in groups.values())}


def analyse(net: Path, route_file: Path, base_dir: Path, held_dir: Path) -> dict:
    hold = json.loads((held_dir / "result.json").read_text())["hold"]
    junction = load_junctions(net)[hold["intersection"]]
    every, served = movements(junction, hold["stage"])
    res = split(trips(base_dir / "tripinfo.xml"), trips(held_dir / "tripinfo.xml"), routes(route_file),
                every, served, hold["from"], hold["to"])
    res["hold"] = hold
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--net", type=Path, required=True)
    ap.add_argument("--routes", type=Path, required=True)
    ap.add_argument("--base", type=Path, required=True, help="the base run's output directory (tripinfo.xml)")
    ap.add_argument("--held", type=Path, required=True, help="the hold run's output directory (tripinfo.xml, result.json)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    res = analyse(args.net, args.routes, args.base, args.held)
    if args.json:
        print(json.dumps(res, indent=1))
        return
    h = res["hold"]
    print(f"hold {h['intersection']} stage {h['stage']} {h['from']:.0f}-{h['to']:.0f} s; base mean delay "
          f"{res['baseMeanDelay']:.2f} s over {res['vehicles']} vehicles; change {res['changePct']:+.1f} %")
    for name, g in res["groups"].items():
        print(f"  {name:7s} {g['vehicles']:5d} vehicles  {g['added']:+9.0f} s  {g['pctOfBase']:+.1f} % of base delay")


if __name__ == "__main__":
    main()
