#!/usr/bin/env python3
"""A mechanistic try at the TCG dirty-log gap that did not fit (recorder/README.md, "How migreplay models it").

  python3 recorder/tlbtry.py traces/migrations/{kvstore,memwriter,compress,webserver,idle}-32MiBps.json

Replays each record's syncs as recorder/gap.py does, but with a dirty log that loses stores the way QEMU 7.2's
TCG log does if a vCPU's TLB were a table of N entries indexed by pfn mod N, flushed every F guest seconds
(None: never) and filled only by the trace's stores: a store is logged when its page's entry is absent, and
the entry then stays (a sync does not re-arm it). Prints, per (N, F), each record's modelled found / QEMU's
found (1 is a fit; N = 0 is the exact log). It needs numpy and pyarrow; about 2 minutes for five records.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gap import analyse

WARM_S = 10.0


def tlb_mark(n_entries, flush_s):
    """A mark for gap.analyse: a store is logged when its page's entry (pfn mod N) is absent; the entry stays."""
    tag = np.full(n_entries, -1, dtype=np.int64)
    next_flush = [None]

    def mark(log, pfns, epoch_t):
        if flush_s is not None:
            if next_flush[0] is None:
                next_flush[0] = epoch_t + flush_s
            if epoch_t >= next_flush[0]:
                tag[:] = -1
                while next_flush[0] <= epoch_t:
                    next_flush[0] += flush_s
        i = pfns % n_entries
        miss = tag[i] != pfns
        log[pfns[miss]] = True
        tag[i] = pfns
    return mark


if __name__ == '__main__':
    recs = sys.argv[1:]
    for n_entries, flush_s in [(0, None)] + [(n, f) for n in (1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18)
                                             for f in (None, 0.1, 0.5, 2.0)]:
        out = []
        for r in recs:
            rows = analyse(r, mark=tlb_mark(n_entries, flush_s) if n_entries else None, warm_s=WARM_S)
            real = sum(x[2] for x in rows)
            model = sum(x[3] for x in rows)
            out.append(f"{os.path.basename(r).split('.')[0]}:{model / real if real else float('nan'):.2f}")
        print(n_entries, flush_s, ' '.join(out), flush=True)
