"""Trip metrics from SUMO's tripinfo output (and teleports from its statistics output).

Every vehicle of the route file counts, also those unfinished at the end of the episode: SUMO writes them with
``--tripinfo-output.write-unfinished`` (still driving: their time loss so far) and
``--tripinfo-output.write-undeparted`` (never inserted: their departure delay up to the end). So
``delay = timeLoss + departDelay`` is the delay each vehicle has suffered by the end of the episode, and
``duration`` (trip time) is counted for arrived vehicles only; ``meanTimeLossArrived`` (time loss of arrived
trips only) is given too, for comparison with published tables that count that way.

Broken input is tolerated: a truncated file (a run killed mid-write) is read up to the last complete
``tripinfo`` element and reported as ``truncated``; a record with a missing or non-numeric field is skipped and
counted in ``skipped``.
"""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path


def _f(rec: dict, key: str) -> float:
    v = rec.get(key)
    if v is None:
        raise KeyError(key)
    x = float(v)
    if x != x:  # NaN
        raise ValueError(key)
    return x


def parse_tripinfo(source) -> dict:
    """source: a path or a file-like object. Returns the summary dict."""
    delays, durations, waits, losses, ddelays, arrived_losses = [], [], [], [], [], []
    unfinished = undeparted = skipped = 0
    truncated = False
    fh = open(source, "rb") if isinstance(source, (str, Path)) else source
    try:
        parser = ET.iterparse(fh, events=("end",))
        while True:
            try:
                _, el = next(parser)
            except StopIteration:
                break
            except ET.ParseError:
                truncated = True
                break
            if el.tag != "tripinfo":
                continue
            rec = dict(el.attrib)
            el.clear()
            try:
                loss, ddelay = _f(rec, "timeLoss"), _f(rec, "departDelay")
                wait = _f(rec, "waitingTime")
                arrived = float(rec.get("arrival", "-1")) >= 0 and rec.get("vaporized", "") == ""
                dur = _f(rec, "duration") if arrived else None
            except (KeyError, ValueError):
                skipped += 1
                continue
            if rec.get("depart", "0") in ("-1", "-1.00") or float(rec.get("depart", "0")) < 0:
                undeparted += 1
            elif not arrived:
                unfinished += 1
            delays.append(loss + ddelay)
            losses.append(loss)
            ddelays.append(ddelay)
            waits.append(wait)
            if dur is not None:
                durations.append(dur)
                arrived_losses.append(loss)
    finally:
        if fh is not source:
            fh.close()

    def mean(xs):
        return sum(xs) / len(xs) if xs else None

    return {"vehicles": len(delays), "arrived": len(durations), "unfinished": unfinished,
            "undeparted": undeparted, "skipped": skipped, "truncated": truncated,
            "meanDelay": mean(delays), "meanTimeLoss": mean(losses), "meanDepartDelay": mean(ddelays),
            "meanTripTime": mean(durations), "meanWaitingTime": mean(waits),
            # as RESCO-style tables usually count: time loss of the arrived trips only
            "meanTimeLossArrived": mean(arrived_losses)}


def parse_teleports(statistics_file) -> int | None:
    """Total teleports from --statistic-output; None when the file is missing or broken."""
    try:
        root = ET.parse(statistics_file).getroot()
    except (OSError, ET.ParseError):
        return None
    tel = root.find("teleports")
    return int(tel.get("total", "0")) if tel is not None else 0


def parse_tripinfo_text(text: str) -> dict:
    return parse_tripinfo(io.BytesIO(text.encode()))
