"""Prototype controllers for the hub, driven by lane detector data only (what a real site has: per lane zone
<= 100 m: vehicles present, halting, passed at the stop line, occupancy). No route knowledge, no destinations.

* ``MaxPressure`` — adaptive max-pressure with minimum green, inter-green (run by the signal driver), maximum
  green, maximum wait (no starvation) and switching hysteresis. The algorithm is written out in FINDINGS.md.
* ``Webster`` — a flow-optimised plan: the stages in program order with Webster's cycle and splits computed from
  the measured stop-line counts of the last period, recomputed every period at a cycle boundary.

Both take the same input each decision step: for every intersection its status as the gateway sends it
(``stage``, ``stageSince``, ``transition``, ``detectors``) and answer {intersection: stage}.
"""
from __future__ import annotations

import dataclasses
from signals import Junction, green


def main_dir(dirs) -> str:
    """The lane's main movement: straight if it has one, else its (first) turn; '?' when unknown."""
    if not dirs:
        return "?"
    if "s" in dirs:
        return "s"
    return sorted(dirs)[0]


@dataclasses.dataclass
class MPParams:
    min_green: float = 5.0        # s, vehicle minimum green (pedestrian minimum added when the junction has one)
    max_green: float = 60.0       # s, the stage must yield when another stage has demand
    max_wait: float = 120.0       # s, a stage with demand waiting this long is served next (no starvation)
    interval: float = 1.0         # s, decision step once the minimum green has run
    count: str = "vehicles"       # "vehicles" (present in zone) or "halting"
    out_weight: float = 0.5       # weight of the downstream (outgoing zone) count (tuned: 1.0 and 0 worse)
    hysteresis: float = 0.0       # switch only when best pressure > current + hysteresis (vehicles)
    switch_cost: float = 0.0      # extra margin per second of inter-green the change costs (vehicles / s)
    permissive_weight: float = 1.0  # weight of permissive ('g') links in a stage
    silent_demand: bool = True    # a stage with a silent incoming lane counts as having demand (max_wait serves it)
    silent_estimate: str = "mean"  # "mean" or "max" of the lanes a silent lane is estimated from
    upstream: bool = True         # a silent incoming lane is at least what the upstream outgoing zone sees
    hold_resets_wait: bool = True   # after a police hold, max_wait counts from its end (not from the hold's start)
    queue_model: str = "max"      # silent incoming lanes: "off", "max" (max of the model and the movement estimate)
                                  # or "model" (the model alone, with upstream): see _silent_queue
    saturation: float = 0.5       # veh/s per lane discharged while green (queue model)
    rate_window: float = 300.0    # s, time constant of the arrival-rate mean (queue model)
    zone_capacity: float = 13.0   # vehicles a 100 m zone holds (queue model cap)
    feeder_arrivals: bool = True   # queue model: a silent lane's arrivals are the vehicles leaving its feeders'
                                  # outgoing zones (their exit loops' counts, each feeder's free-flow seconds later),
                                  # the lane's share of what a feeder feeds from learnt stop-line rates
    oracle: str = "off"           # research only, needs the truth from sim: a silent lane's "count" as it is, or its
                                  # queue model fed by its true zone "arrivals" -- bounds for what estimation can reach
    silent_wait: float = 240.0    # s, max wait of a stage whose only demand is silent lanes' estimates (a measured
                                  # vehicle keeps max_wait): forcing a possibly empty lane at 120 s cost more than it saved


class MaxPressure:
    name = "max-pressure"

    def __init__(self, junctions: dict[str, Junction], params: MPParams | None = None):
        self.p = params or MPParams()
        self.j = junctions
        self.last_served: dict[str, list[float]] = {}
        # per junction, per stage: [(in lane, [out lanes], weight)]
        self.moves: dict[str, list[list[tuple[str, list[str], float]]]] = {}
        self.signature: dict[str, dict[str, tuple]] = {}
        self.out_sets = {jid: set(j.out_lanes) for jid, j in junctions.items()}
        self.upstream_out: dict[str, float] = {}
        self.exit_history: list[dict[str, float]] = []   # per status, out lane -> vehicles over its exit loop
        self.exit_counting: set[str] = set()               # out lanes whose exit loop has counted a vehicle
        self.fans = {(jid, f): [l for l in j.in_lanes if any(f == g for g, _ in j.feeders.get(l, []))]
                     for jid, j in junctions.items() for fs in j.feeders.values() for f, _ in fs}
        self.truth_prev: dict[tuple[str, str], float] = {}
        self.rate: dict[tuple[str, str], float] = {}     # (junction, lane) -> mean stop-line arrivals per s
        self.silent_q: dict[tuple[str, str], float] = {}  # (junction, silent lane) -> modelled count
        self.last_time: dict[str, float] = {}
        self.measured: dict[str, list[bool]] = {}        # per junction, per stage: a reporting lane holds a vehicle
        for jid, j in junctions.items():
            per_stage = []
            for s, state in enumerate(j.stages):
                mv: dict[str, list] = {}
                for idx, li, lo in j.links:
                    if idx < len(state) and green(state[idx]):
                        w = 1.0 if state[idx] == "G" else self.p.permissive_weight
                        rec = mv.setdefault(li, [[], 0.0])
                        if lo not in rec[0]:
                            rec[0].append(lo)
                        rec[1] = max(rec[1], w)
                per_stage.append([(li, outs, w) for li, (outs, w) in mv.items()])
            self.moves[jid] = per_stage
            self.signature[jid] = {li: (tuple(sorted(s for s, moves in enumerate(per_stage)
                                                     if any(m[0] == li for m in moves))), main_dir(j.dirs.get(li)))
                                   for li in j.in_lanes}
            self.last_served[jid] = [0.0] * len(j.stages)
        self.green_lanes = {jid: [{li for li, _, _ in moves} for moves in self.moves[jid]] for jid in junctions}

    def _learn_rates(self, j: Junction, detectors: list[dict], dt: float) -> None:
        """Per reporting incoming lane, the running mean of its stop-line count per second (arrivals, long run)."""
        a = min(1.0, dt / self.p.rate_window)
        ins = set(j.in_lanes)
        for d in detectors:
            if d["id"] in ins:
                key = (j.id, d["id"])
                self.rate[key] = (1 - a) * self.rate.get(key, 0.0) + a * float(d.get("passed", 0)) / max(dt, 1e-9)

    def _silent_queue(self, j: Junction, lane: str, peers: list[str], st: dict, now: float, dt: float) -> float:
        """A silent incoming lane's count from a queue model: arrivals at the long-run rate of its peers (the
        reporting lanes it is estimated from), discharge at saturation flow while one of its links is green
        (after 2 s of start-up), never below 0 nor above the zone's capacity."""
        key = (j.id, lane)
        rates = [self.rate.get((j.id, l), 0.0) for l in peers]
        arrive = sum(rates) / len(rates) if rates else 0.0
        arrived = arrive * dt
        if self.p.oracle == "arrivals" and lane in st.get("truth", {}):
            d = st["truth"][lane]
            before = self.truth_prev.get(key, float(d["vehicles"]))
            self.truth_prev[key] = float(d["vehicles"])
            arrived = max(0.0, float(d["vehicles"]) - before + float(d["passed"]))
        elif self.p.feeder_arrivals:
            fed = self._fed(j, lane, arrive, st)
            if fed is not None:
                arrived = fed
        q = self.silent_q.get(key, 0.0) + arrived
        cur = st["stage"]
        if not st["transition"] and lane in self.green_lanes[j.id][cur] and now - st["stageSince"] >= 2:
            q -= self.p.saturation * dt
        q = min(self.p.zone_capacity, max(0.0, q))
        self.silent_q[key] = q
        return q

    def _fed(self, j: Junction, lane: str, rate: float, st: dict) -> float | None:
        """Vehicles reaching a silent lane's zone in this step from its feeders (None when it has none, or one of
        them does not report): each feeder's exit count its free-flow seconds ago, times this lane's share of the
        lanes that feeder feeds (learnt stop-line rates; ``rate``, its peers' rate, for this lane and other silent
        ones)."""
        feeders = j.feeders.get(lane) or []
        if not feeders:
            return None
        reporting = {d["id"] for d in st["detectors"]}
        total = 0.0
        for f, seconds in feeders:
            back = int(round(seconds))
            if (back >= len(self.exit_history) or f not in self.exit_counting or f not in self.exit_history[-1]
                    or f not in self.exit_history[-1 - back]):
                return None          # not enough history yet, or its exit loop is dark
            fan = self.fans.get((j.id, f), [lane])
            rates = {l: self.rate[(j.id, l)] if l in reporting and (j.id, l) in self.rate else rate for l in fan}
            den = sum(rates.values())
            total += self.exit_history[-1 - back][f] * (rates.get(lane, rate) / den if den > 0 else 1.0 / len(fan))
        return total

    def _counts(self, j: Junction, detectors: list[dict], st: dict | None = None, now: float = 0.0,
                dt: float = 1.0) -> tuple[dict, dict, dict]:
        key = self.p.count
        vals = {d["id"]: d for d in detectors}
        q_in, q_out, halt_in = {}, {}, {}
        for lane in j.in_lanes:
            if lane in vals:
                q_in[lane] = float(vals[lane][key])
                halt_in[lane] = float(vals[lane]["halting"])
        for lane in j.out_lanes:
            if lane in vals:
                q_out[lane] = float(vals[lane][key])
        # missing detectors: never zero traffic -- estimate from the reporting lanes most like the silent one:
        # lanes of the same movement (the same main direction, green in a common stage), same edge first (the
        # other lane of the movement), then at the junction (the opposing approach's lane); then the other
        # lanes of its edge; then all lanes on that side.
        sig = self.signature[j.id]
        for lanes, q in ((j.in_lanes, q_in), (j.out_lanes, q_out)):
            known = dict(q)
            allmean = sum(known.values()) / len(known) if known else 0.0
            for lane in lanes:
                if lane in q:
                    continue
                edge = lane.rsplit("_", 1)[0]
                mine = sig.get(lane)
                same_sig = [l for l in known if mine is not None and l in sig and sig[l][1] == mine[1]
                            and set(sig[l][0]) & set(mine[0])]
                peers = list(known)
                for group in ([l for l in same_sig if l.rsplit("_", 1)[0] == edge], same_sig,
                              [l for l in known if l.rsplit("_", 1)[0] == edge]):
                    if group:
                        vals_ = [known[l] for l in group]
                        q[lane] = max(vals_) if self.p.silent_estimate == "max" else sum(vals_) / len(vals_)
                        peers = group
                        break
                else:
                    q[lane] = allmean
                if q is q_in and self.p.queue_model != "off" and st is not None:
                    m = self._silent_queue(j, lane, peers, st, now, dt)
                    q[lane] = m if self.p.queue_model == "model" else max(m, q[lane])
                if q is q_in and self.p.upstream and lane in self.upstream_out:
                    # the same lane's other end: the upstream junction's outgoing zone (arrivals to come)
                    q[lane] = max(q[lane], self.upstream_out[lane])
                if q is q_in and self.p.oracle == "count" and st is not None and lane in st.get("truth", {}):
                    q[lane] = float(st["truth"][lane][key])
        for lane in j.in_lanes:
            halt_in.setdefault(lane, q_in[lane] if key == "halting" else 0.0)
        return q_in, q_out, halt_in

    def pressures(self, jid: str, detectors: list[dict], st: dict | None = None, now: float = 0.0,
                  dt: float = 1.0) -> tuple[list[float], list[bool]]:
        j = self.j[jid]
        q_in, q_out, halt_in = self._counts(j, detectors, st, now, dt)
        reporting = {d["id"] for d in detectors}
        press, demand, measured = [], [], []
        for moves in self.moves[jid]:
            p, d, m = 0.0, False, False
            for li, outs, w in moves:
                down = sum(q_out.get(lo, 0.0) for lo in outs) / len(outs)
                p += w * (q_in.get(li, 0.0) - self.p.out_weight * down)
                # silent_demand: a silent lane's stage always counts as having demand (so max_wait serves it)
                d = (d or halt_in.get(li, 0.0) > 0 or q_in.get(li, 0.0) > 0
                     or (self.p.silent_demand and li not in reporting))
                m = m or (li in reporting and (halt_in.get(li, 0.0) > 0 or q_in.get(li, 0.0) > 0))
            press.append(p)
            demand.append(d)
            measured.append(m)
        self.measured[jid] = measured
        return press, demand

    def decide(self, now: float, statuses: list[dict], held: dict[str, int] | None = None) -> dict[str, int]:
        """``held``: junction -> stage of a police hold in force (kept green once the current green's minimum
        has run, as the hub's override does)."""
        held = held or {}
        out = {}
        if self.p.upstream:
            # every junction's outgoing zones, by lane: a silent incoming lane may be seen from its other end
            self.upstream_out = {d["id"]: float(d[self.p.count]) for st in statuses if st["id"] in self.j
                                 for d in st["detectors"] if d["id"] in self.out_sets[st["id"]]}
        if self.p.feeder_arrivals:
            self.exit_history.append({d["id"]: float(d.get("passed", 0)) for st in statuses if st["id"] in self.j
                                      for d in st["detectors"] if d["id"] in self.out_sets[st["id"]]})
            del self.exit_history[:-30]
            # an exit that never counted a vehicle may have no loop (a gateway sending 0): not "nothing arrives"
            self.exit_counting.update(lane for lane, n in self.exit_history[-1].items() if n > 0)
        for st in statuses:
            jid = st["id"]
            j = self.j[jid]
            cur = st["stage"]
            served = self.last_served[jid]
            dt = now - self.last_time.get(jid, now - 1.0)
            self.last_time[jid] = now
            cached = None
            if self.p.queue_model != "off":       # the silent lanes' model runs every second
                self._learn_rates(j, st["detectors"], dt)
                cached = self.pressures(jid, st["detectors"], st, now, dt)
            if st["transition"]:
                out[jid] = st.get("target", cur) if st.get("target") is not None else cur
                continue
            served[cur] = now
            g = now - st["stageSince"]
            min_green = max(self.p.min_green, j.min_green_ped)
            if jid in held:
                out[jid] = cur if g < min_green else held[jid]
                if self.p.hold_resets_wait:
                    served[:] = [now] * len(served)   # waiting under a hold is not the controller's starvation
                continue
            if g < min_green or (self.p.interval > 1 and int(round(g - min_green)) % int(self.p.interval)):
                out[jid] = cur
                continue
            press, demand = cached or self.pressures(jid, st["detectors"])
            others = [s for s in range(len(press)) if s != cur and demand[s]]
            if not others:
                out[jid] = cur
                continue
            measured = self.measured[jid]
            starving = [s for s in others
                        if now - served[s] >= (self.p.max_wait if measured[s] else max(self.p.max_wait, self.p.silent_wait))]
            if starving:
                out[jid] = max(starving, key=lambda s: (now - served[s], press[s]))
                continue
            best = max(others, key=lambda s: press[s])
            if g >= self.p.max_green:
                out[jid] = best
                continue
            cost = self.p.switch_cost * sum(d for _, d in j.intergreen(cur, best))
            if press[best] > press[cur] + self.p.hysteresis + cost and press[best] > 0:
                out[jid] = best
            else:
                out[jid] = cur
        return out


@dataclasses.dataclass
class WebsterParams:
    period: float = 300.0      # s, flows measured over, plan recomputed every period (at a cycle boundary)
    saturation: float = 0.5    # veh/s per lane (1800 veh/h)
    min_cycle: float = 40.0
    max_cycle: float = 120.0
    min_green: float = 5.0
    y_cap: float = 0.9         # Y is capped so the cycle formula stays finite


class Webster:
    """Stages in program order; greens from Webster: C0 = (1.5 L + 5) / (1 - Y), bounded; g_i = (C - L) y_i / Y,
    y_i = max over the stage's protected-green lanes of (measured flow / saturation flow). L = the sum of the
    inter-greens of the cycle. Until the first period has been measured the program's own greens run."""
    name = "webster"

    def __init__(self, junctions: dict[str, Junction], params: WebsterParams | None = None):
        self.p = params or WebsterParams()
        self.j = junctions
        self.counts = {jid: {} for jid in junctions}
        self.window_start = 0.0
        self.greens = {jid: [j.program[i][1] for i in j.stage_phase] for jid, j in junctions.items()}
        self.pending: dict[str, list[float]] = {}

    def plan(self, jid: str, counts: dict, seconds: float) -> list[float]:
        j = self.j[jid]
        n = len(j.stages)
        lost = sum(d for s in range(n) for _, d in j.intergreen(s, (s + 1) % n))
        ys = []
        for s, state in enumerate(j.stages):
            lanes = {li for idx, li, _ in j.links if idx < len(state) and state[idx] == "G"}
            flows = [counts.get(l, 0) / seconds / self.p.saturation for l in lanes]
            ys.append(max(flows) if flows else 0.0)
        Y = min(sum(ys), self.p.y_cap)
        c = (1.5 * lost + 5) / (1 - Y)
        c = min(self.p.max_cycle, max(self.p.min_cycle, c))
        eff = max(c - lost, n * self.p.min_green)
        if Y <= 0:
            return [eff / n] * n
        return [max(self.p.min_green, eff * y / sum(ys)) for y in ys]

    def decide(self, now: float, statuses: list[dict]) -> dict[str, int]:
        for st in statuses:
            acc = self.counts[st["id"]]
            for d in st["detectors"]:
                if d.get("passed"):
                    acc[d["id"]] = acc.get(d["id"], 0) + d["passed"]
        if now - self.window_start >= self.p.period:
            secs = now - self.window_start
            for jid in self.j:
                self.pending[jid] = self.plan(jid, self.counts[jid], secs)
                self.counts[jid] = {}
            self.window_start = now
        out = {}
        for st in statuses:
            jid, cur = st["id"], st["stage"]
            if st["transition"]:
                out[jid] = cur
                continue
            n = len(self.j[jid].stages)
            if cur == n - 1 and jid in self.pending:   # new plan at the cycle boundary
                self.greens[jid] = self.pending.pop(jid)
            if now - st["stageSince"] >= self.greens[jid][cur]:
                out[jid] = (cur + 1) % n
            else:
                out[jid] = cur
        return out


def make_controller(name: str, junctions, **params):
    if name in ("max-pressure", "prototype"):
        return MaxPressure(junctions, MPParams(**params))
    if name == "webster":
        return Webster(junctions, WebsterParams(**params))
    raise ValueError(name)

