"""Builds the scenarios and runs, side by side on the same routes and seeds: SUMO fixed-time, SUMO actuated, the
Python prototype (max-pressure; Webster with --webster) and the hub through the bridge (--hub-url/--api-key, or
the environment's CITYHUB_TRAFFIC_HUB_URL / CITYHUB_TRAFFIC_HUB_KEY). Prints and writes results.json and
results.md: mean delay (time loss + departure delay, every vehicle of the route file), trip time, waiting
time, teleports per scenario and seed, and the % against SUMO actuated.

  python3 tools/traffic/evaluate.py                 # full: 3x3 moderate/heavy x 3 seeds, grid4x4
  python3 tools/traffic/evaluate.py --small         # one 900 s 3x3 moderate run per control (CI)
  python3 tools/traffic/evaluate.py --police-hold --fixed-hold --drop-detectors 0.2
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scenarios  # noqa: E402
import sim  # noqa: E402

TARGETS = {"grid3-moderate": 25.0, "grid3-heavy": 25.0, "grid4x4": 45.0}   # % below actuated (issue 7)


def _task(args):
    scn, control, out, params, hold, drop, hub_url, api_key, police = args
    try:
        res = sim.run(scn, "hub" if control.startswith("hub") else control.split("+")[0], out, params,
                      hold=hold, drop=drop, hub_url=hub_url, api_key=api_key, police=police)
    except Exception as e:  # one broken run must not hide the others
        res = {"error": f"{type(e).__name__}: {e}"}
    return scn.name, control, res


def group_of(name: str) -> str:
    return name.rsplit("-s", 1)[0] if name.startswith("grid3") else name


def pct(x, ref):
    if x is None or not ref:
        return None
    return 100.0 * (x - ref) / ref


def summarise(results: dict, controls: list[str]) -> dict:
    """Per group (3x3 level or grid4x4): each control's metrics averaged over seeds, % vs actuated."""
    groups: dict[str, dict[str, list[dict]]] = {}
    for name, per in results.items():
        for control, res in per.items():
            groups.setdefault(group_of(name), {}).setdefault(control, []).append(res)
    out = {}
    for g, per in groups.items():
        row = {}
        for control, runs in per.items():
            ok = [r for r in runs if "error" not in r and r.get("meanDelay") is not None]
            if not ok:
                row[control] = {"error": "; ".join(r.get("error", "no data") for r in runs)}
                continue
            row[control] = {k: sum(r[k] for r in ok) / len(ok) for k in
                            ("meanDelay", "meanTripTime", "meanWaitingTime")}
            row[control]["teleports"] = sum((r.get("teleports") or 0) for r in ok)
            row[control]["runs"] = len(ok)
        ref = row.get("actuated", {}).get("meanDelay")
        for control, m in row.items():
            if "meanDelay" in m:
                m["vsActuatedPct"] = pct(m["meanDelay"], ref)
        out[g] = row
    return out


def fmt(x, nd=1):
    return "—" if x is None else f"{x:.{nd}f}"


def markdown(results: dict, summary: dict, controls: list[str], extras: dict, meta: dict) -> str:
    lines = [f"# Traffic evaluation ({meta['mode']})", "",
             f"SUMO {meta['sumo']}, {meta['begin']}–{meta['end']} s episodes, --time-to-teleport "
             f"{sim.TIME_TO_TELEPORT}; delay = timeLoss + departDelay over every vehicle of the route file "
             "(unfinished and undeparted included).", "",
             "## Mean delay per scenario group (average over seeds), s", "",
             "| scenario | " + " | ".join(controls) + " | " +
             " | ".join(f"{c} vs actuated" for c in controls if c not in ("fixed", "actuated")) + " |",
             "|---" * (1 + len(controls) + len([c for c in controls if c not in ("fixed", "actuated")])) + "|"]
    for g, row in summary.items():
        cells = [fmt(row.get(c, {}).get("meanDelay")) for c in controls]
        cells += [fmt(row.get(c, {}).get("vsActuatedPct")) + " %" for c in controls
                  if c not in ("fixed", "actuated")]
        lines.append(f"| {g} | " + " | ".join(cells) + " |")
    lines += ["", "## Every run", "",
              "| scenario | control | mean delay s | trip time s | waiting s | teleports | vehicles | "
              "unfinished | vs actuated |", "|---|---|---|---|---|---|---|---|---|"]
    for name, per in results.items():
        ref = per.get("actuated", {}).get("meanDelay")
        for control, r in per.items():
            if "error" in r:
                lines.append(f"| {name} | {control} | error: {r['error'][:80]} | | | | | | |")
                continue
            lines.append(f"| {name} | {control} | {fmt(r['meanDelay'])} | {fmt(r['meanTripTime'])} | "
                         f"{fmt(r['meanWaitingTime'])} | {r.get('teleports')} | {r['vehicles']} | "
                         f"{r['unfinished'] + r['undeparted']} | {fmt(pct(r['meanDelay'], ref))} % |")
    if extras:
        lines += ["", "## Police hold and detector loss", "",
                  "| scenario | run | mean delay s | base s | change |", "|---|---|---|---|---|"]
        for (name, label), (d, base, note) in sorted(extras.items()):
            lines.append(f"| {name} | {label}{note} | {fmt(d)} | {fmt(base)} | {fmt(pct(d, base))} % |")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", action="store_true", help="one 900 s 3x3 moderate scenario (CI)")
    ap.add_argument("--build", type=Path, default=scenarios.DEFAULT_BUILD)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--jobs", type=int, default=2, help="simulations at a time (default 2)")
    ap.add_argument("--webster", action="store_true", help="also run the Webster plan prototype")
    ap.add_argument("--only", help="comma-separated scenario names or groups (e.g. grid4x4)")
    ap.add_argument("--params", default="{}", help="max-pressure parameters as JSON (default: tuned)")
    ap.add_argument("--hub-url", default=os.environ.get("CITYHUB_TRAFFIC_HUB_URL"))
    ap.add_argument("--api-key", default=os.environ.get("CITYHUB_TRAFFIC_HUB_KEY"))
    ap.add_argument("--police-hold", action="store_true",
                    help="also run a 5-minute police hold at the central junction: green for the approach with the "
                         "longest standing queue at its start (+hold); with the hub, set through its override API")
    ap.add_argument("--fixed-hold", action="store_true",
                    help="also run the arbitrary hold of stage 0 (north-south through) instead (+hold0)")
    ap.add_argument("--police-login", default=os.environ.get("CITYHUB_TRAFFIC_POLICE_LOGIN", "police:police-demo-only"),
                    help="user:password of a traffic police account at the hub for the holds (default the demo's)")
    ap.add_argument("--drop-detectors", type=float, default=0.0, help="also run with this fraction of lanes dark")
    ap.add_argument("--require-better", action="store_true",
                    help="exit 1 unless max-pressure's (and the hub's) mean delay is below SUMO actuated in every group, and the hub kept control")
    args = ap.parse_args()

    out = args.out or (args.build / ("eval-small" if args.small else "eval"))
    out.mkdir(parents=True, exist_ok=True)
    scns = scenarios.build_all(args.build, small=args.small)
    if args.only:
        keep = set(args.only.split(","))
        scns = [s for s in scns if s.name in keep or group_of(s.name) in keep or s.family in keep]
    params = json.loads(args.params)
    controls = ["fixed", "actuated", "max-pressure"] + (["webster"] if args.webster else [])
    if args.hub_url and args.api_key:
        controls.append("hub")
    elif args.hub_url or args.api_key:
        print("hub: both --hub-url and --api-key are needed; hub runs skipped", file=sys.stderr)
    else:
        print("hub: skipped (no --hub-url/--api-key, CITYHUB_TRAFFIC_HUB_URL/CITYHUB_TRAFFIC_HUB_KEY unset)")

    police = None
    if "hub" in controls and (args.police_hold or args.fixed_hold):
        from bridge import PoliceDesk
        base = PoliceDesk.base_of(args.hub_url)
        police = (base, PoliceDesk.login(base, *args.police_login.split(":", 1)))

    tasks = []
    for s in scns:
        for c in controls:
            tasks.append((s, c, out / s.name / c, params if c == "max-pressure" else {}, None, 0.0,
                          args.hub_url, args.api_key, None))
        adaptive = [c for c in controls if c in ("max-pressure", "hub")]
        holds = [("hold", "queue")] * args.police_hold + [("hold0", "fixed")] * args.fixed_hold
        for label, policy in holds:
            for c in ["actuated"] + adaptive:
                tasks.append((s, f"{c}+{label}", out / s.name / f"{c}+{label}", params if c == "max-pressure" else {},
                              policy, 0.0, args.hub_url, args.api_key, police if c == "hub" else None))
        if args.drop_detectors > 0:
            for c in adaptive:
                tasks.append((s, f"{c}+drop", out / s.name / f"{c}+drop", params if c == "max-pressure" else {},
                              None, args.drop_detectors, args.hub_url, args.api_key, None))
    t0 = time.time()
    results: dict[str, dict[str, dict]] = {s.name: {} for s in scns}
    extras_raw: dict[str, dict[str, dict]] = {s.name: {} for s in scns}
    # hub runs one at a time (one gateway connection per run); the rest on the pool
    local = [t for t in tasks if not t[1].startswith("hub")]
    remote = [t for t in tasks if t[1].startswith("hub")]
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        done = list(pool.map(_task, local))
    done += [_task(t) for t in remote]
    for name, control, res in done:
        (extras_raw if "+" in control else results)[name][control] = res
        tag = "error" if "error" in res else f"delay {res['meanDelay']:.1f} s"
        print(f"{name:22s} {control:20s} {tag}", flush=True)

    summary = summarise(results, controls)
    extras = {}
    for name, per in extras_raw.items():
        for label, r in per.items():
            base = results[name].get(label.split("+")[0], {}).get("meanDelay")
            if "error" not in r:
                h = r.get("hold")
                note = f" (stage {h['stage']}{', ' + h['approach'] if h.get('approach') else ''}, {h['via']})" if h else ""
                extras[(name, label)] = (r["meanDelay"], base, note)
    meta = {"mode": "small" if args.small else "full", "sumo": sumo_version(),
            "begin": scns[0].begin if scns else 0, "end": scns[0].end if scns else 0,
            "seconds": round(time.time() - t0, 1), "params": params, "command": " ".join(sys.argv)}
    md = markdown(results, summary, controls, extras, meta)
    (out / "results.md").write_text(md)
    (out / "results.json").write_text(json.dumps(
        {"meta": meta, "results": results, "summary": summary,
         "extras": [{"scenario": n, "run": l, "meanDelay": d, "base": b, "changePct": pct(d, b), "note": note}
                    for (n, l), (d, b, note) in sorted(extras.items())]}, indent=1))
    print(md)
    print(f"written {out / 'results.md'} and results.json in {meta['seconds']} s")
    failed = [f"{n}/{c}" for n, per in results.items() for c, r in per.items() if "error" in r]
    if failed:
        print("runs failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    if args.require_better:
        worse = [f"{g}/{c}" for g, row in summary.items() for c in ("max-pressure", "hub")
                 if c in row and row[c]["meanDelay"] >= row["actuated"]["meanDelay"]]
        if worse:
            print("not below SUMO actuated: " + ", ".join(worse), file=sys.stderr)
            return 1
        # A hub that never took control would leave the lights on their own program and look like "fixed".
        idle = [f"{n}/{c}" for n, per in results.items() for c, r in per.items()
                if c.startswith("hub") and (r.get("bridge", {}).get("decisions", 0) == 0 or r.get("bridge", {}).get("fallbacks", 0) > 0)]
        if idle:
            print("the hub did not keep control (no decisions, or a fallback to the local plan): " + ", ".join(idle), file=sys.stderr)
            return 1
        # A hold meant for the hub must have gone through its override API, and the hub kept control around it.
        unheld = [f"{n}/{c}" for n, per in extras_raw.items() for c, r in per.items()
                  if c.startswith("hub+hold") and ("error" in r or r.get("hold", {}).get("via") != "hub override"
                                                   or r.get("bridge", {}).get("fallbacks", 0) > 0)]
        if unheld:
            print("the police hold did not run through the hub's override API: " + ", ".join(unheld), file=sys.stderr)
            return 1
    if not args.small:
        for g, target in TARGETS.items():
            m = summary.get(g, {}).get("max-pressure", {})
            if "vsActuatedPct" in m:
                verdict = "met" if -m["vsActuatedPct"] >= target else "NOT met"
                print(f"target {g}: >= {target:.0f} % below actuated: {-m['vsActuatedPct']:.1f} % ({verdict})")
    return 0


def sumo_version() -> str:
    import subprocess
    try:
        first = subprocess.run([scenarios.sumo_binary("sumo"), "--version"], capture_output=True, text=True,
                               env=scenarios.sumo_env()).stdout.splitlines()[0]
        return first.split("Version")[-1].strip()
    except Exception:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
