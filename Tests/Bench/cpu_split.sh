#!/usr/bin/env bash
# Where the CPU goes, per request, when redis and eddd are driven as in side_by_side.sh: the server's user and
# kernel time (from /proc/PID/stat) and the client's (edd bench --threads 1 under /usr/bin/time), each divided
# by the responses of one DURATION-second run (default 5) at PIPELINE depth (default 1), ROUNDS times (default
# 1) in turn. Two rows separate the costs: `echo` is eddd's socket layer alone (`edd serve-echo`, one worker)
# sent the same line, answered with 275 bytes against eddd's 291; `redis-set` is redis sent a request of the
# same 255 bytes (`SET k <247 bytes>`, answered `+OK`). Run from the repository root (it serves
# Models/edd.model) after `swift build -c release`; EDD and EDDD choose other builds.
#
# usage: PIPELINE=16 ROUNDS=3 Tests/Bench/cpu_split.sh
set -euo pipefail
pipeline=${PIPELINE:-1}; duration=${DURATION:-5}; rounds=${ROUNDS:-1}
edd=${EDD:-.build/release/edd}; eddd=${EDDD:-.build/release/eddd}
command -v redis-server > /dev/null || { echo "redis-server is not installed (Debian: apt-get install redis-server)" >&2; exit 1; }
dir=$(mktemp -d)
printf 'PING\r\n' > "$dir/ping.txt"
printf 'SET k %s\r\n' "$(printf 'x%.0s' $(seq 247))" > "$dir/set.txt"
printf '%s\n' '{"id":"c-1","op":"edd","carrier":"ups","service":"ground","origin":{"country":"US","postal":"94107"},"destination":{"country":"US","postal":"10001"},"order_time":"2026-11-23T14:05:00-08:00","confidence":0.9,"quantiles":[0.1,0.5,0.9],"distribution":false}' > "$dir/edd.txt"
redis-server --port 6392 --save '' --appendonly no > "$dir/redis.log" 2>&1 &
redis=$!
"$eddd" --model Models/edd.model --listen 127.0.0.1:7611 > "$dir/default.log" 2>&1 &
default=$!
"$eddd" --model Models/edd.model --listen 127.0.0.1:7612 --workers 1 > "$dir/one.log" 2>&1 &
one=$!
"$edd" serve-echo --listen 127.0.0.1:7613 --workers 1 > "$dir/echo.log" 2>&1 &
echo=$!
trap 'kill $redis $default $one $echo 2> /dev/null; wait 2> /dev/null; rm -rf "$dir"' EXIT
sleep 2
ticks=$(getconf CLK_TCK)
for round in $(seq "$rounds"); do
    for spec in redis:6392:$redis:ping redis-set:6392:$redis:set echo:7613:$echo:edd eddd-default:7611:$default:edd \
        eddd-workers-1:7612:$one:edd; do
        IFS=: read -r name port pid queries <<< "$spec"
        read -r user0 system0 < <(awk '{print $14, $15}' "/proc/$pid/stat")
        /usr/bin/time -o "$dir/client.txt" -f "%U %S" "$edd" bench --connect "127.0.0.1:$port" \
            --connections 50 --pipeline "$pipeline" --duration "$duration" --queries "$dir/$queries.txt" --threads 1 \
            > "$dir/bench.txt"
        read -r user1 system1 < <(awk '{print $14, $15}' "/proc/$pid/stat")
        read -r clientUser clientSystem < "$dir/client.txt"
        responses=$(grep -o '([0-9]* responses' "$dir/bench.txt" | tr -dc 0-9)
        awk -v n="$responses" -v d="$duration" -v t="$ticks" -v su=$((user1 - user0)) -v ss=$((system1 - system0)) \
            -v cu="$clientUser" -v cs="$clientSystem" -v name="$name" -v p="$pipeline" -v r="$round" 'BEGIN {
            printf "round %s %s pipeline=%s %.0fk/s  server user %.2f sys %.2f µs/request  client user %.2f sys %.2f µs/request\n",
                r, name, p, n / d / 1000, su / t / n * 1e6, ss / t / n * 1e6, cu / n * 1e6, cs / n * 1e6 }'
    done
done
