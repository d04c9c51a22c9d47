"""The SUMO gateway: plays a signal-system gateway for the simulator, per the agreed protocol
(/tmp/traffic/gateway-spec.md, version 1; summarised in docs/OPERATIONS.md "Simulator bridge").

It connects to the hub's WebSocket endpoint with an API key, says ``hello`` with ``clock: "sim"``, then each
simulated second sends one ``status`` (every accepted intersection, all its detectors) and waits for the
``decisions`` answering it, applies them through TraCI (the signal driver runs the inter-green before a new
stage) and steps SUMO. It falls back to the SUMO program (the controller's local plan) for an intersection when
the command's ``validFor`` has passed without a newer one, and for all of them when the hub has not answered
within ``timeoutSeconds`` of wall time or the connection closes; it then keeps the simulation running on the
local plans, reconnects, and returns to hub control only after a new ``welcome`` and a fresh ``decisions``.

Evaluation options: ``drop`` (a seeded set of detector lanes that never report) and ``hold`` (a police hold at
one intersection for a time window). With ``police`` (a traffic police login at the hub) the hold is set the way
an officer sets it: ``POST /api/v1/traffic/intersections/{id}/overrides`` (kind hold, a reason, 5 minutes) when
the simulation reaches its start; the hub, on this gateway's simulated clock, ends it after 300 simulated seconds
by itself, and the bridge cancels it after the run so the next run starts clean. Without ``police`` (the fake
hub of the tests) the bridge imposes the hold on the light whatever the hub says.

Run by hand: python3 tools/traffic/bridge.py --hub-url ws://127.0.0.1:8080/api/v1/traffic/gateway
             --api-key KEY [--scenario grid3-moderate-s1] [--end 900]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hubapi import HubAPI  # noqa: E402

log = logging.getLogger("bridge")

MIN_GREEN = 5.0


class PoliceDesk:
    """The hub's override API as a traffic police officer uses it (HTTP, bearer token)."""

    def __init__(self, base: str, token: str):
        self.api = HubAPI(base, token)

    @staticmethod
    def base_of(ws_url: str) -> str:
        """http(s)://host:port of a ws(s):// gateway URL."""
        from urllib.parse import urlsplit
        u = urlsplit(ws_url)
        return f"{'https' if u.scheme == 'wss' else 'http'}://{u.netloc}"

    @staticmethod
    def login(base: str, username: str, password: str) -> str:
        return HubAPI(base).login(username, password)

    def hold(self, jid: str, stage: int, minutes: float, reason: str) -> dict:
        from urllib.parse import quote
        return self.api.call("POST", f"/api/v1/traffic/intersections/{quote(jid, safe='')}/overrides",
                             {"kind": "hold", "stage": stage, "reason": reason, "minutes": minutes}, timeout=10)

    def cancel(self, override_id: str) -> None:
        import urllib.error
        from urllib.parse import quote
        try:
            self.api.call("POST", f"/api/v1/traffic/overrides/{quote(override_id, safe='')}/cancel", {}, timeout=10)
        except urllib.error.HTTPError as e:   # already ended (expired on the wall clock): nothing to do
            if e.code not in (404, 409):
                raise


class Bridge:
    def __init__(self, conn, junctions: dict, url: str, api_key: str, drop: set | None = None,
                 hold: tuple | None = None, min_green: float = MIN_GREEN, reconnect_every: float = 10.0,
                 gateway: str = "sumo-bridge", police: PoliceDesk | None = None):
        from signals import Detectors, Driver
        self.conn, self.junctions, self.url, self.api_key = conn, junctions, url, api_key
        self.drop = drop or set()
        self.hold = hold          # (junction id, from, duration, policy "queue" | "fixed"), see sim.hold_choice
        self.police = police
        self.hold_info: dict | None = None
        self.min_green = min_green
        self.reconnect_every = reconnect_every   # s of simulated time between reconnect attempts
        self.gateway = gateway
        self.det = Detectors(conn, junctions)
        now = conn.simulation.getTime()
        self.drivers = {jid: Driver(conn, j, now) for jid, j in junctions.items()}
        self.ws = None
        self.seq = 0
        self.hub_seq = 0
        self.accepted: list[str] = []
        self.timeout = 3.0
        self.heartbeat = 1.0
        self.valid_until: dict[str, float] = {}
        self.online = False          # welcome received and not fallen back since
        self.last_send = 0.0
        self.next_reconnect = 0.0
        self.stats = {"statuses": 0, "decisions": 0, "fallbacks": 0, "timeouts": 0, "expired": 0,
                      "faults": 0, "errors": 0, "duplicates": 0, "gaps": 0, "heartbeats": 0, "reconnects": 0}

    # -- messages -------------------------------------------------------------------------------------------
    async def send(self, msg: dict) -> int:
        self.seq += 1
        msg = {"v": 1, **msg, "seq": self.seq}
        await self.ws.send(json.dumps(msg))
        self.last_send = time.monotonic()
        return self.seq

    def accept_seq(self, msg: dict) -> bool:
        """False for a repeated (or older) hub seq, which is ignored; gaps are counted."""
        s = msg.get("seq")
        if not isinstance(s, int):
            return True
        if s <= self.hub_seq:
            self.stats["duplicates"] += 1
            return False
        if s > self.hub_seq + 1 and self.hub_seq:
            self.stats["gaps"] += 1
        self.hub_seq = s
        return True

    async def recv(self, deadline: float) -> dict | None:
        """The next valid hub message before the wall-clock deadline (heartbeats sent meanwhile), else None."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            wait = min(left, max(0.05, self.heartbeat - (time.monotonic() - self.last_send)))
            try:
                raw = await asyncio.wait_for(self.ws.recv(), wait)
            except asyncio.TimeoutError:
                if time.monotonic() - self.last_send >= self.heartbeat:
                    await self.send({"type": "heartbeat", "time": self.conn.simulation.getTime()})
                    self.stats["heartbeats"] += 1
                continue
            try:
                msg = json.loads(raw)
                if not isinstance(msg, dict) or msg.get("v") != 1:
                    raise ValueError("not a version 1 object")
            except ValueError:
                log.warning("bad message from hub: %.200s", raw)
                self.stats["errors"] += 1
                continue
            if not self.accept_seq(msg):
                continue
            if msg.get("type") == "error":
                log.warning("hub error: %s", msg)
                self.stats["errors"] += 1
                continue
            if msg.get("type") == "heartbeat":
                continue
            return msg

    async def connect(self) -> bool:
        from websockets.asyncio.client import connect
        self.close_ws()
        try:
            self.ws = await connect(self.url, additional_headers={"Authorization": f"Bearer {self.api_key}"},
                                    open_timeout=self.timeout, max_size=2 ** 24)
        except Exception as e:  # refused, 403, DNS, timeout: stay local, retry later
            log.warning("cannot connect to %s: %s", self.url, e)
            self.ws = None
            return False
        self.seq = self.hub_seq = 0
        now = self.conn.simulation.getTime()
        await self.send({"type": "hello", "gateway": self.gateway, "clock": "sim", "time": now,
                         "intersections": sorted(self.junctions)})
        try:
            msg = await self.recv(time.monotonic() + self.timeout)
        except Exception:
            msg = None
        if not msg or msg.get("type") != "welcome" or msg.get("re") != 1:
            log.warning("no welcome from hub: %s", msg)
            self.close_ws()
            return False
        self.timeout = float(msg.get("timeoutSeconds", 3))
        self.heartbeat = float(msg.get("heartbeatSeconds", 1))
        self.accepted = [i["id"] for i in msg.get("intersections", [])
                         if i.get("accepted") and i.get("id") in self.junctions]
        self.online = True
        return True

    def close_ws(self) -> None:
        if self.ws is not None:
            ws, self.ws = self.ws, None
            try:
                asyncio.get_running_loop().create_task(ws.close())
            except RuntimeError:
                pass

    # -- signals --------------------------------------------------------------------------------------------
    def status(self, now: float) -> dict:
        items = []
        for jid in self.accepted:
            d = self.drivers[jid]
            dets = [{k: v for k, v in rec.items() if k != "role"}
                    for rec in self.det.status(d.j, self.drop)]
            mode = "hub" if d.mode == "hub" else "local"
            if d.mode == "flash":
                mode = "flash"
            items.append({"id": jid, "stage": d.stage, "stageSince": d.since, "transition": d.transition,
                          "mode": mode, "detectors": dets})
        return {"type": "status", "time": now, "intersections": items}

    def holding(self, jid: str, now: float) -> bool:
        """True while the bridge itself imposes the hold on this light (no police login: the fake hub)."""
        return (bool(self.hold) and self.police is None and jid == self.hold[0]
                and self.hold[1] <= now < self.hold[1] + self.hold[2])

    def start_hold(self, now: float) -> None:
        """At the hold's start: choose the stage (what the officer sees) and, with a police login, set the
        override at the hub before this second's status."""
        if not self.hold or self.hold_info is not None or now < self.hold[1]:
            return
        from sim import hold_choice
        jid, start, duration, policy = self.hold
        stage, approach = hold_choice(self.conn, self.junctions[jid], policy)
        self.hold_info = {"intersection": jid, "policy": policy, "stage": stage, "approach": approach,
                          "from": now, "to": now + duration, "via": "bridge"}
        if self.police is not None:
            why = (f"演练：放行排队最长的进口 {approach} / drill: release the longest queue ({approach})" if approach
                   else "演练：保持南北直行绿灯 / drill: hold north-south through")
            o = self.police.hold(jid, stage, duration / 60.0, why)
            self.hold_info.update(via="hub override", override=o.get("id"))

    async def apply(self, now: float, msg: dict) -> None:
        for cmd in msg.get("commands", []):
            jid = cmd.get("intersection")
            if jid not in self.drivers or jid not in self.accepted:
                continue
            if self.holding(jid, now):
                self.valid_until.pop(jid, None)       # the hold rules the light; the hub resumes after it
                continue
            d = self.drivers[jid]
            action = cmd.get("action")
            valid = cmd.get("validFor")
            self.valid_until[jid] = now + float(valid) if isinstance(valid, (int, float)) else float("inf")
            if action == "stage":
                stage = cmd.get("stage")
                if not isinstance(stage, int) or not 0 <= stage < len(d.j.stages):
                    await self.fault(jid, "BAD_STAGE", f"no stage {stage}")
                    continue
                if (stage != d.stage and not d.transition and d.mode == "hub"
                        and now - d.since < max(self.min_green, d.j.min_green_ped)):
                    await self.fault(jid, "MIN_GREEN", f"stage {d.stage} green for {now - d.since:.0f} s")
                    continue
                d.request(now, stage)
            elif action == "allRed":
                d.all_red(now)
            elif action == "flash":
                d.mode = "flash"
                self.conn.trafficlight.setRedYellowGreenState(jid, "o" * len(d.j.stages[0]))
            elif action == "local":
                d.go_local(now)
                self.valid_until.pop(jid, None)

    async def fault(self, jid: str, code: str, message: str) -> None:
        self.stats["faults"] += 1
        if self.ws is not None:
            await self.send({"type": "fault", "intersection": jid, "code": code, "message": message})

    def fallback(self, now: float, why: str, only: str | None = None) -> None:
        for jid, d in self.drivers.items():
            if only is not None and jid != only:
                continue
            if d.mode != "local":
                d.go_local(now)
                self.stats["fallbacks"] += 1
            self.valid_until.pop(jid, None)
        if only is None:
            log.warning("fallback to local plans at t=%.0f: %s", now, why)
            self.online = False
            self.close_ws()

    def apply_hold(self, now: float) -> None:
        if not self.hold or self.police is not None:
            return
        jid = self.hold[0]
        d = self.drivers[jid]
        if self.holding(jid, now):
            stage = self.hold_info["stage"] if self.hold_info else 0
            if d.mode != "hub":
                d.request(now, d.stage)
            if d.stage != stage and not d.transition and now - d.since >= self.min_green:
                d.request(now, stage)
        elif now >= self.hold[1] + self.hold[2] and d.mode == "hub" and not self.online:
            d.go_local(now)

    # -- the loop -------------------------------------------------------------------------------------------
    async def step(self, now: float) -> None:
        """One simulated second with the hub: status out, decisions in (lockstep)."""
        seq = await self.send(self.status(now))
        self.stats["statuses"] += 1
        deadline = time.monotonic() + self.timeout
        while True:
            msg = await self.recv(deadline)
            if msg is None:
                self.stats["timeouts"] += 1
                self.fallback(now, "no decisions within timeoutSeconds")
                return
            if msg.get("type") == "decisions" and msg.get("re") == seq:
                self.stats["decisions"] += 1
                await self.apply(now, msg)
                return
            # decisions for an older status, or anything else: keep waiting for ours

    async def run(self, end: float) -> dict:
        conn = self.conn
        now = conn.simulation.getTime()
        while now < end:
            conn.simulationStep()
            now = conn.simulation.getTime()
            self.det.update()
            for d in self.drivers.values():
                d.tick(now)
            for jid, until in list(self.valid_until.items()):
                if now > until and not self.holding(jid, now):   # a held light is not the hub's
                    self.stats["expired"] += 1
                    self.fallback(now, "validFor expired", only=jid)
            if self.ws is None and now >= self.next_reconnect:
                self.next_reconnect = now + self.reconnect_every
                if await self.connect():
                    self.stats["reconnects"] += 1
            self.start_hold(now)
            if self.ws is not None:
                try:
                    await self.step(now)
                except Exception as e:  # connection closed
                    log.warning("connection lost: %s", e)
                    self.fallback(now, f"connection closed ({type(e).__name__})")
            self.apply_hold(now)
        if self.ws is not None:
            ws, self.ws = self.ws, None
            await ws.close()
        self.stats["reconnects"] = max(0, self.stats["reconnects"] - 1)
        if self.hold_info and self.hold_info.get("override"):
            self.police.cancel(self.hold_info["override"])   # long over in simulated time; tidy for the next run
        return {"bridge": self.stats, **({"hold": self.hold_info} if self.hold_info else {})}

    def run_blocking(self, end: float) -> dict:
        return asyncio.run(self.run(end))


def main() -> None:
    import scenarios
    import sim
    ap = argparse.ArgumentParser(description="SUMO gateway bridge to a CityHub traffic endpoint")
    ap.add_argument("--hub-url", required=True)
    ap.add_argument("--api-key", required=True)
    ap.add_argument("--scenario", default="grid3-moderate-s1")
    ap.add_argument("--end", type=int, help="end of the run (s); default the scenario's")
    ap.add_argument("--drop-detectors", type=float, default=0.0)
    ap.add_argument("--police-hold", nargs="?", const="queue", choices=("queue", "fixed"),
                    help="a 5-minute police hold at the central junction (default: the longest queue's stage)")
    ap.add_argument("--police-login", default="police:police-demo-only",
                    help="user:password of a traffic police account at the hub, for the hold (default the demo's)")
    ap.add_argument("--build", type=Path, default=scenarios.DEFAULT_BUILD)
    ap.add_argument("--out", type=Path, default=scenarios.DEFAULT_BUILD / "bridge-run")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    scns = {s.name: s for s in scenarios.build_all(args.build)}
    scn = scns[args.scenario]
    if args.end:
        import dataclasses
        scn = dataclasses.replace(scn, end=args.end)
    police = None
    if args.police_hold:
        base = PoliceDesk.base_of(args.hub_url)
        police = (base, PoliceDesk.login(base, *args.police_login.split(":", 1)))
    res = sim.run(scn, "hub", args.out, hold=args.police_hold, drop=args.drop_detectors,
                  hub_url=args.hub_url, api_key=args.api_key, police=police)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
