#!/usr/bin/env python3
"""The recorder's QMP side: drives a QEMU that record.sh or migrate.sh built the command line for.

  harness.py record  --hold SOCK --dump FILE --ram-bytes N --nonzero-out FILE.gz --console FILE -- QEMU ARGS...
  harness.py migrate --max-bandwidth BYTES --downtime-limit MS --delay S --timeout S [--auto-converge]
                     [--hot-policy P [--hot-from-sync N] [--hot-pending counted|excluded]] [--exact-log]
                     [--uri URI] [--dump-ram FILE --ram-bytes N]
                     --sync-log FILE --console FILE --workload NAME --trace PATH -o RECORD.json -- QEMU ARGS...
  harness.py load --stream FILE --dump-ram FILE --ram-bytes N --qmp SOCK --console FILE -- QEMU ARGS...
  harness.py compare SOURCE.bin DEST.bin

record: QEMU runs with the dirtylog plugin and hold=SOCK. At the workload's start marker the plugin holds the
vCPU and connects to SOCK; guest time stands still while this script dumps guest RAM (QMP pmemsave), tests
every 4 KiB page for zeros and writes the non-zero pages as pfns or `a-b` ranges (end exclusive), then lets
the vCPU go. The trace's epoch 0 starts at exactly that instant.

migrate: QEMU runs without the plugin. When the guest's init prints MIGREPLAY-START (the same init that wrote
the marker in the recording), the script measures guest time from the icount drift (HMP `info jit`: host
clock - guest clock) and, DELAY guest seconds later, starts a migration to `exec:cat > /dev/null` with the
given parameters, polls query-migrate every 0.1 s, cancels it after TIMEOUT host seconds, and writes one JSON
record in the format of shared/research/qemu-validation.md section 4, plus `bitmap_sync_pages`: the pages
each dirty-bitmap sync found (QEMU's migration_bitmap_sync_end trace event). With --postcopy-after S it starts
the --destination QEMU (-incoming defer; postcopy-ram and postcopy-blocktime on, migrate-incoming URI), turns
postcopy-ram on at the source, migrates to URI (a unix: socket: post-copy needs the return path) and issues
migrate-start-postcopy S host seconds after migrate; the record then has a `postcopy` object (when it was
requested, the first postcopy-active poll, the destination's command line and its last query-migrate with
postcopy-blocktime and postcopy-vcpu-blocktime); final_query_migrate holds ram.postcopy-requests,
ram.postcopy-bytes and ram.precopy-bytes.

--hot-policy (none, paper, consecutive:K), --hot-from-sync and --hot-pending set the hold-back of
recorder/qemu/hot-page-hold-back.patch (migration parameters x-hot-policy, x-hot-consecutive, x-hot-from-sync,
x-hot-pending), --exact-log the capability x-tcg-dirty-sync-fix (recorder/qemu/tcg-dirty-sync-fix.patch, the
backport of upstream 03bfc2188f; `params.tcg_dirty_sync_fix`); both need recorder/qemu/build.sh's QEMU. The
record's `params` then name them, and each `bitmap_sync_pages` entry carries `held` (pages the sync newly held back) and `held_now`.
With --dump-ram, once the migration has completed the paused source's RAM is saved (QMP pmemsave) before
QEMU quits.

load: starts a destination QEMU (-S, -incoming from the migration stream FILE), waits for the incoming
migration to complete and saves its RAM. compare: the pages that differ between two such dumps (exit 1 if any).

Standard library only. Exit codes: 0 done, 1 the guest or QEMU failed (compare: pages differ), 2 usage.
"""
import argparse
import gzip
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import threading
import time

PAGE = 4096
ZERO_PAGE = bytes(PAGE)


class QmpError(Exception):
    pass


class Qmp:
    """A minimal synchronous QMP client over a Unix socket; asynchronous events are kept in `events`."""

    def __init__(self, path, proc, wait_s=120):
        deadline = time.monotonic() + wait_s
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise QmpError(f"cannot connect to QMP at {path}")
                time.sleep(0.05)
        self.file = self.sock.makefile("rb")
        self.events = []
        self._read()  # greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        line = self.file.readline()
        if not line:
            raise QmpError("QMP connection closed")
        return json.loads(line)

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            reply = self._read()
            if "event" in reply:
                self.events.append(reply)
            elif "error" in reply:
                raise QmpError(f"{name}: {reply['error'].get('desc', reply['error'])}")
            elif "return" in reply:
                return reply["return"]

    def hmp(self, line):
        return self.cmd("human-monitor-command", **{"command-line": line})

    def drift_ms(self):
        """Host clock minus guest (icount) clock in ms, from `info jit`."""
        m = re.search(r"Host - Guest clock\s+(-?\d+) ms", self.hmp("info jit"))
        if not m:
            raise QmpError("info jit printed no icount drift (is -icount on?)")
        return int(m.group(1))


def nonzero_ranges(dump, pages):
    """Yields [start, end) pfn ranges of the pages of `dump` that are not all zeros."""
    start = None
    with open(dump, "rb") as f:
        for pfn in range(pages):
            nonzero = f.read(PAGE) != ZERO_PAGE
            if nonzero and start is None:
                start = pfn
            elif not nonzero and start is not None:
                yield start, pfn
                start = None
    if start is not None:
        yield start, pages


def write_nonzero(path, ranges, header):
    tmp = path + ".tmp"
    count = 0
    with gzip.open(tmp, "wt") as out:
        for line in header:
            out.write(f"# {line}\n")
        for a, b in ranges:
            out.write(f"{a}\n" if b == a + 1 else f"{a}-{b}\n")
            count += b - a
        out.write(f"# {count} non-zero pages\n")
    os.replace(tmp, path)
    return count


def record(a):
    if os.path.exists(a.hold):
        os.unlink(a.hold)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(a.hold)
    server.listen(1)
    server.settimeout(1.0)
    with open(a.console, "wb") as console:
        proc = subprocess.Popen(a.qemu, stdin=subprocess.DEVNULL, stdout=console, stderr=subprocess.STDOUT)
    qmp = Qmp(a.qmp, proc)
    conn = None
    while conn is None:
        try:
            conn, _ = server.accept()
        except socket.timeout:
            if proc.poll() is not None:
                print(f"harness: QEMU exited (code {proc.returncode}) before the start marker; see {a.console}",
                      file=sys.stderr)
                return 1
    marker = conn.makefile("r").readline().strip()
    held = time.monotonic()
    qmp.cmd("pmemsave", val=0, size=a.ram_bytes, filename=a.dump)
    count = write_nonzero(a.nonzero_out, nonzero_ranges(a.dump, a.ram_bytes // PAGE), [
        "pages with non-zero content when the trace starts (its epoch 0), one pfn or a-b range (end exclusive)",
        f"guest RAM dumped with QMP pmemsave 0 {a.ram_bytes} while the dirtylog plugin held the vCPU at the "
        f"start marker ({marker} instructions since boot)",
        "the legacy VGA window 0xa0000-0xbffff reads through the VGA device, not pc.ram"])
    os.unlink(a.dump)
    conn.close()
    print(f"harness: {count} of {a.ram_bytes // PAGE} pages non-zero at the start marker "
          f"(vCPU held {time.monotonic() - held:.1f} s for the dump) -> {a.nonzero_out}", file=sys.stderr)
    proc.wait()
    return 0 if proc.returncode == 0 else 1


class Console(threading.Thread):
    """Copies QEMU's serial console to a file and notes when the start marker's line appears."""

    def __init__(self, proc, path):
        super().__init__(daemon=True)
        self.proc, self.path = proc, path
        self.marker = threading.Event()
        self.marker_wall = None
        self.uptime = None

    def run(self):
        with open(self.path, "wb") as log:
            for line in self.proc.stdout:
                if self.uptime is None and b"MIGREPLAY-START" in line:
                    self.marker_wall = time.time()
                    m = re.search(rb"MIGREPLAY-START ([0-9.]+)", line)
                    self.uptime = float(m.group(1)) if m else float("nan")
                    self.marker.set()
                log.write(line)
                log.flush()


SERIES_KEYS = (("dirty_sync_count", "dirty-sync-count"), ("transferred", "transferred"),
               ("remaining", "remaining"), ("dirty_pages_rate", "dirty-pages-rate"), ("normal", "normal"),
               ("duplicate", "duplicate"))


def series_point(t, q):
    ram = q.get("ram", {})
    point = {"t_host_s": round(t, 3), "status": q.get("status")}
    for key, qkey in SERIES_KEYS:
        point[key] = ram.get(qkey)
    point["expected_downtime"] = q.get("expected-downtime")
    point["cpu_throttle_percentage"] = q.get("cpu-throttle-percentage")
    return {k: v for k, v in point.items() if v is not None}  # a reply without RAM counters has none


class GuestClock:
    """Guest seconds since the start marker at a host wall time, from icount drift samples."""

    def __init__(self, marker_wall, marker_drift_ms):
        self.samples = [(marker_wall, marker_drift_ms)]

    def add(self, wall, drift_ms):
        self.samples.append((wall, drift_ms))

    def at(self, wall):
        s = self.samples
        i = max(k for k in range(len(s)) if s[k][0] <= wall) if wall >= s[0][0] else 0
        j = min(i + 1, len(s) - 1)
        (w0, d0), (w1, d1) = s[i], s[j]
        d = d0 if w1 == w0 else d0 + (d1 - d0) * min(max((wall - w0) / (w1 - w0), 0.0), 1.0)
        return (wall - s[0][0]) - (d - s[0][1]) / 1000.0


def sync_events(path, clock, t0_wall):
    """The migration_bitmap_sync_end events: per sync the pages newly found dirty.

    QEMU 7.2 prints rs->num_dirty_pages_period, which accumulates over syncs and is reset after a sync that
    ends more than 1000 ms after the period began; the per-sync count undoes that accumulation. With the
    hold-back patch, the migration_hold_back_sync event that follows each sync adds `held` (pages it newly
    held back) and `held_now` (pages held after it)."""
    events = []
    if not os.path.exists(path):
        return events
    pat = re.compile(r"@(\d+)\.(\d+):migration_bitmap_sync_end dirty_pages (\d+)")
    hold = re.compile(r":migration_hold_back_sync sync (\d+) newly_held (\d+) held (\d+)")
    period_start, prev = None, 0
    with open(path) as f:
        for line in f:
            h = hold.search(line)
            if h and events:
                events[-1]["held"] = int(h.group(2))
                events[-1]["held_now"] = int(h.group(3))
                continue
            m = pat.search(line)
            if not m:
                continue
            wall = int(m.group(1)) + int(m.group(2)) / 1e6
            cumulative = int(m.group(3))
            if period_start is None:
                period_start = wall
            pages = cumulative - prev if cumulative >= prev else cumulative
            events.append({"t_host_s": round(wall - t0_wall, 4), "t_in_trace_s": round(clock.at(wall), 4),
                           "dirty_pages_period": cumulative, "pages": pages})
            prev = cumulative
            if wall - period_start > 1.0:
                period_start, prev = wall, 0
    return events


def start_destination(a):
    """Post-copy: the destination QEMU (-incoming defer), with postcopy-ram and postcopy-blocktime, listening."""
    cmd = shlex.split(a.destination)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    console = Console(proc, a.console + ".destination")
    console.start()
    qmp = Qmp(a.dest_qmp, proc)
    qmp.cmd("migrate-set-capabilities", capabilities=[{"capability": "postcopy-ram", "state": True},
                                                      {"capability": "postcopy-blocktime", "state": True}])
    qmp.cmd("migrate-incoming", uri=a.uri)
    return proc, qmp, cmd


def migrate(a):
    proc = subprocess.Popen(a.qemu, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    console = Console(proc, a.console)
    console.start()
    qmp = Qmp(a.qmp, proc)
    params = {"max-bandwidth": a.max_bandwidth, "downtime-limit": a.downtime_limit}
    if a.hot_policy is not None:
        policy, _, k = a.hot_policy.partition(":")
        params["x-hot-policy"] = policy
        if k:
            params["x-hot-consecutive"] = int(k)
        params["x-hot-from-sync"] = a.hot_from_sync
        params["x-hot-pending"] = a.hot_pending
    qmp.cmd("migrate-set-parameters", **params)
    caps = []
    if a.auto_converge:
        caps.append({"capability": "auto-converge", "state": True})
    if a.exact_log:
        caps.append({"capability": "x-tcg-dirty-sync-fix", "state": True})
    if a.postcopy_after is not None:
        caps.append({"capability": "postcopy-ram", "state": True})
    if caps:
        qmp.cmd("migrate-set-capabilities", capabilities=caps)
    dest = None
    if a.postcopy_after is not None:
        dest = start_destination(a)
    while not console.marker.wait(1.0):
        if proc.poll() is not None:
            print(f"harness: QEMU exited before the start marker; see {a.console}", file=sys.stderr)
            return 1
    clock = GuestClock(console.marker_wall, qmp.drift_ms())
    drift = [(console.marker_wall, clock.samples[0][1])]
    while True:
        # Guest time may run faster than the host's (an idle guest's nop loop under TCG): sleep less when near.
        wall, d = time.time(), qmp.drift_ms()
        clock.add(wall, d)
        drift.append((wall, d))
        left = a.delay - clock.at(wall)
        if left <= 0:
            break
        (w0, d0), (w1, d1) = clock.samples[max(0, len(clock.samples) - 3)], clock.samples[-1]
        speed = max(0.05, ((w1 - w0) - (d1 - d0) / 1000.0) / (w1 - w0)) if w1 > w0 else 1.0
        if left / speed < 0.06:
            time.sleep(left / speed)
            break
        time.sleep(0.05)
    if a.go_file:
        # a drain: every guest of it waits here, in its workload, until all are ready; then all migrate at once
        open(a.ready_file, "w").close()
        while not os.path.exists(a.go_file):
            if proc.poll() is not None:
                print(f"harness: QEMU exited while waiting for {a.go_file}; see {a.console}", file=sys.stderr)
                return 1
            time.sleep(0.002)
    t0 = time.time()
    qmp.cmd("migrate", uri=a.uri)
    d = qmp.drift_ms()
    clock.add(time.time(), d)
    drift.append((time.time(), d))
    start_in_trace = clock.at(t0)
    series, final, outcome = [], None, None
    last_drift = 0.0
    postcopy_requested = None
    while True:
        time.sleep(max(0.0, t0 + 0.1 * (len(series) + 1) - time.time()))
        wall = time.time()
        q = qmp.cmd("query-migrate")
        series.append(series_point(wall - t0, q))
        status = q.get("status")
        if (dest is not None and postcopy_requested is None and status == "active"
                and wall - t0 >= a.postcopy_after):
            qmp.cmd("migrate-start-postcopy")
            postcopy_requested = time.time() - t0
        if status in ("active", "setup", "pre-switchover", "device") and wall - last_drift >= 0.5:
            d = qmp.drift_ms()
            clock.add(time.time(), d)
            drift.append((time.time(), d))
            last_drift = wall
        if status == "completed":
            final, outcome = q, "completed"
            break
        if status in ("failed", "cancelled"):
            final, outcome = q, status
            break
        if wall - t0 >= a.timeout:
            final, outcome = q, "not-converged-cancelled-at-timeout"
            qmp.cmd("migrate_cancel")
            for _ in range(100):
                q = qmp.cmd("query-migrate")
                if q.get("status") in ("cancelled", "failed", "completed"):
                    break
                time.sleep(0.1)
            series.append(series_point(time.time() - t0, q))
            break
    active = [(w, dm) for w, dm in drift if w >= t0]
    if len(active) >= 2:
        (w0, d0), (w1, d1) = active[0], active[-1]
        speed = ((w1 - w0) - (d1 - d0) / 1000.0) / (w1 - w0)
    else:
        speed = None
    if a.dump_ram and outcome == "completed":
        # the source stays paused (postmigrate) after a completed migration: its RAM is what was sent
        qmp.cmd("pmemsave", val=0, size=a.ram_bytes, filename=a.dump_ram)
    dest_final = None
    if dest is not None:
        try:
            dest_final = dest[1].cmd("query-migrate")
            dest[1].cmd("quit")
        except (QmpError, OSError):
            pass
        dest[0].wait(timeout=60)
    try:
        qmp.cmd("quit")
    except (QmpError, OSError):
        pass
    proc.wait(timeout=60)
    time.sleep(0.2)
    rec = {
        "workload": a.workload,
        "qemu": a.qemu_version,
        "qemu_cmdline": a.qemu,
        "params": dict({"max_bandwidth_bytes_per_s": a.max_bandwidth, "downtime_limit_ms": a.downtime_limit,
                        "uri": a.uri, "delay_after_start_marker_s": a.delay, "timeout_s": a.timeout,
                        "auto_converge": a.auto_converge},
                       **({"hot_policy": a.hot_policy, "hot_from_sync": a.hot_from_sync,
                           "hot_pending": a.hot_pending} if a.hot_policy is not None else {}),
                       **({"tcg_dirty_sync_fix": True} if a.exact_log else {})),
        "outcome": outcome,
        "final_query_migrate": final,
        "series": series,
        "guest_time_per_host_second_during_migration": round(speed, 4) if speed is not None else None,
        "icount_drift_samples": [[round(w - t0, 3), dm] for w, dm in drift],
        "start_marker_guest_uptime_s": console.uptime,
        "trace": a.trace,
        "start_in_trace_s": round(start_in_trace, 3),
        "bitmap_sync_pages": sync_events(a.sync_log, clock, t0),
        **({"migrate_issued_at_unix_s": round(t0, 6)} if a.go_file else {}),
        "host": {"name": socket.gethostname(), "nproc": os.cpu_count(), "loadavg_at_start": os.getloadavg(),
                 "note": f"QEMU under nice -n -5 on a {os.cpu_count()}-core host; loadavg_at_start says how "
                         "busy it was"},
    }
    if dest is not None:
        active = [p["t_host_s"] for p in series if p.get("status") == "postcopy-active"]
        rec["postcopy"] = {
            "start_after_s": a.postcopy_after,
            "requested_at_host_s": round(postcopy_requested, 3) if postcopy_requested is not None else None,
            "first_postcopy_active_poll_s": active[0] if active else None,
            "destination_qemu_cmdline": dest[2],
            "destination_final_query_migrate": dest_final,
        }
    tmp = a.output + ".tmp"
    with open(tmp, "w") as f:
        json.dump(rec, f, indent=1)
        f.write("\n")
    os.replace(tmp, a.output)
    ram = (final or {}).get("ram", {})
    print(f"harness: {a.workload} {a.max_bandwidth} B/s: {outcome}, total-time {final.get('total-time')} ms, "
          f"transferred {ram.get('transferred')} B, syncs {ram.get('dirty-sync-count')}, start in trace "
          f"{start_in_trace:.2f} s, guest speed {rec['guest_time_per_host_second_during_migration']} -> "
          f"{a.output}", file=sys.stderr)
    return 0 if outcome in ("completed", "not-converged-cancelled-at-timeout") else 1


def load(a):
    """Destination side of the no-page-lost check: load the stream, keep the guest paused, dump its RAM."""
    qemu = a.qemu + ["-S", "-incoming", f"exec:cat {a.stream}"]
    with open(a.console, "wb") as console:
        proc = subprocess.Popen(qemu, stdin=subprocess.DEVNULL, stdout=console, stderr=subprocess.STDOUT)
    qmp = Qmp(a.qmp, proc)
    t0 = time.monotonic()
    while True:
        status = qmp.cmd("query-status").get("status")
        if status != "inmigrate":
            break
        if proc.poll() is not None or time.monotonic() - t0 > 600:
            print(f"harness: the destination did not load {a.stream}; see {a.console}", file=sys.stderr)
            return 1
        time.sleep(0.2)
    q = qmp.cmd("query-migrate")
    if q.get("status") != "completed":
        print(f"harness: incoming migration {q.get('status')} (VM {status}); see {a.console}", file=sys.stderr)
        qmp.cmd("quit")
        return 1
    qmp.cmd("pmemsave", val=0, size=a.ram_bytes, filename=a.dump_ram)
    qmp.cmd("quit")
    proc.wait(timeout=60)
    print(f"harness: destination loaded the stream in {time.monotonic() - t0:.1f} s (VM {status}) -> {a.dump_ram}",
          file=sys.stderr)
    return 0


def compare(a):
    """Pages (4 KiB) that differ between two RAM dumps of the same size."""
    differ, pages = [], 0
    with open(a.source, "rb") as s, open(a.dest, "rb") as d:
        while True:
            x, y = s.read(PAGE), d.read(PAGE)
            if not x and not y:
                break
            if x != y:
                differ.append(pages)
            pages += 1
    shown = ", ".join(str(p) for p in differ[:20]) + (" ..." if len(differ) > 20 else "")
    print(f"harness: {len(differ)} of {pages} pages differ" + (f": pfn {shown}" if differ else ""))
    return 1 if differ else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("record")
    r.add_argument("--hold", required=True)
    r.add_argument("--dump", required=True)
    r.add_argument("--ram-bytes", type=int, required=True)
    r.add_argument("--nonzero-out", required=True)
    m = sub.add_parser("migrate")
    m.add_argument("--max-bandwidth", type=int, required=True)
    m.add_argument("--downtime-limit", type=int, default=300)
    m.add_argument("--auto-converge", action="store_true")
    m.add_argument("--delay", type=float, required=True)
    m.add_argument("--timeout", type=float, required=True)
    m.add_argument("--uri", default="exec:cat > /dev/null")
    m.add_argument("--ready-file", help="a drain: created when the guest is ready to migrate (with --go-file)")
    m.add_argument("--go-file", help="a drain: migrate only once this file exists")
    m.add_argument("--sync-log", required=True)
    m.add_argument("--workload", required=True)
    m.add_argument("--trace", required=True)
    m.add_argument("--qemu-version", required=True)
    m.add_argument("--hot-policy")
    m.add_argument("--hot-from-sync", type=int, default=2)
    m.add_argument("--hot-pending", choices=("excluded", "counted"), default="excluded")
    m.add_argument("--exact-log", action="store_true")
    m.add_argument("--dump-ram")
    m.add_argument("--ram-bytes", type=int)
    m.add_argument("-o", "--output", required=True)
    m.add_argument("--postcopy-after", type=float, default=None,
                   help="post-copy: migrate-start-postcopy this many host seconds after migrate (needs --destination)")
    m.add_argument("--destination", help="post-copy: the destination QEMU's command line (with -incoming defer)")
    m.add_argument("--dest-qmp", help="post-copy: the destination's QMP socket")
    ld = sub.add_parser("load")
    ld.add_argument("--stream", required=True)
    ld.add_argument("--dump-ram", required=True)
    ld.add_argument("--ram-bytes", type=int, required=True)
    c = sub.add_parser("compare")
    c.add_argument("source")
    c.add_argument("dest")
    for s in (r, m, ld):
        s.add_argument("--qmp", required=True)
        s.add_argument("--console", required=True)
        s.add_argument("qemu", nargs="+")
    a = p.parse_args()
    if a.command == "migrate" and bool(a.go_file) != bool(a.ready_file):
        p.error("--go-file and --ready-file go together")
    if a.command == "migrate" and a.dump_ram and not a.ram_bytes:
        p.error("--dump-ram needs --ram-bytes")
    if a.command == "migrate" and a.hot_policy is not None and not re.fullmatch(
            r"none|paper|consecutive:([1-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])", a.hot_policy):
        p.error("--hot-policy expected none, paper or consecutive:K with K from 1 to 255")
    try:
        if a.command == "compare":
            return compare(a)
        return {"record": record, "migrate": migrate, "load": load}[a.command](a)
    except QmpError as e:
        print(f"harness: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"harness: QEMU went away ({e.strerror}); did the guest reach the end of its window and power "
              f"off? A guest that runs faster than the host (idle) needs a longer --seconds; see the console log",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
