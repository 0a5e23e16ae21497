#!/usr/bin/env python3
"""What scraping /metrics costs the query path (a benchmark, not a test; issue 15).

Alternates runs of `edd bench` against a fresh release `eddd`: without --metrics, and with --metrics while a
scraper fetches /metrics N times a second (default 100) for the whole run. Prints each run's throughput, the
medians and their ratio, the scrapes done, and the metrics thread's own CPU time per scrape (from
/proc/PID/task/TID/stat), so the cost can be bounded without the noise of a shared machine.

    swift build -c release --product eddd && swift build -c release --product edd
    python3 Tests/Bench/metrics_overhead.py --runs 5 --duration 5      # from the package root

Only the Python standard library; nothing here is part of the package.
"""

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import threading
import time


def start_daemon(args, metrics):
    cmd = [args.eddd, "--model", args.model, "--listen", "127.0.0.1:0", "--workers", str(args.workers)]
    if metrics:
        cmd += ["--metrics", "127.0.0.1:0"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    ports = {}
    while "start" not in ports:
        line = proc.stderr.readline()
        if not line:
            raise SystemExit("eddd exited: " + str(proc.wait()))
        m = re.search(r"event=(\w+) addr=127\.0\.0\.1:(\d+)", line)
        if m:
            ports[m.group(1)] = int(m.group(2))
    threading.Thread(target=proc.stderr.read, daemon=True).start()
    return proc, ports["start"], ports.get("metrics_listen")


def scrape_once(port):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    if not data.startswith(b"HTTP/1.1 200 "):
        raise RuntimeError("scrape failed: %r" % data[:80])
    return len(data)


def scraper(port, rate, stop, done):
    interval = 1.0 / rate
    next_at = time.monotonic()
    while not stop.is_set():
        scrape_once(port)
        done[0] += 1
        next_at += interval
        delay = next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)


def process_cpu_seconds(pid):
    """CPU seconds (user + system) of the whole daemon."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def metrics_thread_cpu_seconds(pid):
    """CPU seconds (user + system) of the daemon's thread named edd-metrics."""
    ticks = os.sysconf("SC_CLK_TCK")
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/comm") as f:
            if f.read().strip() != "edd-metrics":
                continue
        with open(f"/proc/{pid}/task/{tid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks
    raise RuntimeError("no edd-metrics thread")


def bench(args, port):
    cmd = [args.edd, "bench", "--connect", f"127.0.0.1:{port}", "--connections", str(args.connections),
           "--pipeline", str(args.pipeline), "--duration", str(args.duration)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"throughput\s+(\d+) req/s", out).group(1))
    responses = int(re.search(r"\((\d+) responses", out).group(1))
    errors = re.search(r"(\d+) error responses, (\d+) connection errors", out)
    if errors.group(1) != "0" or errors.group(2) != "0":
        raise SystemExit("errors during the run:\n" + out)
    latency = re.search(r"latency\s+(.*)", out).group(1)
    return rate, latency, responses


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--eddd", default=".build/release/eddd")
    p.add_argument("--edd", default=".build/release/edd")
    p.add_argument("--model", default="Models/edd.model")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--duration", type=float, default=5)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--pipeline", type=int, default=8)
    p.add_argument("--rate", type=float, default=100)
    args = p.parse_args()

    plain, scraped, per_scrape = [], [], []
    # Worker CPU per request (the daemon's CPU minus the metrics thread's): unlike throughput it does not
    # move when other programs take the cores, so it shows what scraping costs the query path itself.
    cpu_plain, cpu_scraped = [], []
    for run in range(args.runs):
        for metrics in (False, True):
            proc, port, mport = start_daemon(args, metrics)
            stop, done = threading.Event(), [0]
            before = 0.0
            cpu_before = process_cpu_seconds(proc.pid)
            if metrics:
                scrape_once(mport)  # warm up (first-touch allocations)
                before = metrics_thread_cpu_seconds(proc.pid)
                t = threading.Thread(target=scraper, args=(mport, args.rate, stop, done))
                t.start()
            rate, line, responses = bench(args, port)
            cpu = process_cpu_seconds(proc.pid) - cpu_before
            if metrics:
                stop.set()
                t.join()
                metrics_cpu = metrics_thread_cpu_seconds(proc.pid) - before
                if done[0]:
                    per_scrape.append(metrics_cpu / done[0] * 1e6)
                cpu_scraped.append((cpu - metrics_cpu) / responses * 1e9)
                scraped.append(rate)
            else:
                cpu_plain.append(cpu / responses * 1e9)
                plain.append(rate)
            proc.send_signal(signal.SIGTERM)
            proc.wait()
            per = (cpu_scraped if metrics else cpu_plain)[-1]
            print(f"run {run + 1} {'metrics+scrapes' if metrics else 'no metrics     '}: {rate:,.0f}/s"
                  + f"  worker CPU {per:,.0f} ns/request"
                  + (f"  scrapes={done[0]}" if metrics else "") + f"  | {line}", flush=True)
    mp, ms = statistics.median(plain), statistics.median(scraped)
    print(f"median without --metrics: {mp:,.0f}/s; with --metrics and {args.rate:g} scrapes/s: {ms:,.0f}/s; "
          f"ratio {ms / mp:.4f}")
    cp, cs = statistics.median(cpu_plain), statistics.median(cpu_scraped)
    print(f"median worker CPU per request: {cp:,.0f} ns without, {cs:,.0f} ns with scrapes; ratio {cs / cp:.4f}")
    if per_scrape:
        print(f"metrics thread CPU per scrape (edd-metrics, 10 ms clock ticks): median "
              f"{statistics.median(per_scrape):.0f} us; at {args.rate:g}/s that is "
              f"{statistics.median(per_scrape) * args.rate / 1e4:.2f}% of one core")


if __name__ == "__main__":
    main()
