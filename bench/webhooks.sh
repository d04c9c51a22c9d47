#!/usr/bin/env bash
# Outgoing webhooks on SQLite, in process, to a loopback Hummingbird receiver: a backlog delivered to every
# subscription (deliveries/s), then events committed at a steady rate (commit → received p50/p99).
#
#   bench/webhooks.sh [backlog] [subscriptions] [rate] [seconds]   (builds the release benchmark; a fresh directory each run)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
build_release cityhub-bench
WORK=$(mktemp -d /tmp/cityhub-webhooks.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
.build/release/cityhub-bench webhooks "$WORK" "${1:-20000}" "${2:-2}" "${3:-1000}" "${4:-10}"
