#!/usr/bin/env python3
"""Nothing acknowledged is lost: SIGKILL the hub during a burst of acknowledged writes, restart, check.

Starts `cityhub serve --demo` on a fresh data directory (SQLite by default, or --database-url for PostgreSQL),
signs in as the demo admin, and lets several threads create departments as fast as the hub answers. After
--kill-after seconds it kills the server with SIGKILL while requests are in flight, restarts it on the same
data, and checks that (1) every department whose creation was acknowledged with 201 exists, and (2) the
journal's sequence numbers run 1..head with no gap and no duplicate.

    python3 bench/durability.py [--binary .build/release/cityhub] [--rounds 3] [--database-url postgres://…]
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, token=None, body=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, json.loads(response.read() or b"null")


def start(binary, data_dir, port, database_url, log):
    command = [binary, "serve", "--demo", "--data-dir", data_dir, "--port", str(port)]
    if database_url:
        command += ["--database-url", database_url]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}; see {log.name}")
        try:
            urllib.request.urlopen(base + "/readyz", timeout=1)
            return process, base
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    process.kill()
    raise SystemExit("server did not become ready in 120 s")


def burst(base, token, prefix, acknowledged, refused, lock, stop):
    n = 0
    while not stop.is_set():
        n += 1
        ident = f"{prefix}-{n}"
        try:
            status, _ = call(base, "POST", "/api/v1/departments", token,
                             {"id": ident, "name": f"压测部门 {ident}", "nameEn": f"Load {ident}", "kind": "functional"})
            if status == 201:
                with lock:
                    acknowledged.append(ident)
        except urllib.error.HTTPError as error:
            with lock:
                refused.append(f"{ident}: {error.code} {error.read()[:200]!r}")
            return
        except (urllib.error.URLError, OSError, ConnectionError, json.JSONDecodeError):
            return  # the server died under us: this request was never acknowledged


def journal_sequence(base, token):
    seqs, after = [], 0
    while True:
        _, page = call(base, "GET", f"/api/v1/events?after={after}&limit=1000", token)
        seqs += [item["seq"] for item in page["items"]]
        if not page["items"]:
            return seqs, page["head"]
        after = page["next"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/cityhub")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--kill-after", type=float, default=3.0)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="cityhub-durability.")
    data_dir = os.path.join(work, "data")
    port = free_port()
    log = open(os.path.join(work, "server.log"), "ab")
    all_acknowledged = []
    failures = 0
    try:
        for round_number in range(1, args.rounds + 1):
            process, base = start(args.binary, data_dir, port, args.database_url, log)
            _, login = call(base, "POST", "/api/v1/auth/login", body={"username": "admin", "password": "admin-demo-only"})
            token = login["token"]
            acknowledged, refused, lock, stop = [], [], threading.Lock(), threading.Event()
            threads = [threading.Thread(target=burst, args=(base, token, f"r{round_number}-t{t}", acknowledged, refused, lock, stop))
                       for t in range(args.threads)]
            for thread in threads:
                thread.start()
            time.sleep(args.kill_after)
            os.kill(process.pid, signal.SIGKILL)  # mid-burst: requests are in flight
            stop.set()
            for thread in threads:
                thread.join()
            process.wait()
            all_acknowledged += acknowledged

            process, base = start(args.binary, data_dir, port, args.database_url, log)
            _, login = call(base, "POST", "/api/v1/auth/login", body={"username": "admin", "password": "admin-demo-only"})
            token = login["token"]
            _, departments = call(base, "GET", "/api/v1/departments", token)
            present = {d["id"] for d in departments["items"]}
            missing = [ident for ident in all_acknowledged if ident not in present]
            seqs, head = journal_sequence(base, token)
            gap_free = seqs == list(range(1, head + 1))
            print(f"round {round_number}: acknowledged {len(acknowledged)} writes in {args.kill_after:.1f} s "
                  f"({len(acknowledged) / args.kill_after:.0f}/s), SIGKILL, restart: "
                  f"{len(all_acknowledged) - len(missing)}/{len(all_acknowledged)} acknowledged present, "
                  f"journal 1..{head} {'gap-free' if gap_free else 'HAS GAPS'}")
            if missing or not gap_free or not acknowledged or refused:
                failures += 1
                print("  missing:", missing[:20], "refused:", refused[:5], file=sys.stderr)
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
    finally:
        log.close()
        if failures == 0:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept", work, "for inspection", file=sys.stderr)
    print("RESULT:", "every acknowledged write survived SIGKILL" if failures == 0 else f"{failures} round(s) FAILED")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
