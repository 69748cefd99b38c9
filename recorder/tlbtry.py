#!/usr/bin/env python3
"""A mechanistic try at the TCG dirty-log gap that did not fit (recorder/README.md, "How migreplay models it").

  python3 recorder/tlbtry.py traces/migrations/{kvstore,memwriter,compress,webserver,idle}-32MiBps.json

Replays each record's syncs as recorder/gap.py does, but with a dirty log that loses stores the way QEMU 7.2's
TCG log does if a vCPU's TLB were a table of N entries indexed by pfn mod N, flushed every F guest seconds
(None: never) and filled only by the trace's stores: a store is logged when its page's entry is absent, and
the entry then stays (a sync does not re-arm it). Prints, per (N, F), each record's modelled found / QEMU's
found (1 is a fit; N = 0 is the exact log). It needs numpy and pyarrow; about 2 minutes for five records.
"""
import sys, json, os
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gap import read_trace, guest_clock

def prep(rec_path, warm=10.0):
    rec = json.load(open(rec_path))
    trace = os.path.join(os.path.dirname(rec_path), rec["trace"])
    syncs = rec["bitmap_sync_pages"]
    at = guest_clock(rec)
    total = rec["final_query_migrate"]["ram"]["total"] // 4096
    series = [p for p in rec["series"] if p.get("normal") is not None]
    sent_t = at([0.0] + [p["t_host_s"] for p in series])
    sent_n = np.maximum.accumulate(np.array([0] + [p["normal"] + p["duplicate"] for p in series], dtype=float))
    sync_t = [s["t_in_trace_s"] for s in syncs]
    t0 = max(0.0, sync_t[0] - warm)
    t, p, res = read_trace(trace, int(t0 * 1e6) // 10_000 * 10_000, int(sync_t[-1] * 1e6) + 10_000)
    return dict(rec=rec, total=total, sent_t=sent_t, sent_n=sent_n, sync_t=sync_t, syncs=syncs, t=t, p=p, res=res, t0=t0)

def run(d, N, F):
    total, sync_t, syncs, t, p = d['total'], d['sync_t'], d['syncs'], d['t'], d['p']
    step = d['res'] / 1e6
    bitmap = np.ones(total, dtype=bool)
    gbits = np.zeros(total, dtype=bool)   # DIRTY_MEMORY_MIGRATION as the tcg log sets it
    tag = np.full(N, -1, dtype=np.int64) if N else None
    cursor, done, rows = 0, 0, []
    k = 0
    epoch_t = d['t0']
    next_flush = d['t0'] + F if F else None
    started = False
    while k < len(syncs):
        mid = epoch_t + step / 2
        while k < len(syncs) and sync_t[k] <= mid:
            if k == 0:
                bitmap[:] = True
                gbits[:] = False
                started = True
            else:
                found = int(np.count_nonzero(gbits & ~bitmap))
                bitmap |= gbits
                gbits[:] = False
                rows.append((k + 1, syncs[k]['pages'], found))
            k += 1
        if k >= len(syncs): break
        if started:
            target = int(np.interp(mid, d['sent_t'], d['sent_n']))
            n = target - done
            if n > 0:
                idx = np.concatenate((np.flatnonzero(bitmap[cursor:]) + cursor, np.flatnonzero(bitmap[:cursor])))[:n]
                bitmap[idx] = False
                done += n
                if len(idx):
                    cursor = int(idx[-1]) + 1 if idx[-1] + 1 < total else 0
        if next_flush is not None and epoch_t >= next_flush:
            tag[:] = -1
            while next_flush <= epoch_t: next_flush += F
        lo, hi = np.searchsorted(t, int(epoch_t * 1e6), "left"), np.searchsorted(t, int((epoch_t + step) * 1e6), "left")
        w = p[lo:hi]
        if tag is None:
            gbits[w] = True
        else:
            i = w % N
            miss = tag[i] != w
            gbits[w[miss]] = True
            tag[i] = w
        epoch_t += step
    return rows

if __name__ == '__main__':
    recs = sys.argv[1:]
    data = {os.path.basename(r): prep(r) for r in recs}
    Ns = [0, 1<<10, 1<<12, 1<<14, 1<<16, 1<<18]
    Fs = [None, 0.1, 0.5, 2.0]
    for N in Ns:
        for F in Fs:
            if N == 0 and F is not None: continue
            out = []
            for name, d in data.items():
                rows = run(d, N, F)
                real = sum(r[1] for r in rows); model = sum(r[2] for r in rows)
                out.append(f"{name.split('.')[0]}:{model/real if real else float('nan'):.2f}")
            print(N, F, ' '.join(out), flush=True)
