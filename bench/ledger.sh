#!/usr/bin/env bash
# The ledger sequencer on SQLite, in process: a backlog of journal events integrated durably (appends/s), then
# 16 writers appending as fast as the journal takes them while the sequencer follows (time to integrated).
#
#   bench/ledger.sh [backlog] [seconds]       (builds the release benchmark; a fresh directory each run)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product cityhub-bench 2>&1 | grep -E "error|Build" | tail -1
WORK=$(mktemp -d /tmp/cityhub-ledger.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
.build/release/cityhub-bench ledger "$WORK" "${1:-200000}" "${2:-10}"
