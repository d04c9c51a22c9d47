"""The alarm latency probe of bench/observations.sh (rules mode).

send:   every 200 ms posts one reading of the probe gauge, alternately above its warning level and below it minus the
        hysteresis, so each reading changes the probe's alarm (raised, cleared, raised, ...); records the send times.
report: pairs the k-th probe with the k-th change of the probe rule's alarms in the journal (read from the hub's
        SQLite file, for the events' millisecond times) and prints the latency from sending to the change's commit.
"""
import datetime, json, sqlite3, sys, time, urllib.request

def call(url, token, path, body=None):
    request = urllib.request.Request(url + path, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)

def send(url, token, seconds, out):
    tz = datetime.timezone(datetime.timedelta(hours=8))
    sent = []
    end = time.time() + seconds
    k = 0
    while time.time() < end:
        now = time.time()
        value = 176.2 if k % 2 == 0 else 175.5
        stamp = datetime.datetime.fromtimestamp(now, tz).isoformat(timespec="milliseconds")
        result = call(url, token, "/api/v1/telemetry/observations",
                      {"observations": [{"station": "bench-wl-probe", "quantity": "water_level", "time": stamp, "value": value}]})
        sent.append([now * 1000, result["event"]])
        k += 1
        time.sleep(max(0, 0.2 - (time.time() - now)))
    json.dump(sent, open(out, "w"))

def report(database, after, path):
    sent = json.load(open(path))
    time.sleep(2)   # let the evaluator finish the tail of the load
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    rows = db.execute("SELECT at_ms, payload FROM journal WHERE seq > ? AND kind IN ('alarm.raised', 'alarm.cleared') ORDER BY seq",
                      (int(after),)).fetchall()
    changes = [at for at, payload in rows if json.loads(payload).get("rule") == "bench-probe"]
    if len(changes) != len(sent):
        print(f"warning: {len(sent)} probes but {len(changes)} probe alarm changes")
    if not changes:
        print("no probe alarm changes found")
        return
    accepted = dict(db.execute(f"SELECT seq, at_ms FROM journal WHERE seq IN ({','.join(str(e) for _, e in sent)})").fetchall())
    def show(label, latencies):
        latencies = sorted(latencies)
        pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
        print(f"{label}, {len(latencies)} probes: p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, max {latencies[-1]:.1f} ms")
    show("ingest → alarm (probe's batch committed → its alarm change committed)",
         [c - accepted[e] for (_, e), c in zip(sent, changes)])
    show("request → alarm (probe sent → its alarm change committed, incl. HTTP queueing)", [c - t for (t, _), c in zip(sent, changes)])

if __name__ == "__main__":
    if sys.argv[1] == "send":
        send(sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5])
    else:
        report(sys.argv[2], sys.argv[3], sys.argv[4])
