#!/usr/bin/env python3
"""Does the paper's hold-back help QEMU? The README's table, from real migrations and their predictions.

  python3 recorder/holdback_table.py out/v/validation.csv [traces/migrations]

Reads `migreplay validate`'s validation.csv (real and predicted figures per record) and the records (their
`params`: hot_policy, hot_pending, tcg_dirty_sync_fix), keeps the patched QEMU's records, and prints one Markdown row per
workload and bandwidth: for QEMU's own loop (hot_policy none) and for each hold-back policy, total time,
downtime and data sent, real and as the model predicted that very run, and the real held pages. A run that
did not complete shows its outcome instead of a total and a downtime (it has none). Standard library only.
"""
import csv
import json
import os
import sys


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    records_dir = sys.argv[2] if len(sys.argv) == 3 else "traces/migrations"
    with open(sys.argv[1], newline="") as f:
        rows = {r["record"]: r for r in csv.DictReader(f)}
    table = {}
    policies = []
    for name, r in rows.items():
        path = os.path.join(records_dir, name + ".json")
        if not os.path.exists(path):
            continue
        with open(path) as f:
            rec = json.load(f)
        p = rec["params"]
        if not p.get("tcg_dirty_sync_fix") or p.get("auto_converge") or p.get("downtime_limit_ms") != 300:
            continue
        policy = p.get("hot_policy", "none") + ("" if p.get("hot_pending", "excluded") == "excluded" else " counted")
        if policy not in policies:
            policies.append(policy)
        held = sum(e.get("held", 0) for e in rec.get("bitmap_sync_pages", []))
        table.setdefault((rec["workload"], p["max_bandwidth_bytes_per_s"] // 1048576), {})[policy] = (r, held)
    order = ["none", "paper", "consecutive:2"]
    policies.sort(key=lambda x: (order.index(x) if x in order else len(order), x))

    def cell(r, side):
        if r["converged_" + side] != "true":
            return f"not converged ({float(r['transferred_bytes_' + side]) / 1048576:.0f} MiB)"
        return (f"{float(r['total_time_s_' + side]):.2f} s / {float(r['downtime_s_' + side]) * 1000:.0f} ms / "
                f"{float(r['transferred_bytes_' + side]) / 1048576:.0f} MiB")

    head = ["workload", "MiB/s"]
    for pol in policies:
        head += [f"{pol}: real", f"{pol}: model"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for (w, mib) in sorted(table):
        line = [w, str(mib)]
        for pol in policies:
            if pol in table[(w, mib)]:
                r, held = table[(w, mib)][pol]
                line += [cell(r, "real") + (f" ({held} held)" if pol != "none" else ""), cell(r, "model")]
            else:
                line += ["", ""]
        print("| " + " | ".join(line) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
