#!/usr/bin/env python3
"""Generates recorded events in @timestamp order and replays them through the project's rules under a heap cap.

Usage (from the repository root, after `mvn -o -B -q -pl compiler package -DskipTests`):
    python3 benchmarks/scripts/replay_1gb.py [--size-mb 1024] [--xmx 512m] [--keep]

The events are a realistic mix for the project's rules (process starts among them whoami, powershell -enc and
vssadmin, failed logons, network connections, file creations), spread over several days at a steady rate with bursts
of failed logons and sequences, so every rule type has runs with work in them. The script prints wall time,
events/s and the peak RSS of the replay JVM (from /proc, sampled every 100 ms), and the replay's own summary.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone

HOSTS = [f"ws-{i:03d}" for i in range(200)]
USERS = [f"user{i:03d}" for i in range(500)]
PROGRAMS = ["C:\\Windows\\System32\\svchost.exe", "C:\\Program Files\\App\\app.exe", "C:\\Windows\\explorer.exe",
            "C:\\Windows\\System32\\cmd.exe", "C:\\Windows\\System32\\whoami.exe", "C:\\Windows\\System32\\vssadmin.exe",
            "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "C:\\Tools\\tool%d.exe"]


def event(rng, ts):
    host = rng.choice(HOSTS)
    user = rng.choice(USERS)
    kind = rng.random()
    base = {"@timestamp": ts.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "host": {"name": host, "id": "id-" + host, "os": {"family": "windows"}},
            "agent": {"type": "endpoint", "version": "8.12.0"},
            "ecs": {"version": "8.11.0"},
            "user": {"name": user, "domain": "CORP"}}
    if kind < 0.55:
        exe = rng.choice(PROGRAMS)
        if "%d" in exe:
            exe = exe % rng.randrange(5000)
        name = exe.rsplit("\\", 1)[1]
        args = [name]
        if name == "powershell.exe" and rng.random() < 0.01:
            args += ["-enc", "SQBFAFgA"]
        if name == "vssadmin.exe":
            args += ["delete", "shadows", "/all"] if rng.random() < 0.2 else ["list", "shadows"]
        base["event"] = {"category": ["process"], "type": ["start"], "action": "start", "kind": "event"}
        base["process"] = {"name": name, "executable": exe, "args": args, "command_line": " ".join(args),
                           "pid": rng.randrange(100, 60000),
                           "parent": {"name": rng.choice(["explorer.exe", "services.exe", "winword.exe", "cmd.exe"]),
                                      "pid": rng.randrange(100, 60000)}}
    elif kind < 0.75:
        base["event"] = {"category": ["authentication"], "type": ["start"], "code": "4625",
                         "outcome": "failure" if rng.random() < 0.3 else "success", "kind": "event"}
        base["source"] = {"ip": f"10.{rng.randrange(4)}.{rng.randrange(256)}.{rng.randrange(256)}"}
    elif kind < 0.95:
        base["event"] = {"category": ["network"], "type": ["connection", "start"], "kind": "event"}
        base["process"] = {"name": rng.choice(["cmd.exe", "chrome.exe", "svchost.exe", "regsvr32.exe"]), "pid": rng.randrange(100, 60000)}
        base["destination"] = {"ip": f"203.0.113.{rng.randrange(256)}", "port": rng.choice([80, 443, 8080])}
        base["network"] = {"transport": "tcp", "direction": "egress"}
    else:
        base["event"] = {"category": ["file"], "type": ["creation"], "kind": "event"}
        ext = "locked" if rng.random() < 0.002 else rng.choice(["txt", "docx", "tmp", "log"])
        base["file"] = {"path": f"C:\\Users\\{user}\\Documents\\f{rng.randrange(10000)}.{ext}", "extension": ext}
    base["message"] = "synthetic event for the replay benchmark " + "x" * rng.randrange(40, 160)
    return base


def generate(path, size_bytes, seed=7):
    rng = random.Random(seed)
    ts = datetime(2026, 11, 1, tzinfo=timezone.utc)
    written = 0
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < size_bytes:
            ts += timedelta(milliseconds=rng.randrange(0, 200))
            burst = 1
            if rng.random() < 0.0005:  # a spray: many failures from one address within a minute
                burst = 30
            for _ in range(burst):
                e = event(rng, ts)
                if burst > 1:
                    e["event"] = {"category": ["authentication"], "type": ["start"], "code": "4625", "outcome": "failure"}
                    e["source"] = {"ip": "198.51.100.66"}
                line = json.dumps(e, separators=(",", ":")) + "\n"
                out.write(line)
                written += len(line)
                count += 1
    return count


def peak_rss(pid, stop, result):
    peak = 0
    while not stop.is_set():
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except OSError:
            break
        time.sleep(0.1)
    result.append(peak)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--xmx", default="512m")
    parser.add_argument("--events", help="an existing events file instead of generating one")
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    args = parser.parse_args()
    jar = os.path.join("compiler", "target", "ruleforge.jar")
    if not os.path.exists(jar):
        sys.exit(f"expected {jar}: build it with mvn -o -B -q -pl compiler package -DskipTests")
    work = tempfile.mkdtemp(prefix="replay-bench-")
    events = args.events or os.path.join(work, "events.ndjson")
    if not args.events:
        t = time.time()
        n = generate(events, args.size_mb * 1024 * 1024)
        print(f"generated {n:,} events, {os.path.getsize(events) / 1e6:,.0f} MB in {time.time() - t:.0f} s")
    cmd = ["java", f"-Xmx{args.xmx}", "-jar", jar, "replay", "--events", events, "--out", os.path.join(work, "out")]
    start = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stop = threading.Event()
    peak = []
    sampler = threading.Thread(target=peak_rss, args=(proc.pid, stop, peak))
    sampler.start()
    output = proc.communicate()[0]
    wall = time.time() - start
    stop.set()
    sampler.join()
    print(output)
    lines = sum(1 for _ in open(events, "rb"))
    print(f"exit {proc.returncode}; wall {wall:.1f} s; {lines / wall:,.0f} events/s; peak RSS {peak[0] / 1024 if peak else 0:,.0f} MB "
          f"(-Xmx{args.xmx}, {os.cpu_count()} cores)")
    if not args.keep and not args.events:
        os.remove(events)
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
