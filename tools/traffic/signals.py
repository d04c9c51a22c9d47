"""The signal side shared by the prototype and the bridge: the junction model read from a SUMO net, the
detectors read through TraCI, and a driver that makes a requested stage green through its inter-green.

Per the gateway spec (simulator mapping): an intersection is a SUMO traffic light; its stages are the green
phases of its program in order (a phase with no 'y' and at least one 'G'/'g'); the inter-green from stage a to
stage b is the program's yellow/red phases between them when b directly follows a in the program, otherwise a
yellow of 3 s and an all-red of 2 s built from the two states (links green in both stay green).
"""
from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

from scenarios import ZONE, detector_id, tls_lanes

YELLOW, ALL_RED = 3.0, 2.0


def is_green_phase(state: str) -> bool:
    return "y" not in state.lower() and ("G" in state or "g" in state)


def green(ch: str) -> bool:
    return ch in "Gg"


@dataclasses.dataclass
class Junction:
    id: str
    program: list[tuple[str, float]]     # (state, duration) of the static program
    stage_phase: list[int]               # program phase index of each stage
    links: list[tuple[int, str, str]]    # (link index, in lane, out lane)
    in_lanes: list[str]
    out_lanes: list[str]
    min_green_ped: float = 0.0           # pedestrian minimum (crossing links), 0 when none
    dirs: dict = dataclasses.field(default_factory=dict)   # in lane -> set of turn directions (s, l, r, t)
    # in lane -> [(upstream light's out lane, seconds from the end of its zone to this lane's zone)]: the lanes whose
    # vehicles reach this one with no other light between (through unsignalised nodes such as a lane split)
    feeders: dict = dataclasses.field(default_factory=dict)

    @property
    def stages(self) -> list[str]:
        return [self.program[i][0] for i in self.stage_phase]

    def movements(self, stage: int) -> dict[str, list[str]]:
        """in lane -> out lanes whose link is green (G or g) in the stage."""
        state = self.stages[stage]
        mv: dict[str, list[str]] = {}
        for idx, li, lo in self.links:
            if idx < len(state) and green(state[idx]):
                mv.setdefault(li, [])
                if lo not in mv[li]:
                    mv[li].append(lo)
        return mv

    def intergreen(self, a: int, b: int) -> list[tuple[str, float]]:
        """The (state, duration) sequence between stage a and stage b."""
        if a == b:
            return []
        pa, pb = self.stage_phase[a], self.stage_phase[b]
        n = len(self.program)
        seq, i = [], (pa + 1) % n
        while i != pb and not is_green_phase(self.program[i][0]):
            seq.append(self.program[i])
            i = (i + 1) % n
        if i == pb and seq:
            return seq
        sa, sb = self.stages[a], self.stages[b]
        yellow = "".join(("y" if green(x) and not green(y) else (x if green(x) else "r")) for x, y in zip(sa, sb))
        allred = "".join((x if green(x) and green(y) else "r") for x, y in zip(sa, sb))
        return [(yellow, YELLOW), (allred, ALL_RED)]


def feeder_lanes(root, zone: float = ZONE) -> dict[str, list[tuple[str, float]]]:
    """For every lane entering a light: the out lanes of lights that feed it through unsignalised nodes (itself
    when it leaves a light), with the free-flow seconds from the end of that lane's outgoing zone to the start of
    this lane's incoming zone (zones as scenarios.write_detectors places them)."""
    length, speed, pred = {}, {}, {}
    tls_in, tls_out = set(), set()
    for edge in root.iter("edge"):
        if edge.get("function") != "internal":
            for lane in edge.iter("lane"):
                length[lane.get("id")] = float(lane.get("length"))
                speed[lane.get("id")] = float(lane.get("speed", "13.89"))
    for c in root.iter("connection"):
        if c.get("from", "").startswith(":"):
            continue
        f, t = f"{c.get('from')}_{c.get('fromLane')}", f"{c.get('to')}_{c.get('toLane')}"
        if c.get("tl"):
            tls_in.add(f)
            tls_out.add(t)
        else:
            pred.setdefault(t, []).append(f)

    def zone_of(lane: str) -> float:
        return min(zone, length[lane] - 0.1)

    def walk(lane: str, metres: float, depth: int) -> list[tuple[str, float]]:
        """Upstream from ``lane`` (``metres`` of lanes passed between it and the lane we started from)."""
        if lane in tls_out:      # its stretch after its outgoing zone counts too
            return [(lane, metres + length[lane] - zone_of(lane))]
        if depth >= 4:
            return []
        return [hit for p in pred.get(lane, []) for hit in walk(p, metres + length[lane], depth + 1)]

    out = {}
    for lane in tls_in:
        before_zone = length[lane] - zone_of(lane)
        if lane in tls_out:      # leaves one light, enters the next: one zone at each end
            out[lane] = [(lane, max(0.0, before_zone - zone_of(lane)) / speed[lane])]
        else:
            out[lane] = [(f, (metres + before_zone) / speed[lane])
                         for p in pred.get(lane, []) for f, metres in walk(p, 0.0, 1)]
    return out


def load_junctions(net_file: Path) -> dict[str, Junction]:
    root = ET.parse(net_file).getroot()
    lanes = tls_lanes(net_file)
    feeders = feeder_lanes(root)
    out = {}
    for tl in root.iter("tlLogic"):
        prog = [(p.get("state"), float(p.get("duration"))) for p in tl.iter("phase")]
        stages = [i for i, (s, _) in enumerate(prog) if is_green_phase(s)]
        rec = lanes.get(tl.get("id"), {"in": [], "out": [], "links": [], "dirs": {}})
        out[tl.get("id")] = Junction(tl.get("id"), prog, stages, rec["links"], rec["in"], rec["out"],
                                     dirs=rec["dirs"], feeders={l: feeders.get(l, []) for l in rec["in"]})
    return out


class Detectors:
    """Reads the E2 zones and E1 loops of detectors.add.xml through TraCI subscriptions (one round trip per
    step). status(junction) gives the gateway-spec detector list for a junction."""

    def __init__(self, traci, junctions: dict[str, Junction]):
        import traci.constants as tc
        self.traci, self.tc = traci, tc
        self.junctions = junctions
        self.zones = sorted({detector_id("in", l) for j in junctions.values() for l in j.in_lanes} |
                            {detector_id("out", l) for j in junctions.values() for l in j.out_lanes})
        self.loops = sorted({detector_id("loop", l) for j in junctions.values() for l in j.in_lanes} |
                            {detector_id("exit", l) for j in junctions.values() for l in j.out_lanes})
        for d in self.zones:
            traci.lanearea.subscribe(d, [tc.LAST_STEP_VEHICLE_NUMBER, tc.LAST_STEP_VEHICLE_HALTING_NUMBER,
                                         tc.LAST_STEP_OCCUPANCY])
        for d in self.loops:
            traci.inductionloop.subscribe(d, [tc.LAST_STEP_VEHICLE_ID_LIST])
        self.values: dict[str, dict] = {}
        self.prev_ids: dict[str, set] = {d: set() for d in self.loops}
        self.passed_acc: dict[str, int] = {d: 0 for d in self.loops}

    def update(self) -> None:
        """Call once per simulation step."""
        tc = self.tc
        zones = self.traci.lanearea.getAllSubscriptionResults()
        for d, r in zones.items():
            self.values[d] = {"vehicles": r[tc.LAST_STEP_VEHICLE_NUMBER],
                              "halting": r[tc.LAST_STEP_VEHICLE_HALTING_NUMBER],
                              "occupancy": round(min(1.0, max(0.0, r[tc.LAST_STEP_OCCUPANCY] / 100.0)), 4)}
        loops = self.traci.inductionloop.getAllSubscriptionResults()
        for d, r in loops.items():
            ids = set(r[tc.LAST_STEP_VEHICLE_ID_LIST])
            self.passed_acc[d] += len(ids - self.prev_ids[d])
            self.prev_ids[d] = ids

    def status(self, j: Junction, drop: set | None = None, reset_passed: bool = True) -> list[dict]:
        """The junction's detectors as the gateway spec lists them (id = lane id); lanes in ``drop`` are
        left out (no data). ``reset_passed`` False leaves the loop counts for a second reading of the same step."""
        out = []
        for role, lanes in (("in", j.in_lanes), ("out", j.out_lanes)):
            for lane in lanes:
                if drop and (j.id, lane) in drop:
                    continue
                v = self.values.get(detector_id(role, lane))
                if v is None:
                    continue
                # passed: over the stop line (incoming) or out of the zone's far end (outgoing)
                loop = detector_id("loop" if role == "in" else "exit", lane)
                rec = {"id": lane, "role": role, **v, "passed": self.passed_acc.get(loop, 0)}
                if reset_passed and loop in self.passed_acc:
                    self.passed_acc[loop] = 0
                out.append(rec)
        return out


class Driver:
    """Drives one traffic light: keeps the current stage green or runs the inter-green to a new one; or hands
    the light back to its own program ('local'). Times are simulation seconds."""

    def __init__(self, traci, j: Junction, now: float, program_id: str | None = None):
        self.traci, self.j = traci, j
        # the light's own program (static or actuated) to hand back to
        self.program_id = program_id or traci.trafficlight.getProgram(j.id)
        phase = traci.trafficlight.getPhase(j.id)
        self.stage = j.stage_phase.index(phase) if phase in j.stage_phase else 0
        self.since = now
        self.queue: list[tuple[str, float]] = []   # remaining inter-green (state, end time)
        self.target: int | None = None
        self.mode = "local"
        self.switches = 0

    @property
    def transition(self) -> bool:
        return self.target is not None

    def take_over(self, now: float) -> None:
        """Leave the program: hold the current stage (the program's current phase if green, else wait for the
        program's inter-green to end by staying local until its next green)."""
        self.mode = "hub"
        phase = self.traci.trafficlight.getPhase(self.j.id)
        if phase in self.j.stage_phase:
            self.stage = self.j.stage_phase.index(phase)
            self.since = now - (self.traci.trafficlight.getSpentDuration(self.j.id)
                                if hasattr(self.traci.trafficlight, "getSpentDuration") else 0.0)
            self.traci.trafficlight.setRedYellowGreenState(self.j.id, self.j.stages[self.stage])
        else:
            # mid program yellow: finish it as an inter-green to the next green phase
            n = len(self.j.program)
            i, seq = phase, []
            rem = self.traci.trafficlight.getNextSwitch(self.j.id) - now
            seq.append((self.j.program[i][0], max(0.0, rem)))
            i = (i + 1) % n
            while not is_green_phase(self.j.program[i][0]):
                seq.append(self.j.program[i])
                i = (i + 1) % n
            prev = self.j.stage_phase[(self.j.stage_phase.index(i) - 1) % len(self.j.stage_phase)]
            self.stage = self.j.stage_phase.index(prev)
            self._start(now, self.j.stage_phase.index(i), seq)

    def _start(self, now: float, target: int, seq: list[tuple[str, float]]) -> None:
        t = now
        self.queue = []
        for state, dur in seq:
            t += dur
            self.queue.append((state, t))
        self.target = target
        self.switches += 1
        if self.queue:
            self.traci.trafficlight.setRedYellowGreenState(self.j.id, self.queue[0][0])
        else:
            self._finish(now)

    def _finish(self, now: float) -> None:
        self.stage, self.target, self.since, self.queue = self.target, None, now, []
        self.traci.trafficlight.setRedYellowGreenState(self.j.id, self.j.stages[self.stage])

    def request(self, now: float, stage: int) -> None:
        if self.mode != "hub":
            self.take_over(now)
        if self.transition or stage == self.stage:
            return
        self._start(now, stage, self.j.intergreen(self.stage, stage))

    def all_red(self, now: float) -> None:
        self.mode = "hub"
        self.traci.trafficlight.setRedYellowGreenState(self.j.id, "r" * len(self.j.stages[0]))

    def go_local(self, now: float) -> None:
        """Back to the light's program, through the inter-green: the program resumes at the yellow that
        follows the current stage's green phase."""
        if self.mode == "local":
            return
        self.mode = "local"
        self.target, self.queue = None, []
        self.traci.trafficlight.setProgram(self.j.id, self.program_id)
        nxt = (self.j.stage_phase[self.stage] + 1) % len(self.j.program)
        self.traci.trafficlight.setPhase(self.j.id, nxt)

    def tick(self, now: float) -> None:
        """Advance the inter-green; call once per step before the decision."""
        if self.mode == "local":
            phase = self.traci.trafficlight.getPhase(self.j.id)
            if phase in self.j.stage_phase:
                s = self.j.stage_phase.index(phase)
                if s != self.stage:
                    self.stage, self.since = s, now
            return
        if self.target is None:
            return
        while self.queue and now >= self.queue[0][1] - 1e-6:
            self.queue.pop(0)
            if self.queue:
                self.traci.trafficlight.setRedYellowGreenState(self.j.id, self.queue[0][0])
        if not self.queue:
            self._finish(now)
