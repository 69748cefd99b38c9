#!/usr/bin/env bash
# The recorder's no-page-lost test: on every workload, a migration by the patched QEMU (recorder/qemu) with the
# hold-back on and the exact TCG dirty log ends with the destination's guest RAM equal to the source's.
#
#   recorder/check-ram.sh [--hot-policy paper|consecutive:K|none] [--hot-pending excluded|counted]
#                         [--max-bandwidth BYTES_PER_S] [--timeout S] [--tcg-7.2-log] [WORKLOAD...]
#
# Defaults: --hot-policy paper, --hot-pending excluded, --max-bandwidth 134217728 (128 MiB/s), --timeout 90,
# all five workloads. Each one is `recorder/migrate.sh WORKLOAD --qemu patched --exact-log --hot-policy P
# --check-ram`: the stream goes to a file, the paused source's RAM and, after a destination QEMU (same binary
# and command line, -S) has loaded the stream, the destination's RAM are dumped with QMP pmemsave and compared
# page by page. --tcg-7.2-log leaves the TCG fix off: QEMU 7.2's own log, which loses stores (a check that
# the test sees a lost page). Prints one PASS/FAIL line per workload; exit 1 if any failed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
policy=paper pending=excluded bandwidth=134217728 timeout=90 exact=(--exact-log) workloads=()
while [ $# -gt 0 ]; do
  case "$1" in
    --hot-policy) policy="$2"; shift 2 ;;
    --hot-pending) pending="$2"; shift 2 ;;
    --max-bandwidth) bandwidth="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --tcg-7.2-log) exact=(); shift ;;
    -*) echo "check-ram.sh: unknown option $1" >&2; exit 2 ;;
    *) workloads+=("$1"); shift ;;
  esac
done
[ ${#workloads[@]} -gt 0 ] || workloads=(idle memwriter compress kvstore webserver)

results=() failed=0
for w in "${workloads[@]}"; do
  log="$here/build/check-ram/$w.log"
  mkdir -p "$(dirname "$log")"
  seconds=200; [ "$w" != idle ] || seconds=2000   # the idle guest runs up to ~140 guest s per host s
  if "$here/migrate.sh" "$w" --qemu patched "${exact[@]}" --hot-policy "$policy" --hot-pending "$pending" \
       --max-bandwidth "$bandwidth" --timeout "$timeout" --seconds "$seconds" --check-ram \
       -o "$here/build/check-ram/$w.json" > "$log" 2>&1; then
    verdict=PASS
  else
    verdict=FAIL; failed=1
  fi
  held="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); e=d["bitmap_sync_pages"]; print(sum(x.get("held",0) for x in e), "pages held,", d["outcome"])' "$here/build/check-ram/$w.json" 2>/dev/null || echo "no record")"
  logname="tcg-7.2 log"; [ ${#exact[@]} -eq 0 ] || logname="exact log"
  line="$verdict $w (hot_policy=$policy, hot_pending=$pending, $logname, $bandwidth B/s): $held; $(grep -h 'pages differ' "$log" | tail -n 1 | sed 's/^harness: //')"
  results+=("$line")
  echo "$line"
done
echo "check-ram.sh: ${#workloads[@]} workloads, $([ $failed = 0 ] && echo all passed || echo some FAILED)"
exit $failed
