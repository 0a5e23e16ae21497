#!/usr/bin/env bash
# Instructions the daemon spends a request, its event loop included (issue 14's figure is the request path
# alone, `edd bench predict` under callgrind): eddd under callgrind with one worker, driven by edd bench (50
# connections, non-pipelined, one client thread) with PROTOCOL.md's example line for DURATION seconds (default
# 10), stopped with SIGTERM; then the worker loop's inclusive count, less the one-time set-up of the time zones
# the first request pays for, over the responses. Callgrind counts the same whatever else the machine does.
# Run from the repository root after `swift build -c release`; EDD and EDDD choose other builds.
#
# usage: Tests/Bench/daemon_instructions.sh
set -euo pipefail
duration=${DURATION:-10}; port=${PORT:-7620}
edd=${EDD:-.build/release/edd}; eddd=${EDDD:-.build/release/eddd}
command -v valgrind > /dev/null || { echo "valgrind is not installed (Debian: apt-get install valgrind)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '%s\n' '{"id":"c-1","op":"edd","carrier":"ups","service":"ground","origin":{"country":"US","postal":"94107"},"destination":{"country":"US","postal":"10001"},"order_time":"2026-11-23T14:05:00-08:00","confidence":0.9,"quantiles":[0.1,0.5,0.9],"distribution":false}' > "$dir/edd.txt"
valgrind --tool=callgrind --callgrind-out-file="$dir/callgrind.out" "$eddd" --model Models/edd.model \
    --listen "127.0.0.1:$port" --workers 1 > "$dir/eddd.log" 2>&1 &
daemon=$!
# Under callgrind the model takes several seconds to load: wait for the port.
for _ in $(seq 120); do
    (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break
    sleep 0.5
done
"$edd" bench --connect "127.0.0.1:$port" --connections 50 --pipeline 1 --duration "$duration" \
    --queries "$dir/edd.txt" --threads 1 > "$dir/bench.txt"
kill -TERM "$daemon"
wait "$daemon" || true
responses=$(grep -o '([0-9]* responses' "$dir/bench.txt" | tr -dc 0-9)
callgrind_annotate --inclusive=yes --auto=no "$dir/callgrind.out" > "$dir/inclusive.txt" 2> /dev/null
loop=$(grep -m1 'WorkerC3runyyF \[' "$dir/inclusive.txt" | awk '{print $1}' | tr -d ,)
zones=$(grep -m1 'knownZones_WZ' "$dir/inclusive.txt" | awk '{print $1}' | tr -d ,)
echo "responses $responses, worker loop $loop instructions, time zones set up $zones"
echo "instructions per request: $(((loop - zones) / responses))"
