"""The prototype controllers' rules, on synthetic detector data (no simulator)."""
from prototype import MaxPressure, MPParams, Webster
from signals import Junction

# A 4-link junction: stage 0 serves in lane n_0 -> out s_0, stage 1 serves w_0 -> e_0.
J = Junction("J", [("GGrr", 30), ("yyrr", 3), ("rrGG", 30), ("rryy", 3)], [0, 2],
             [(0, "n_0", "s_0"), (1, "n_1", "s_0"), (2, "w_0", "e_0"), (3, "w_1", "e_0")],
             ["n_0", "n_1", "w_0", "w_1"], ["s_0", "e_0"])


def dets(n=0, w=0, s=0, e=0):
    out = [{"id": "n_0", "vehicles": n, "halting": n}, {"id": "n_1", "vehicles": n, "halting": n},
           {"id": "w_0", "vehicles": w, "halting": w}, {"id": "w_1", "vehicles": w, "halting": w},
           {"id": "s_0", "vehicles": s, "halting": s}, {"id": "e_0", "vehicles": e, "halting": e}]
    return out


def status(stage, since, d, transition=False):
    return [{"id": "J", "stage": stage, "stageSince": since, "transition": transition, "detectors": d}]


def test_serves_the_largest_pressure_after_min_green():
    mp = MaxPressure({"J": J}, MPParams(min_green=5))
    assert mp.decide(3, status(0, 0, dets(n=1, w=9)))["J"] == 0      # min green not over
    assert mp.decide(5, status(0, 0, dets(n=1, w=9)))["J"] == 1
    assert mp.decide(6, status(0, 0, dets(n=9, w=1)))["J"] == 0
    # the downstream zone counts against the stage: w has more but e_0 is full
    assert mp.decide(7, status(0, 0, dets(n=4, w=6, e=20)))["J"] == 0


def test_min_green_is_never_cut_and_transitions_are_not_interrupted():
    mp = MaxPressure({"J": J}, MPParams(min_green=7))
    for t in range(0, 7):
        assert mp.decide(t, status(0, 0, dets(n=0, w=50)))["J"] == 0
    assert mp.decide(7, status(0, 0, dets(n=0, w=50)))["J"] == 1
    st = status(0, 0, dets(n=50, w=0), transition=True)
    st[0]["target"] = 1
    assert mp.decide(8, st)["J"] == 1


def test_max_green_yields_to_waiting_demand():
    mp = MaxPressure({"J": J}, MPParams(min_green=5, max_green=40))
    assert mp.decide(39, status(0, 0, dets(n=30, w=1)))["J"] == 0
    assert mp.decide(40, status(0, 0, dets(n=30, w=1)))["J"] == 1
    # without demand elsewhere the green is kept
    assert mp.decide(41, status(0, 0, dets(n=30, w=0)))["J"] == 0


def test_no_stage_waits_beyond_max_wait():
    mp = MaxPressure({"J": J}, MPParams(min_green=5, max_green=1000, max_wait=60))
    # stage 1 has a little demand, stage 0 a lot: stage 1 is served once it has waited max_wait
    served1 = None
    stage, since = 0, 0
    for t in range(0, 200):
        d = mp.decide(t, status(stage, since, dets(n=30, w=1)))["J"]
        if d != stage:
            stage, since = d, t
            if d == 1:
                served1 = t
                break
    assert served1 is not None and served1 <= 60


def test_missing_detectors_are_not_zero_traffic():
    mp = MaxPressure({"J": J}, MPParams(min_green=5))
    d = [x for x in dets(n=2, w=10) if x["id"] != "w_0"]   # w_0 silent; w_1 reports 10
    p, _ = mp.pressures("J", d)
    assert p[1] == 20                                       # w_0 estimated from its edge sibling
    d = [x for x in dets(n=2, w=10) if x["id"] not in ("w_0", "w_1")]
    p, _ = mp.pressures("J", d)
    assert p[1] > 0                                         # whole approach silent: mean of the others


def test_webster_splits_follow_measured_flows():
    wb = Webster({"J": J})
    g = wb.plan("J", {"n_0": 300, "n_1": 300, "w_0": 100, "w_1": 100}, 1200.0)
    assert g[0] > g[1] >= wb.p.min_green
    lost = 6
    y = [300 / 1200 / 0.5, 100 / 1200 / 0.5]
    c = (1.5 * lost + 5) / (1 - sum(y))
    assert abs(sum(g) - (max(c, wb.p.min_cycle) - lost)) < 1e-6


def test_a_police_hold_is_obeyed_after_min_green_and_max_wait_counts_from_its_end():
    mp = MaxPressure({"J": J}, MPParams(min_green=5, max_wait=120))
    assert mp.decide(2, status(1, 0, dets(n=9, w=0)), held={"J": 0})["J"] == 1     # min green first
    for t in range(5, 300):
        assert mp.decide(t, status(0, 5, dets(n=0, w=9)), held={"J": 0})["J"] == 0
    # stage 1 waited 295 s under the hold, yet its wait counts from the release, not from the hold's start
    assert mp.last_served["J"] == [299, 299]


def test_a_silent_lane_fills_at_its_peers_rate_while_red():
    mp = MaxPressure({"J": J}, MPParams(min_green=5, queue_model="max"))
    for t in range(1, 400):      # n_1 silent; n_0 passes 1 vehicle every 4 s; stage 1 green throughout
        d = [x for x in dets(n=0, w=1) if x["id"] != "n_1"]
        d[0]["passed"] = 1 if t % 4 == 0 else 0
        mp.decide(float(t), status(1, 0, d))
    assert 5 < mp.silent_q[("J", "n_1")] <= mp.p.zone_capacity


class _Lanes:
    def __init__(self, halting):
        self.halting = halting

    def getLastStepHaltingNumber(self, lane):
        return self.halting.get(lane, 0)


class _Conn:
    def __init__(self, halting):
        self.lane = _Lanes(halting)


def test_the_officer_holds_the_stage_releasing_the_longest_queue():
    import sim
    assert sim.hold_choice(_Conn({"w_0": 4, "w_1": 5, "n_0": 6}), J, "queue") == (1, "w")
    assert sim.hold_choice(_Conn({"n_0": 6}), J, "queue") == (0, "n")
    assert sim.hold_choice(_Conn({"w_0": 9}), J, "fixed") == (0, None)


def test_police_desk_base_url():
    from bridge import PoliceDesk
    assert PoliceDesk.base_of("ws://127.0.0.1:8080/api/v1/traffic/gateway") == "http://127.0.0.1:8080"
    assert PoliceDesk.base_of("wss://hub.example/api/v1/traffic/gateway") == "https://hub.example"


def test_feeder_arrivals_feed_a_silent_lane_from_the_exit_loop_upstream_its_seconds_late():
    import dataclasses
    # U's outgoing lane u_0 feeds both of J's north lanes, 2 s from the end of its zone to theirs.
    JF = dataclasses.replace(J, feeders={"n_0": [("u_0", 2.0)], "n_1": [("u_0", 2.0)]})
    U = Junction("U", [("G", 30)], [0], [(0, "a_0", "u_0")], ["a_0"], ["u_0"])
    mp = MaxPressure({"J": JF, "U": U}, MPParams(min_green=5, queue_model="max", feeder_arrivals=True))

    def run(t, exits_reported=True):
        up = [{"id": "a_0", "vehicles": 0, "halting": 0, "passed": 0}]
        if exits_reported:
            up.append({"id": "u_0", "vehicles": 1, "halting": 0, "passed": 1})
        d = [x for x in dets(w=1) if x["id"] != "n_1"]          # n_1 silent at J, its stage red
        mp.decide(float(t), status(1, 0, d) + [{"id": "U", "stage": 0, "stageSince": 0, "transition": False,
                                                "detectors": up}])

    for t in range(1, 11):       # one vehicle over u_0's exit loop a second
        run(t)
    # nothing learnt at J yet: n_1 takes half of what u_0 feeds, from the third status on (2 s late)
    assert abs(mp.silent_q[("J", "n_1")] - 8 * 0.5) < 1e-9
    # the feeder's exit loop goes dark: back to the peers' arrival rate (n_0's stop line: none passed)
    run(11, exits_reported=False)
    assert abs(mp.silent_q[("J", "n_1")] - 8 * 0.5) < 1e-9


def test_feeders_are_read_from_the_net_through_unsignalised_nodes():
    from pathlib import Path
    import scenarios
    import signals
    net = Path(__file__).resolve().parents[1] / "build" / "grid3" / "grid3.net.xml"
    if not net.exists():
        scenarios.build_all(net.parents[1], small=True)
    b1 = signals.load_junctions(net)["B1"]
    # netgenerate's turn lanes split each road 100 m before the junction: the left-turn lane is fed by the inner
    # lane of A1's outgoing road, whose zone ends where B1's zone begins
    assert [f for f, _ in b1.feeders["A1B1.100.00_2"]] == ["A1B1_1"]
    assert [f for f, _ in b1.feeders["A1B1.100.00_0"]] == ["A1B1_0"]
    assert all(0 <= secs < 1 for fs in b1.feeders.values() for _, secs in fs)
