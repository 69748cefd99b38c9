#!/usr/bin/env bash
# Sets each real drain of traces/drain-migrations (recorder/drain.sh) against the model: `migreplay validate` of
# its records, alone on the link (--host-spec writes them as one host, each guest with the parameters validate
# predicts it with), then `migreplay drain` of that host with the link and all guests at once, then the table
# of recorder/drain_table.py (real, alone, shared). Exits 1 when a shared prediction is off by more than the
# tolerance.
#
#   recorder/drain-check.sh [--tolerance PERCENT] [-o OUT_DIR] [DRAIN_DIR...]
#
# A drain directory is named WORKLOADS-<N>mbit (its link); default: every one in traces/drain-migrations;
# OUT_DIR defaults to out/drain-check. Run from a built checkout (./migreplay).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(cd "$here/.." && pwd)"
tolerance=10% out="$top/out/drain-check" dirs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --tolerance) tolerance="$2"; shift 2 ;;
    -o) out="$2"; shift 2 ;;
    -*) echo "drain-check.sh: unknown option $1" >&2; exit 2 ;;
    *) dirs+=("$1"); shift ;;
  esac
done
[ ${#dirs[@]} -gt 0 ] || dirs=("$top"/traces/drain-migrations/*/)
mkdir -p "$out"
status=0
for d in "${dirs[@]}"; do
  d="${d%/}" name="$(basename "$d")"
  mbit="${name##*-}"
  [[ "$mbit" =~ ^[0-9]+mbit$ ]] || { echo "drain-check.sh: $d: expected a directory named WORKLOADS-<N>mbit" >&2; exit 2; }
  link="${mbit%mbit}Mbit"
  guests=$(ls "$d"/*.json | wc -l)
  echo "## $name: $guests guests at once over $link"
  "$top/migreplay" validate "$d" --wire "$link" --tolerance 1000% --downtime-tolerance 10000% \
    --host-spec "$out/$name.json" -o "$out/$name-alone" > "$out/$name-alone.log"
  "$top/migreplay" drain --hosts "$out/$name.json" --link "$link" --parallel "$guests" -a qemu-precopy \
    -o "$out/$name-shared" > "$out/$name-shared.log"
  python3 "$here/drain_table.py" "$d" "$out/$name-alone/validation.csv" "$out/$name-shared/drain.csv" \
    --tolerance "$tolerance" || status=1
  echo
done
exit $status
