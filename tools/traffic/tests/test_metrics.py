"""Trip metrics from tripinfo output, including broken input."""
import metrics

GOOD = """<?xml version="1.0"?>
<tripinfos>
  <tripinfo id="a" depart="10.00" departDelay="2.00" arrival="110.00" duration="100.00" waitingTime="20.00" timeLoss="30.00" vaporized=""/>
  <tripinfo id="b" depart="20.00" departDelay="0.00" arrival="80.00" duration="60.00" waitingTime="0.00" timeLoss="10.00" vaporized=""/>
  <tripinfo id="c" depart="3000.00" departDelay="1.00" arrival="-1.00" duration="600.00" waitingTime="50.00" timeLoss="90.00" vaporized="end"/>
  <tripinfo id="d" depart="-1.00" departDelay="300.00" arrival="-1.00" duration="-1.00" waitingTime="0.00" timeLoss="0.00" vaporized="end"/>
</tripinfos>
"""


def test_means_count_unfinished_and_undeparted_vehicles():
    r = metrics.parse_tripinfo_text(GOOD)
    assert r["vehicles"] == 4 and r["arrived"] == 2
    assert r["unfinished"] == 1 and r["undeparted"] == 1
    # delay = timeLoss + departDelay over all four vehicles
    assert r["meanDelay"] == (32 + 10 + 91 + 300) / 4
    # trip time over arrived vehicles only
    assert r["meanTripTime"] == 80.0
    assert r["meanTimeLossArrived"] == 20.0
    assert r["meanWaitingTime"] == (20 + 0 + 50 + 0) / 4
    assert not r["truncated"] and r["skipped"] == 0


def test_truncated_file_is_read_up_to_the_last_complete_record():
    cut = GOOD[: GOOD.index('<tripinfo id="c"') + 40]
    r = metrics.parse_tripinfo_text(cut)
    assert r["truncated"] is True
    assert r["vehicles"] == 2
    assert r["meanDelay"] == (32 + 10) / 2


def test_records_with_missing_or_bad_fields_are_skipped_and_counted():
    bad = GOOD.replace('timeLoss="10.00"', "").replace('departDelay="1.00"', 'departDelay="x"')
    r = metrics.parse_tripinfo_text(bad)
    assert r["skipped"] == 2
    assert r["vehicles"] == 2
    assert r["meanDelay"] == (32 + 300) / 2


def test_empty_and_garbage_input():
    assert metrics.parse_tripinfo_text("")["vehicles"] == 0
    assert metrics.parse_tripinfo_text("")["meanDelay"] is None
    r = metrics.parse_tripinfo_text("this is not xml")
    assert r["truncated"] is True and r["vehicles"] == 0


def test_teleports(tmp_path):
    f = tmp_path / "s.xml"
    f.write_text('<statistics><teleports total="7" jam="5" yield="2" wrongLane="0"/></statistics>')
    assert metrics.parse_teleports(f) == 7
    assert metrics.parse_teleports(tmp_path / "missing.xml") is None
    (tmp_path / "broken.xml").write_text("<statistics><teleports total=")
    assert metrics.parse_teleports(tmp_path / "broken.xml") is None
