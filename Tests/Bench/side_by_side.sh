#!/usr/bin/env bash
# eddd beside redis in one go: redis-server answering PING and one or more eddd daemons answering PROTOCOL.md's
# example edd line, all driven by the same client (edd bench --threads 1: one event loop), 50 connections,
# non-pipelined and pipelined 16 deep, RUNS runs each (default 2) of DURATION seconds (default 5), interleaved so
# that all see the same machine. Run from the repository root (it serves Models/edd.model).
#
# usage: Tests/Bench/side_by_side.sh EDD LABEL=EDDD[:WORKERS] ...
#   e.g. Tests/Bench/side_by_side.sh .build/release/edd default=.build/release/eddd one-worker=.build/release/eddd:1
set -euo pipefail
edd=$1; shift
runs=${RUNS:-2}; duration=${DURATION:-5}
command -v redis-server > /dev/null || { echo "redis-server is not installed (Debian: apt-get install redis-server)" >&2; exit 1; }
dir=$(mktemp -d)
printf 'PING\r\n' > "$dir/ping.txt"
printf '%s\n' '{"id":"c-1","op":"edd","carrier":"ups","service":"ground","origin":{"country":"US","postal":"94107"},"destination":{"country":"US","postal":"10001"},"order_time":"2026-11-23T14:05:00-08:00","confidence":0.9,"quantiles":[0.1,0.5,0.9],"distribution":false}' > "$dir/edd.txt"
redis-server --port 6390 --save '' --appendonly no > "$dir/redis.log" 2>&1 &
pids=($!); labels=(); ports=()
port=7500
for spec in "$@"; do
    label=${spec%%=*}; rest=${spec#*=}; binary=${rest%%:*}; workers=()
    [[ $rest == *:* ]] && workers=(--workers "${rest#*:}")
    port=$((port + 1))
    "$binary" --model Models/edd.model --listen 127.0.0.1:$port "${workers[@]}" > "$dir/$label.log" 2>&1 &
    pids+=($!); labels+=("$label"); ports+=($port)
done
trap 'kill "${pids[@]}" 2> /dev/null; rm -rf "$dir"' EXIT
sleep 2
bench() { "$edd" bench --connect "127.0.0.1:$1" --connections 50 --pipeline "$2" --duration "$duration" --queries "$3" --threads 1 | tail -2 | tr '\n' ' '; }
for pipeline in 1 16; do
    for run in $(seq "$runs"); do
        echo "pipeline=$pipeline run=$run redis $(bench 6390 "$pipeline" "$dir/ping.txt")"
        for k in "${!labels[@]}"; do
            echo "pipeline=$pipeline run=$run ${labels[$k]} $(bench "${ports[$k]}" "$pipeline" "$dir/edd.txt")"
        done
    done
done
