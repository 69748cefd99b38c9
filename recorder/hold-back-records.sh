#!/usr/bin/env bash
# Makes the hold-back records in ../traces/migrations: each workload at each bandwidth, migrated by the patched
# QEMU (recorder/qemu/build.sh) with the exact TCG dirty log, once with QEMU's own loop (stock, hot_policy none:
# WORKLOAD-NMiBps-exact.json) and once per hold-back policy (WORKLOAD-NMiBps-exact-POLICY[-counted].json),
# one after another (each boots its own guest). A record that exists is kept (delete it to redo it).
#
#   recorder/hold-back-records.sh [--workloads "idle memwriter compress kvstore webserver"]
#        [--bandwidths "32 64 128"] [--policies "none paper consecutive:2"] [--hot-pending excluded|counted]
#        [--timeout 45]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
workloads="idle memwriter compress kvstore webserver" bandwidths="32 64 128" policies="none paper consecutive:2"
pending=excluded timeout=45
while [ $# -gt 0 ]; do
  case "$1" in
    --workloads) workloads="$2"; shift 2 ;;
    --bandwidths) bandwidths="$2"; shift 2 ;;
    --policies) policies="$2"; shift 2 ;;
    --hot-pending) pending="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    *) echo "hold-back-records.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
for w in $workloads; do
  for mib in $bandwidths; do
    for policy in $policies; do
      name="$w-${mib}MiBps-exact"
      if [ "$policy" != none ]; then
        name="$name-${policy/:/}"; [ "$pending" = excluded ] || name="$name-$pending"
      fi
      out="$here/../traces/migrations/$name.json"
      [ -f "$out" ] && { echo "hold-back-records.sh: $name exists, kept" >&2; continue; }
      start=$(date +%s)
      # the idle guest runs up to ~140 guest s per host s: a longer window, or it powers off mid-migration
      seconds=200; [ "$w" != idle ] || seconds=2000
      "$here/migrate.sh" "$w" --qemu patched --exact-log --hot-policy "$policy" --hot-pending "$pending" --seconds "$seconds" \
        --max-bandwidth $(( mib * 1048576 )) --timeout "$timeout" -o "$out" || echo "hold-back-records.sh: $name failed" >&2
      echo "hold-back-records.sh: $name took $(( $(date +%s) - start )) s" >&2
    done
  done
done
