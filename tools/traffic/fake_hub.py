"""A tiny hub side of the gateway protocol (version 1), driven by the prototype's max-pressure: used by the tests
(and by hand) until the Swift hub's endpoint is there.

It checks the API key (403 before the upgrade otherwise), answers ``hello`` with ``welcome`` (intersections it
knows from the net accepted, others refused), each ``status`` with ``decisions`` (re = the status seq, every
intersection, validFor 5 s, reason max-pressure), ``error`` GATEWAY_BAD_MESSAGE for malformed JSON or an unknown
type (the connection stays), ignores a repeated gateway seq and counts gaps. Faults are recorded. Test knobs:
``silent_after`` (stop answering after that many statuses), ``duplicate_every`` (send every n-th decisions
twice with the same seq, which the gateway must ignore), ``close_after`` (close the connection).

Run by hand: python3 tools/traffic/fake_hub.py --net tools/traffic/build/grid3/grid3.net.xml --port 8765 --api-key k
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from http import HTTPStatus
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from prototype import MaxPressure, MPParams  # noqa: E402
from signals import load_junctions  # noqa: E402

PATH = "/api/v1/traffic/gateway"


class FakeHub:
    def __init__(self, net: Path, api_key: str, params: MPParams | None = None, silent_after: int | None = None,
                 duplicate_every: int | None = None, close_after: int | None = None, valid_for: float = 5.0):
        self.junctions = load_junctions(net)
        self.api_key = api_key
        self.params = params or MPParams()
        self.silent_after, self.duplicate_every, self.close_after = silent_after, duplicate_every, close_after
        self.valid_for = valid_for
        self.log: list[dict] = []         # every gateway message received, parsed
        self.sent: list[dict] = []
        self.faults: list[dict] = []
        self.gaps = self.repeats = self.connections = 0
        self.server = None
        self.port = None

    def process_request(self, connection, request):
        if request.path != PATH:
            return connection.respond(HTTPStatus.NOT_FOUND, "not found\n")
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return connection.respond(HTTPStatus.FORBIDDEN, '{"title":"Forbidden","status":403}\n')
        return None

    async def handler(self, ws):
        self.connections += 1
        controller = MaxPressure(self.junctions, self.params)
        state = {"seq": 0, "gw_seq": 0, "statuses": 0}

        async def send(msg):
            state["seq"] += 1
            msg = {"v": 1, **msg, "seq": state["seq"]}
            self.sent.append(msg)
            await ws.send(json.dumps(msg))
            return msg

        async for raw in ws:
            try:
                msg = json.loads(raw)
                if not isinstance(msg, dict) or msg.get("v") != 1 or not isinstance(msg.get("seq"), int):
                    raise ValueError("not a version 1 message")
            except ValueError as e:
                await send({"type": "error", "re": None, "code": "GATEWAY_BAD_MESSAGE", "message": str(e)})
                continue
            if msg["seq"] <= state["gw_seq"]:
                self.repeats += 1
                continue
            if msg["seq"] > state["gw_seq"] + 1:
                self.gaps += msg["seq"] - state["gw_seq"] - 1
            state["gw_seq"] = msg["seq"]
            self.log.append(msg)
            kind = msg.get("type")
            if kind == "hello":
                items = [{"id": i, "accepted": True} if i in self.junctions else
                         {"id": i, "accepted": False, "reason": "unknown intersection"}
                         for i in msg.get("intersections", [])]
                await send({"type": "welcome", "re": msg["seq"], "heartbeatSeconds": 1, "timeoutSeconds": 3,
                            "intersections": items})
            elif kind == "status":
                state["statuses"] += 1
                if self.close_after is not None and state["statuses"] > self.close_after:
                    await ws.close()
                    return
                if self.silent_after is not None and state["statuses"] > self.silent_after:
                    continue
                sts = [i for i in msg.get("intersections", []) if i.get("id") in self.junctions]
                decided = controller.decide(float(msg.get("time", 0.0)), sts) if sts else {}
                cmds = [{"intersection": jid, "action": "stage", "stage": stage, "validFor": self.valid_for,
                         "reason": "max-pressure"} for jid, stage in sorted(decided.items())]
                sent = await send({"type": "decisions", "re": msg["seq"], "commands": cmds})
                if self.duplicate_every and state["statuses"] % self.duplicate_every == 0:
                    self.sent.append(sent)
                    await ws.send(json.dumps(sent))   # the same seq again: the gateway must ignore it
            elif kind == "heartbeat":
                await send({"type": "heartbeat", "time": msg.get("time")})
            elif kind == "fault":
                self.faults.append(msg)
            else:
                await send({"type": "error", "re": msg["seq"], "code": "GATEWAY_BAD_MESSAGE",
                            "message": f"unknown type {kind!r}"})

    async def start(self, host: str = "127.0.0.1", port: int = 0):
        from websockets.asyncio.server import serve
        self.server = await serve(self.handler, host, port, process_request=self.process_request,
                                  max_size=2 ** 24)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{PATH}"

    async def stop(self):
        if self.server is not None:
            self.server.close()
            await asyncio.wait_for(self.server.wait_closed(), 5)


def main() -> None:
    ap = argparse.ArgumentParser(description="fake CityHub gateway endpoint driven by the max-pressure prototype")
    ap.add_argument("--net", type=Path, required=True)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--api-key", default="test-key")
    args = ap.parse_args()

    async def serve_forever():
        hub = await FakeHub(args.net, args.api_key).start(port=args.port)
        print(f"fake hub on {hub.url}", flush=True)
        await asyncio.Future()

    asyncio.run(serve_forever())


if __name__ == "__main__":
    main()
