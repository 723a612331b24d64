"""The badge budget's measurement: requests per second and latency of the badge address, page
and JSON, for a valid and a revoked seal, beside a bare Django view on the same server in the
same run. ``bench/badges`` prepares the database and starts the server; this loads it with
wrk and prints the figures.

    python -m bench.run --base-url http://127.0.0.1:PORT --server-pid PID --redis-pid PID
        [--seconds 10] [--connections 8] [--threads 1]
"""

import argparse
import os
import platform
import re
import resource
import runpy
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REQUESTS_PER_SECOND_BUDGET = 1500
P99_BUDGET_MS = 20
# A run started while other programs keep the cores busy measures them as much as the site.
BUSY_BEFORE_RUN_PERCENT = 15
WRK_REPORT = Path(__file__).with_name("wrk_report.lua")
# About how long a connection carries requests before the load generator closes it and opens
# another. All of wrk's connections open at once, before the workers are busy, and each stays
# with the worker that accepted it: kept for the whole run, one worker held 7 or 8 of the 8 in
# most runs, and one core did nearly all the work. Connections that come and go, as clients'
# and a proxy's do, are accepted by whichever worker is idle, and so shared between them. The
# warm-up's rate turns this into a number of requests for each address.
SECONDS_PER_CONNECTION = 2
# The state "established" in /proc/net/tcp.
ESTABLISHED = "01"
RESULT_LINE = re.compile(r"^BENCH (?P<fields>.*)$", re.MULTILINE)


@dataclass
class Target:
    label: str
    path: str
    budgeted: bool


@dataclass
class Result:
    target: Target
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    failed: int
    server_cpu_ms: float
    others_percent: int
    connections_per_worker: list[int]

    def meets_budget(self):
        return (
            self.failed == 0
            and self.requests_per_second >= REQUESTS_PER_SECOND_BUDGET
            and self.p99_ms < P99_BUDGET_MS
        )


def badge_targets():
    """The bare view, and the page and JSON of a valid and a revoked seal of the demo."""
    import django

    django.setup()
    from django.db import connections
    from django.urls import reverse
    from django.utils import translation

    from members import selectors
    from members.models import Seal, SealStatus

    seals = {}
    for seal in Seal.objects.select_related("organisation"):
        seals.setdefault(selectors.seal_state(seal).name, seal)
    missing = {"valid", SealStatus.REVOKED} - set(seals)
    if missing:
        sys.exit(f"error: the demo content has no {' and no '.join(sorted(missing))} seal")
    bare = Target("bare Django view", "/bench/bare/", budgeted=False)
    targets = [bare]
    with translation.override("de"):
        for state in ("valid", SealStatus.REVOKED):
            token = seals[state].token
            targets += [
                Target(f"badge page, {state}", reverse("members:badge", args=[token]), True),
                Target(f"badge JSON, {state}", reverse("members:badge_json", args=[token]), True),
            ]
    connections.close_all()
    # Once more at the end: other programs on the machine change the floor during a run.
    return [*targets, bare]


def cpu_times():
    """Busy and total time of all cores so far, from /proc/stat."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def busy_percent(seconds=1.0):
    busy, total = cpu_times()
    time.sleep(seconds)
    busy_after, total_after = cpu_times()
    return round(100 * (busy_after - busy) / max(total_after - total, 1))


def wait_until_quiet(longest=60):
    """The cores' load while the server is idle: waits up to ``longest`` seconds for other
    programs to calm down, and returns the last figure."""
    deadline = time.monotonic() + longest
    busy = busy_percent()
    while busy > BUSY_BEFORE_RUN_PERCENT and time.monotonic() < deadline:
        busy = busy_percent()
    return busy


def process_seconds(pid, *, with_children=False):
    """CPU time a process used so far; with the children it has reaped (gunicorn's
    replaced workers)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    if with_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def worker_pids(server_pid):
    return [
        int(pid)
        for children in Path(f"/proc/{server_pid}/task").glob("*/children")
        for pid in children.read_text().split()
    ]


def connections_per_worker(server_pid, port):
    """How many of the load generator's open connections each gunicorn worker holds, most
    first. A connection stays with the worker that accepted it, and a worker runs on one
    core at a time: where one holds 7 of 8, the other core idles."""
    owners = {}
    for pid in worker_pids(server_pid):
        for descriptor in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(descriptor)
            except FileNotFoundError:
                continue
            if target.startswith("socket:["):
                owners[target[len("socket:[") : -1]] = pid
    held = dict.fromkeys(worker_pids(server_pid), 0)
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port, state, inode = int(fields[1].rsplit(":", 1)[1], 16), fields[3], fields[9]
        if state == ESTABLISHED and local_port == port and inode in owners:
            held[owners[inode]] += 1
    return sorted(held.values(), reverse=True)


def server_seconds(server_pid, redis_pid):
    """CPU time of gunicorn (its master, its workers and the workers it replaced) and Redis."""
    used = process_seconds(server_pid, with_children=True) + process_seconds(redis_pid)
    for pid in worker_pids(server_pid):
        try:
            used += process_seconds(pid)
        except FileNotFoundError:
            continue
    return used


def children_seconds():
    """CPU time of the finished programs this one started: the load generator."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wrk(url, *, seconds, connections, threads, requests_per_second=1500, while_running=None):
    """wrk's figures for ``url``, with each connection closed after about
    ``SECONDS_PER_CONNECTION`` at ``requests_per_second``; ``while_running()`` is called a
    second into the run and its result returned beside them."""
    requests_per_connection = requests_per_second * SECONDS_PER_CONNECTION
    process = subprocess.Popen(
        [
            "wrk",
            f"--threads={threads}",
            f"--connections={connections}",
            f"--duration={seconds}s",
            "--timeout=5s",
            f"--script={WRK_REPORT}",
            url,
            "--",
            str(max(1, int(requests_per_connection * threads // connections))),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = None
    if while_running is not None:
        time.sleep(1)
        seen = while_running()
    stdout, stderr = process.communicate()
    match = RESULT_LINE.search(stdout)
    if process.returncode or match is None:
        sys.exit(f"error: wrk printed no figures for {url}:\n{stdout}{stderr}")
    return {key: float(v) for key, v in (f.split("=") for f in match["fields"].split())}, seen


def measure(args, target):
    url = args.base_url + target.path
    load = {"connections": args.connections, "threads": args.threads}
    # The first requests of each worker compile templates: not what is measured.
    warm_up, _seen = wrk(url, seconds=2, **load)
    load["requests_per_second"] = warm_up["requests"] / warm_up["seconds"]
    wait_until_quiet()
    machine_before, wrk_before = cpu_times(), children_seconds()
    server_before = server_seconds(args.server_pid, args.redis_pid)
    port = int(args.base_url.rsplit(":", 1)[1])
    figures, shares = wrk(
        url,
        seconds=args.seconds,
        **load,
        while_running=lambda: connections_per_worker(args.server_pid, port),
    )
    server_used = server_seconds(args.server_pid, args.redis_pid) - server_before
    machine_after, wrk_used = cpu_times(), children_seconds() - wrk_before
    tick = os.sysconf("SC_CLK_TCK")
    busy = (machine_after[0] - machine_before[0]) / tick
    others = max(busy - server_used - wrk_used, 0) / ((machine_after[1] - machine_before[1]) / tick)
    return Result(
        target=target,
        requests_per_second=figures["requests"] / figures["seconds"],
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        failed=int(figures["non2xx"] + figures["socket_errors"]),
        server_cpu_ms=1000 * server_used / max(figures["requests"], 1),
        others_percent=round(100 * others),
        connections_per_worker=shares,
    )


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def command_version(*command):
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    return (completed.stdout + completed.stderr).strip().splitlines()[0]


def setup_lines(args):
    """The date, the machine, the server and the load of a run, for its report."""
    from django.conf import settings

    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    gunicorn = runpy.run_path(str(Path(settings.BASE_DIR) / "cms" / "gunicorn.conf.py"))
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return [
        f"date     {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine  {nproc} cores (nproc), {cpu_model()}, {platform.system()} "
        f"{platform.release()}, load average {os.getloadavg()[0]:.2f} at the start",
        f"server   gunicorn with cms/gunicorn.conf.py: {gunicorn['workers']} workers of "
        f"{gunicorn['threads']} threads ({gunicorn['worker_class']}), replaced after about "
        f"{gunicorn['max_requests']:,} requests, on loopback;\n         "
        f"{os.environ['DJANGO_SETTINGS_MODULE']} (production, DEBUG off), {database}, "
        f"cache {cache}",
        f"load     {command_version('wrk', '--version').split(' [')[0]}, {args.threads} "
        f"thread(s), {args.connections} connections, {args.seconds} s per address after 2 s "
        "of warm-up, keep-alive, each connection replaced after about "
        f"{SECONDS_PER_CONNECTION} s, X-Forwarded-Proto: https as the proxy sends it",
    ]


def print_header(args):
    from django.conf import settings

    lines = [
        f"Badge budget (issue 15): at least {REQUESTS_PER_SECOND_BUDGET:,} requests/s and p99 "
        f"under {P99_BUDGET_MS} ms for the badge page and its JSON",
        *setup_lines(args),
        f"limiter  BADGE_CHECKS_PER_MINUTE is {settings.BADGE_CHECKS_PER_MINUTE:,} here, since "
        "all the load comes from one address; every check is still counted",
    ]
    print("\n".join(lines), flush=True)


def print_results(results):
    bare = (results[0].requests_per_second + results[-1].requests_per_second) / 2
    print()
    print(
        f"{'what':<22} {'address':<46} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'x bare':>7} {'CPU ms':>7} {'others':>6} {'conns':>6}  budget"
    )
    for result in results:
        verdict = ""
        if result.target.budgeted:
            verdict = "met" if result.meets_budget() else "MISSED"
        if result.failed:
            verdict += f" ({result.failed} failed requests)"
        print(
            f"{result.target.label:<22} {result.target.path:<46} "
            f"{result.requests_per_second:>7,.0f} {result.p50_ms:>7.1f} {result.p99_ms:>7.1f} "
            f"{result.requests_per_second / bare:>7.2f} {result.server_cpu_ms:>7.2f} "
            f"{result.others_percent:>5}% "
            f"{'+'.join(map(str, result.connections_per_worker)):>6}  {verdict}"
        )
    print(
        "\nx bare: requests/s as a share of the bare view's (the mean of its two runs). CPU ms: "
        "CPU time of gunicorn and Redis per request.\nothers: the share of the cores that other "
        "programs took during the run (each run waits for them to calm down first);\n"
        "where it is high, the figures say more about the machine than about the site.\n"
        "conns: how many of wrk's connections each worker held; a worker runs on one core at a "
        "time, so at 7+1 or 8+0\none core does most of the work and the figure says more about "
        "that hand-out than about the site."
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--server-pid", type=int, required=True, help="gunicorn's master")
    parser.add_argument("--redis-pid", type=int, required=True)
    args = parser.parse_args()
    targets = badge_targets()
    print_header(args)
    results = [measure(args, target) for target in targets]
    print_results(results)
    budgeted = [result for result in results if result.target.budgeted]
    if all(result.meets_budget() for result in budgeted) and not any(r.failed for r in results):
        print("The badge budget is met.")
        return 0
    print("The badge budget is MISSED.")
    return 1


if __name__ == "__main__":
    sys.exit(main())
