"""hold_cost: a hold run's added delay split into the vehicles the hold kept red, those it served, and the rest."""
import json

import hold_cost

# Junction J: west->east through (link 0) on stage 0, north->south through (link 1) on stage 1.
NET = """<net>
  <edge id="WJ"><lane id="WJ_0" length="100"/></edge>
  <edge id="JE"><lane id="JE_0" length="100"/></edge>
  <edge id="NJ"><lane id="NJ_0" length="100"/></edge>
  <edge id="JS"><lane id="JS_0" length="100"/></edge>
  <edge id="XY"><lane id="XY_0" length="100"/></edge>
  <tlLogic id="J" type="static" programID="0" offset="0">
    <phase duration="30" state="Gr"/><phase duration="3" state="yr"/>
    <phase duration="30" state="rG"/><phase duration="3" state="ry"/>
  </tlLogic>
  <connection from="WJ" to="JE" fromLane="0" toLane="0" tl="J" linkIndex="0" dir="s"/>
  <connection from="NJ" to="JS" fromLane="0" toLane="0" tl="J" linkIndex="1" dir="s"/>
</net>"""

ROUTES = """<routes>
  <route id="ns" edges="NJ JS"/>
  <vehicle id="red" depart="1190"><route edges="NJ JS"/></vehicle>
  <vehicle id="served" depart="1250"><route edges="WJ JE"/></vehicle>
  <vehicle id="later" depart="1600" route="ns"/>
  <vehicle id="away" depart="1250"><route edges="XY"/></vehicle>
</routes>"""


def tripinfo(delays: dict, arrival: dict) -> str:
    rows = "".join(f'<tripinfo id="{v}" depart="{dep}" departDelay="0" arrival="{arrival[v]}" timeLoss="{d}"/>'
                   for v, (dep, d) in delays.items())
    return f"<tripinfos>{rows}</tripinfos>"


def test_the_added_delay_is_split_by_what_the_hold_did_to_each_vehicle(tmp_path):
    (tmp_path / "net.xml").write_text(NET)
    (tmp_path / "rou.xml").write_text(ROUTES)
    base, held = tmp_path / "base", tmp_path / "held"
    base.mkdir()
    held.mkdir()
    arrival = {"red": 1560, "served": 1300, "later": 1700, "away": 1300}
    (base / "tripinfo.xml").write_text(tripinfo({"red": (1190, 10), "served": (1250, 10), "later": (1600, 10),
                                                 "away": (1250, 10)}, arrival))
    (held / "tripinfo.xml").write_text(tripinfo({"red": (1190, 310), "served": (1250, 4), "later": (1600, 30),
                                                 "away": (1250, 12)}, arrival))
    (held / "result.json").write_text(json.dumps({"hold": {"intersection": "J", "stage": 0, "from": 1200.0,
                                                           "to": 1500.0}}))
    res = hold_cost.analyse(tmp_path / "net.xml", tmp_path / "rou.xml", base, held)
    g = res["groups"]
    # north-south is red under stage 0 and its trip overlaps the hold; west-east is the held movement
    assert (g["red"]["vehicles"], g["red"]["added"]) == (1, 300)
    assert (g["served"]["vehicles"], g["served"]["added"]) == (1, -6)
    # crossing after the hold (by a named route) and never crossing both count as the rest of the network
    assert (g["others"]["vehicles"], g["others"]["added"]) == (2, 22)
    assert res["baseTotalDelay"] == 40 and g["red"]["pctOfBase"] == 750.0
    assert abs(res["changePct"] - 100 * ((40 + 316) / 4 - 10) / 10) < 1e-9    # the three shares add up to the change


def test_a_route_not_crossing_the_junction_is_not_classified():
    every, served = {("A", "B"), ("C", "D")}, {("A", "B")}
    assert hold_cost.classify(["X", "A", "B"], every, served) == "served"
    assert hold_cost.classify(["C", "D", "E"], every, served) == "red"
    assert hold_cost.classify(["A", "D"], every, served) is None
    assert hold_cost.classify([], every, served) is None
