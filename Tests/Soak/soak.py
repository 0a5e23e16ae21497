#!/usr/bin/env python3
"""Soak benchmark for eddd (a benchmark, not a test): normal load plus every abusive client of issue 10.

Starts the release daemon with a low descriptor limit, runs `edd bench` for the whole duration, and in
parallel loops abusive clients: descriptor exhaustion bursts, byte-tricklers, over-long lines, unterminated
last lines with half-close, random garbage, readers that never read, huge/sparse and valid reloads over the
Unix socket. Samples VmRSS from /proc and prints start (after warm-up) and end figures, then SIGTERMs the
daemon and reports how long it took to exit.

    swift build -c release --product eddd && swift build -c release --product edd
    python3 Tests/Soak/soak.py --minutes 10           # from the package root

Only the Python standard library; nothing here is part of the package.
"""

import argparse
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time

HEALTH = b'{"op":"health"}\n'
EDD = (b'{"op":"edd","carrier":"ups","service":"ground","origin":{"postal":"94107"},'
       b'"destination":{"postal":"10001"},"order_time":"2026-11-23T14:05:00-08:00"}\n')

stop = threading.Event()
counts = {}
counts_lock = threading.Lock()


def bump(key, n=1):
    with counts_lock:
        counts[key] = counts.get(key, 0) + n


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def connect(port, timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    return s


def read_line(s):
    data = b""
    while not data.endswith(b"\n"):
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


class Overloaded(Exception):
    pass


def check(data, expected):
    if b'"overloaded"' in data:
        raise Overloaded()
    assert expected(data), data[:300]


def loop(name, body, pause):
    while not stop.is_set():
        try:
            body()
            bump(name)
        except Overloaded:
            bump(name + "_overloaded")  # expected while a descriptor burst holds every slot
        except OSError as e:
            bump(name + "_oserror:" + type(e).__name__)
        except AssertionError as e:
            bump(name + "_UNEXPECTED")
            print(f"{name}: unexpected answer {e}", flush=True)
        stop.wait(pause)


def descriptor_burst(port, n):
    def body():
        socks = []
        for _ in range(n):
            try:
                socks.append(connect(port))
            except OSError:
                bump("burst_connect_failed")
        for s in socks:
            try:
                s.sendall(HEALTH)
                line = read_line(s)
                bump("burst_overloaded" if b"overloaded" in line else "burst_served")
            except OSError:
                bump("burst_read_error")
        for s in socks:
            s.close()
    return body


def trickler(port):
    def body():
        s = connect(port, timeout=30)
        try:
            while not stop.is_set():
                s.sendall(b"{")
                s.settimeout(0.5)
                try:
                    if s.recv(1) == b"":
                        bump("trickler_closed_by_server")
                        return
                except socket.timeout:
                    pass
        finally:
            s.close()
    return body


def long_lines(port):
    def body():
        with connect(port) as s:
            s.sendall(b"x" * 200_000 + b"\n" + EDD)
            check(read_line(s), lambda d: b"line_too_long" in d)
    return body


def unterminated(port):
    def body():
        with connect(port) as s:
            s.sendall(HEALTH + HEALTH.rstrip(b"\n"))
            s.shutdown(socket.SHUT_WR)
            data = b""
            while chunk := s.recv(65536):
                data += chunk
            check(data, lambda d: d.count(b"\n") == 2 and b'"ok":true' in d)
    return body


def garbage(port):
    rng = random.Random(7)

    def body():
        with connect(port) as s:
            s.sendall(bytes(rng.randrange(256) for _ in range(20_000)) + b"\n")
            s.shutdown(socket.SHUT_WR)
            while s.recv(65536):
                pass
    return body


def deaf(port):
    def body():
        s = connect(port)
        s.setblocking(False)
        payload = HEALTH * 50_000
        sent = 0
        deadline = time.time() + 5
        while sent < len(payload) and time.time() < deadline:
            try:
                sent += s.send(payload[sent:])
            except BlockingIOError:
                time.sleep(0.05)
        s.close()
    return body


def reloads(unix_path, huge, model):
    def ask(line):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(30)
            s.connect(unix_path)
            s.sendall(line)
            return read_line(s)

    def body():
        check(ask(b'{"op":"reload","path":"%s"}\n' % huge.encode()), lambda d: b"limit" in d)
        check(ask(b'{"op":"reload","path":"%s"}\n' % model.encode()), lambda d: b'"ok":true' in d)
    return body


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--minutes", type=float, default=10)
    p.add_argument("--model", default="Models/edd.model")
    p.add_argument("--build", default=".build/release")
    p.add_argument("--scratch", default="/tmp/edd-soak")
    p.add_argument("--nofile", type=int, default=512)
    args = p.parse_args()
    os.makedirs(args.scratch, mode=0o700, exist_ok=True)
    unix_path = os.path.join(args.scratch, "eddd.sock")
    huge = os.path.join(args.scratch, "huge.model")
    with open(huge, "wb") as f:
        f.write(b"EDDMODEL\x01\x00\x00\x00")
        f.truncate(512 << 20)
    log_path = os.path.join(args.scratch, "eddd.log")
    log = open(log_path, "wb")
    daemon = subprocess.Popen(
        ["prlimit", f"--nofile={args.nofile}:{args.nofile}", os.path.join(args.build, "eddd"),
         "--model", args.model, "--listen", "127.0.0.1:0", "--unix", unix_path, "--max-connections", "2000",
         "--line-timeout", "2", "--idle-timeout", "20"],
        stderr=log)
    port = None
    for _ in range(600):
        text = open(log_path, errors="replace").read()
        m = re.search(r"event=start addr=127\.0\.0\.1:(\d+)", text)
        if m:
            port = int(m.group(1))
            break
        time.sleep(0.1)
    if port is None:
        print("eddd did not start:\n" + open(log_path).read())
        daemon.kill()
        return 1
    duration = args.minutes * 60
    bench = subprocess.Popen(
        [os.path.join(args.build, "edd"), "bench", "--connect", f"127.0.0.1:{port}", "--connections", "8",
         "--pipeline", "4", "--duration", str(int(duration)), "--threads", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    abusers = [
        ("burst", descriptor_burst(port, args.nofile + 100), 10),
        ("trickler", trickler(port), 0.1),
        ("trickler", trickler(port), 0.1),
        ("long_line", long_lines(port), 0.2),
        ("unterminated", unterminated(port), 0.05),
        ("garbage", garbage(port), 0.2),
        ("deaf", deaf(port), 1),
        ("reload", reloads(unix_path, huge, os.path.abspath(args.model)), 5),
    ]
    threads = [threading.Thread(target=loop, args=a, daemon=True) for a in abusers]
    for t in threads:
        t.start()
    began = time.time()
    samples = []
    warm = None
    while time.time() - began < duration:
        time.sleep(10)
        elapsed = time.time() - began
        rss = rss_kib(daemon.pid)
        samples.append((elapsed, rss))
        if warm is None and elapsed >= 60:
            warm = rss
        print(f"t={elapsed:5.0f}s VmRSS={rss} KiB", flush=True)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    end_rss = rss_kib(daemon.pid)
    warm = warm or samples[0][1]
    hwm = rss_kib(daemon.pid, "VmHWM")
    bench_out = bench.communicate()[0].decode(errors="replace")
    signalled = time.time()
    daemon.send_signal(signal.SIGTERM)
    status = daemon.wait(timeout=60)
    exit_s = time.time() - signalled
    log.close()
    text = open(log_path, errors="replace").read()
    print("bench:", bench_out.strip().replace("\n", " | "))
    print("abusive client rounds:", dict(sorted(counts.items())))
    print(f"accept_failed log lines: {text.count('event=accept_failed')}, log bytes: {len(text)}")
    print(f"VmRSS start (t=10s) {samples[0][1]} KiB, warm (t>=60s) {warm} KiB, end {end_rss} KiB, "
          f"peak {hwm} KiB; end vs warm {100.0 * (end_rss - warm) / warm:+.1f}%")
    print(f"SIGTERM to exit: {exit_s:.2f} s, status {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
