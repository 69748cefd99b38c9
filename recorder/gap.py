#!/usr/bin/env python3
"""Measures the TCG dirty-log gap: the pages QEMU's bitmap syncs found against what the trace says they should.

  python3 recorder/gap.py traces/migrations/*.json [--csv OUT.csv]
  python3 recorder/gap.py --notdirty-log recorder/build/migrate-WORKLOAD/sync.log

For each migration record (written by recorder/migrate.sh) this replays, next to the real migration, what a
dirty log that saw every guest store would have made QEMU 7.2's syncs report, and compares it with what they did
report (the record's `bitmap_sync_pages`, from the migration_bitmap_sync_end trace event):

- the trace (the record's `trace`, resolved against the record's directory) gives every page the guest wrote
  and when, in guest time; the record's icount drift samples and `start_in_trace_s` place the migration's host
  times (syncs, query-migrate polls) in the trace;
- QEMU's migration bitmap starts all ones at the setup sync (the log starts then); the migration thread walks
  it in ascending page order from a circular cursor, clearing each page it sends, and the record's
  query-migrate series says how many pages (normal + duplicate) it had sent by each poll, so the bitmap at any
  moment is known to within a poll;
- at each sync, a perfect log holds the distinct pages written since the previous sync, and the sync counts
  those not already set in the bitmap (`rs->num_dirty_pages_period` grows only by newly set bits).

Columns: record, sync (dirty-sync-count), t_in_trace_s, found (QEMU), expected (perfect log), written (distinct
pages the trace wrote since the previous sync). found / expected < 1 means QEMU's log missed writes.
Needs numpy and pyarrow (as the project's interoperability test does).

--notdirty-log reads the log of a migration run with `migrate.sh --trace-event memory_notdirty_write_access`
and prints, per sync, the pages it found beside the distinct pages whose stores took TCG's dirty-tracking slow
path (notdirty_write) since the previous sync: the only stores that can set a page's migration dirty bit.
"""
import re
import argparse
import json
import os
import sys

import numpy as np
import pyarrow.ipc as ipc


def read_trace(path, t0_us, t1_us):
    """(t_us, pfn) rows with t0_us <= t_us < t1_us, and the trace's resolution_us."""
    with ipc.open_file(path) as f:
        meta = {k.decode(): v.decode() for k, v in (f.schema.metadata or {}).items()}
        ts, ps = [], []
        for i in range(f.num_record_batches):
            b = f.get_batch(i)
            t = b.column(0).to_numpy()
            if len(t) == 0 or t[-1] < t0_us:
                continue
            if t[0] >= t1_us:
                break
            keep = (t >= t0_us) & (t < t1_us)
            ts.append(t[keep])
            ps.append(b.column(1).to_numpy()[keep])
    t = np.concatenate(ts) if ts else np.zeros(0, np.int64)
    p = np.concatenate(ps) if ps else np.zeros(0, np.int64)
    return t, p, int(meta.get("resolution_us", "1"))


def guest_clock(rec):
    """Maps host seconds since the migrate command to guest seconds in the trace."""
    s = np.array(rec["icount_drift_samples"], dtype=float)
    h, d = s[:, 0], s[:, 1]
    g = h - d / 1000.0
    g = g - np.interp(0.0, h, g) + rec["start_in_trace_s"]
    speed = rec.get("guest_time_per_host_second_during_migration") or 1.0

    def at(t):
        t = np.asarray(t, dtype=float)
        inside = np.interp(t, h, g)
        return np.where(t > h[-1], g[-1] + (t - h[-1]) * speed, inside)
    return at


def analyse(rec_path, mark=None, warm_s=0.0):
    """Per sync after the setup sync: (sync, t_in_trace_s, found, expected, written).

    mark(log, pfns, epoch_t) sets in log the pages of an epoch's stores that reach the dirty log (default: all of
    them, a perfect log); warm_s starts replaying that many guest seconds before the setup sync, so that a mark
    with state of its own (recorder/tlbtry.py's TLB) is warm when the migration starts.
    """
    rec = json.load(open(rec_path))
    trace = os.path.join(os.path.dirname(rec_path), rec["trace"])
    syncs = rec["bitmap_sync_pages"]
    if len(syncs) < 2:
        return []
    at = guest_clock(rec)
    total = rec["final_query_migrate"]["ram"]["total"] // 4096
    series = [p for p in rec["series"] if p.get("normal") is not None]
    sent_t = at([0.0] + [p["t_host_s"] for p in series])
    sent_n = np.array([0] + [p["normal"] + p["duplicate"] for p in series], dtype=float)
    sent_n = np.maximum.accumulate(sent_n)
    sync_t = [s["t_in_trace_s"] for s in syncs]
    t_start, t_end = max(0.0, sync_t[0] - warm_s), sync_t[-1]
    t, p, res = read_trace(trace, int(t_start * 1e6) // 10_000 * 10_000, int(t_end * 1e6) + 10_000)
    bitmap = np.ones(total, dtype=bool)
    log = np.zeros(total, dtype=bool)
    cursor, done = 0, 0
    rows = []
    step = res / 1e6
    k = 0
    epoch_t = t_start
    while k < len(syncs):
        mid = epoch_t + step / 2
        while k < len(syncs) and sync_t[k] <= mid:
            if k == 0:  # the setup sync: the bitmap is all ones, the log starts empty
                bitmap[:] = True
            else:
                expected = int(np.count_nonzero(log & ~bitmap))
                written = int(np.count_nonzero(log))
                bitmap |= log
                rows.append((k + 1, round(sync_t[k], 3), syncs[k]["pages"], expected, written))
            log[:] = False
            k += 1
        if k > 0:
            target = int(np.interp(mid, sent_t, sent_n))
            n = target - done
            if n > 0:
                idx = np.concatenate((np.flatnonzero(bitmap[cursor:]) + cursor, np.flatnonzero(bitmap[:cursor])))[:n]
                bitmap[idx] = False
                done += n
                if len(idx):
                    cursor = int(idx[-1]) + 1 if idx[-1] + 1 < total else 0
        lo, hi = np.searchsorted(t, int(epoch_t * 1e6), "left"), np.searchsorted(t, int((epoch_t + step) * 1e6), "left")
        if mark is None:
            log[p[lo:hi]] = True
        else:
            mark(log, p[lo:hi], epoch_t)
        epoch_t += step
    return rows


def notdirty(log):
    """Per sync: (sync number, pages the sync found, distinct pages stored through notdirty_write since the last)."""
    pat = re.compile(r"@(\d+\.\d+):(?:migration_bitmap_sync_end dirty_pages (\d+)|"
                     r"memory_notdirty_write_access \S+ ram_addr (0x[0-9a-f]+))")
    rows, pages, cumulative_prev, period_start, synced = [], set(), 0, None, False
    for line in open(log, errors="replace"):
        m = pat.search(line)
        if not m:
            continue
        t = float(m.group(1))
        if m.group(2) is None:
            pages.add(int(m.group(3), 16) >> 12)
            continue
        cumulative = int(m.group(2))
        period_start = t if period_start is None else period_start
        found = cumulative - cumulative_prev if cumulative >= cumulative_prev else cumulative
        if synced:
            rows.append((len(rows) + 2, found, len(pages)))
        synced, pages, cumulative_prev = True, set(), cumulative
        if t - period_start > 1.0:
            period_start, cumulative_prev = t, 0
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("records", nargs="*")
    ap.add_argument("--csv")
    ap.add_argument("--notdirty-log")
    a = ap.parse_args()
    if a.notdirty_log:
        print(f"{'sync':>4} {'found':>7} {'notdirty pages':>14}")
        for sync, found, nd in notdirty(a.notdirty_log):
            print(f"{sync:4} {found:7} {nd:14}")
        return 0
    out = open(a.csv, "w") if a.csv else None
    if out:
        out.write("record,sync,t_in_trace_s,found,expected,written\n")
    print(f"{'record':32} {'syncs':>5} {'found':>9} {'expected':>9} {'written':>9} {'found/expected':>14}")
    for r in a.records:
        rows = analyse(r)
        name = os.path.basename(r)
        for row in rows:
            if out:
                out.write(f"{name},{row[0]},{row[1]},{row[2]},{row[3]},{row[4]}\n")
        found = sum(x[2] for x in rows)
        expected = sum(x[3] for x in rows)
        written = sum(x[4] for x in rows)
        ratio = f"{found / expected:.3f}" if expected else "-"
        print(f"{name:32} {len(rows):5} {found:9} {expected:9} {written:9} {ratio:>14}")
    if out:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
