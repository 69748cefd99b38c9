#!/usr/bin/env python3
"""A real drain against the model: each guest alone (validate) and on the shared link (drain).

  python3 recorder/drain_table.py RECORDS_DIR VALIDATION_CSV DRAIN_CSV [--tolerance PERCENT]

RECORDS_DIR holds one real drain (recorder/drain.sh: its guests migrated at once over one shaped link);
VALIDATION_CSV is `migreplay validate RECORDS_DIR --wire LINK --host-spec SPEC` (each guest predicted alone, as
if it had the link to itself under its own cap); DRAIN_CSV is `migreplay drain --hosts SPEC --link LINK
--parallel N` (the same guests, the same parameters, sharing the link). Prints one Markdown row per guest:
total time, data sent and downtime, real, alone and shared, with the shared model's error; then the drain's own total
time (from the first migrate to the last guest's end). A guest that did not complete shows its outcome instead
of a time. With --tolerance, exits 1 when the shared model's total time or data sent of a guest, or the drain's
total time, is off by more than PERCENT (a gate for .ci/run). Standard library only.
"""
import csv
import json
import os
import sys


def pct(model, real):
    return f"{100 * (model - real) / real:+.1f} %" if real else "-"


def ms(seconds):
    return f"{float(seconds) * 1000:.0f}" if seconds else "-"


def main():
    args = sys.argv[1:]
    tolerance = None
    if len(args) == 5 and args[3] == "--tolerance":
        tolerance = float(args[4].rstrip("%"))
        args = args[:3]
    if len(args) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    records_dir, vcsv, dcsv = args
    errors = []
    with open(vcsv, newline="") as f:
        alone = {r["record"]: r for r in csv.DictReader(f)}
    with open(dcsv, newline="") as f:
        shared = {os.path.basename(r["trace"]).removesuffix(".trace.arrow"): r for r in csv.DictReader(f)}
    records = {}
    for name in sorted(alone):
        with open(os.path.join(records_dir, name + ".json")) as f:
            records[name] = json.load(f)
    t0 = min(r.get("migrate_issued_at_unix_s", 0) for r in records.values())
    print("| guest | real total s | alone | shared (error) | real sent MB | alone | shared (error) | real downtime ms "
          "| alone | shared | real mean rate |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    real_end, model_end = 0.0, 0.0
    for name, rec in records.items():
        a = alone[name]
        s = shared[rec["workload"]]
        done = rec["outcome"] == "completed"
        real_t = float(a["total_time_s_real"])
        real_b = float(a["transferred_bytes_real"])
        offset = rec.get("migrate_issued_at_unix_s", t0) - t0
        real_end = max(real_end, offset + real_t)
        model_end = max(model_end, float(s["end_s"]))
        shared_t = float(s["total_time_s"]) if s["total_time_s"] else float("nan")
        shared_b = float(s["bytes_sent"]) if s["bytes_sent"] else float("nan")
        rate = real_b * 8 / real_t
        if not done or not s["total_time_s"]:
            errors.append(f"{name}: did not complete in both (real {rec['outcome']}, model {s['status']})")
        else:
            errors += [f"{name}: {what} {100 * (m - r) / r:+.1f} %" for what, m, r in
                       (("total time", shared_t, real_t), ("data sent", shared_b, real_b))
                       if tolerance is not None and abs(m - r) > tolerance / 100 * r]
        print(f"| {name} | {real_t:.2f}{'' if done else ' (' + rec['outcome'] + ')'} | "
              f"{float(a['total_time_s_model']):.2f} | {shared_t:.2f} ({pct(shared_t, real_t)}) | "
              f"{real_b / 1e6:.1f} | {float(a['transferred_bytes_model']) / 1e6:.1f} | "
              f"{shared_b / 1e6:.1f} ({pct(shared_b, real_b)}) | {ms(a['downtime_s_real'])} | "
              f"{ms(a['downtime_s_model'])} | {ms(s['downtime_s'])} | {rate / 1e6:.0f} Mbit/s |")
    print(f"\ndrain: real {real_end:.2f} s (first migrate to last end), model {model_end:.2f} s "
          f"({pct(model_end, real_end)})")
    if tolerance is not None and abs(model_end - real_end) > tolerance / 100 * real_end:
        errors.append(f"drain total time {pct(model_end, real_end)}")
    if tolerance is not None and errors:
        print(f"FAIL (tolerance {tolerance:g} %): " + "; ".join(errors))
        return 1
    if tolerance is not None:
        print(f"PASS (tolerance {tolerance:g} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
