"""Scenario build: the 3 x 3 grid, its detectors, reproducible demand, the grid4x4 actuated conversion."""
import xml.etree.ElementTree as ET

import scenarios
from signals import load_junctions


def test_grid3_net_has_nine_lights_two_lanes_and_turn_lanes(small):
    js = load_junctions(small.net)
    assert sorted(js) == [f"{c}{r}" for c in "ABC" for r in "012"]
    root = ET.parse(small.net).getroot()
    edges = {e.get("id"): e for e in root.iter("edge") if e.get("function") != "internal"}
    # every approach to B1 ends in a three-lane section (two lanes + a left-turn lane) of 100 m
    for lane in js["B1"].in_lanes:
        edge = edges[lane.rsplit("_", 1)[0]]
        assert len(edge.findall("lane")) == 3
        assert 80 <= float(edge.find("lane").get("length")) <= 100   # 100 m less the junction
    # the upstream part has two lanes
    assert len(edges["A1B1"].findall("lane")) == 2
    for j in js.values():
        assert len(j.stages) == 4
    acts = {t.get("id"): t.get("type") for t in ET.parse(small.actuated_net).getroot().iter("tlLogic")}
    assert set(acts.values()) == {"actuated"} and len(acts) == 9


def test_detector_zones_are_at_most_100_m(small):
    root = ET.parse(small.detectors).getroot()
    zones = root.findall("laneAreaDetector")
    assert zones
    for z in zones:
        assert 0 < float(z.get("endPos")) - float(z.get("pos")) <= 100.0
    js = load_junctions(small.net)
    lanes = {l for j in js.values() for l in j.in_lanes}
    loops = root.findall("inductionLoop")
    # a stop-line loop on every incoming lane, an exit loop at the end of every outgoing zone
    assert {l.get("lane") for l in loops if l.get("id").startswith("loop:")} == lanes
    ends = {z.get("lane"): float(z.get("endPos")) for z in zones if z.get("id").startswith("out:")}
    exits = {l.get("lane"): float(l.get("pos")) for l in loops if l.get("id").startswith("exit:")}
    assert set(exits) == set(ends) == {l for j in js.values() for l in j.out_lanes}
    assert all(ends[l] - 1.0 < exits[l] < ends[l] for l in exits)


def test_demand_is_reproducible_and_seeded(tmp_path):
    a = scenarios.build_grid3(tmp_path / "a", levels={"moderate": 4.0}, seeds=(1, 2), end=300)
    b = scenarios.build_grid3(tmp_path / "b", levels={"moderate": 4.0}, seeds=(1,), end=300)

    def trips(path):
        return [(v.get("id"), v.get("depart"), v.find("route").get("edges"))
                for v in ET.parse(path).getroot().iter("vehicle")]

    assert trips(a[0].routes) == trips(b[0].routes)
    assert trips(a[0].routes) != trips(a[1].routes)
    assert len(trips(a[0].routes)) == 75
    # turning movements: some routes turn (a route's edges change axis)
    assert any(len(t[2].split()) > 2 for t in trips(a[0].routes))


def test_actuated_conversion_keeps_phases_and_bounds_greens(tmp_path):
    net = tmp_path / "n.net.xml"
    net.write_text('<net><tlLogic id="X" type="static" programID="0" offset="0">'
                   '<phase duration="10" state="GGrr"/><phase duration="3" state="yyrr"/>'
                   '<phase duration="2" state="rrGG"/><phase duration="3" state="rryy"/></tlLogic></net>')
    out = tmp_path / "a.add.xml"
    scenarios.actuate_program(net, out)
    tl = ET.parse(out).getroot().find("tlLogic")
    assert tl.get("type") == "actuated" and tl.get("programID") == "actuated"
    ph = [p.attrib for p in tl.findall("phase")]
    assert [p["state"] for p in ph] == ["GGrr", "yyrr", "rrGG", "rryy"]
    assert ph[0]["minDur"] == "5" and ph[0]["maxDur"] == "50"
    assert ph[2]["duration"] == "5"                 # raised to the minimum
    assert "minDur" not in ph[1] and ph[1]["duration"] == "3"
