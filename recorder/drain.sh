#!/usr/bin/env bash
# A real drain: several guests migrating at once over one rate-limited link, each recorded as migrate.sh records
# one migration, so `migreplay validate --host-spec` and `migreplay drain --hosts` can set the model's shared link
# against it (README, "drain": "A real drain").
#
#   recorder/drain.sh --link-mbit N [--max-bandwidth BYTES_PER_S] [--timeout S] [--qemu stock|patched|PATH]
#                     [-o DIR] WORKLOAD...
#
# The link is the loopback shaped by a tc token bucket (tbf, rate N Mbit/s; needs root: CAP_NET_ADMIN), removed
# afterwards. Each guest boots as migrate.sh boots it (the patched QEMU with the exact dirty log by default) and
# migrates with tcp: to its own listener on 127.0.0.1 (a Python socket that reads and drops the stream), capped
# at --max-bandwidth (default 32 MiB/s). Every guest waits, in its workload 10 guest s after its start marker,
# until all are ready; then all get migrate at once (within a few ms: migrate_issued_at_unix_s in each record).
# Out: DIR/WORKLOAD.json, one record per guest (default DIR: traces/drain-migrations/<workloads>-<N>mbit).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(cd "$here/.." && pwd)"
mbit="" bandwidth=$((32 * 1048576)) timeout=60 qemu=patched out="" workloads=()
while [ $# -gt 0 ]; do
  case "$1" in
    --link-mbit) mbit="$2"; shift 2 ;;
    --max-bandwidth) bandwidth="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --qemu) qemu="$2"; shift 2 ;;
    -o) out="$2"; shift 2 ;;
    -*) echo "drain.sh: unknown option $1" >&2; exit 2 ;;
    *) workloads+=("$1"); shift ;;
  esac
done
[[ "$mbit" =~ ^[0-9]+$ ]] || { echo "drain.sh: --link-mbit needs the link's rate in Mbit/s, e.g. 400" >&2; exit 2; }
[ ${#workloads[@]} -ge 2 ] || { echo "drain.sh: give two or more workloads (idle memwriter compress kvstore webserver)" >&2; exit 2; }
[ -n "$out" ] || out="$top/traces/drain-migrations/$(IFS=-; echo "${workloads[*]}")-${mbit}mbit"
mkdir -p "$out"
sync_dir="$(mktemp -d)"
pids=() sinks=()
cleanup() {
  tc qdisc del dev lo root 2>/dev/null || true
  for p in "${sinks[@]}" "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$sync_dir"
}
trap cleanup EXIT
tc qdisc replace dev lo root tbf rate "${mbit}mbit" burst 512kb latency 100ms
exact=(); [ "$qemu" = stock ] || exact=(--exact-log)
port=47100
for w in "${workloads[@]}"; do
  port=$((port + 1))
  python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
c, _ = s.accept()
while c.recv(1 << 20):
    pass' "$port" &
  sinks+=($!)
  # long enough workload windows for the wait: the idle guest runs up to ~140 guest s per host s
  seconds=2000; [ "$w" != idle ] || seconds=20000
  "$here/migrate.sh" "$w" --seconds "$seconds" --qemu "$qemu" "${exact[@]}" --max-bandwidth "$bandwidth" --timeout "$timeout" \
    --uri "tcp:127.0.0.1:$port" --ready-file "$sync_dir/ready-$w" --go-file "$sync_dir/go" -o "$out/$w.json" \
    > "$sync_dir/$w.log" 2>&1 &
  pids+=($!)
done
echo "drain.sh: ${workloads[*]} booting; link ${mbit} Mbit/s (tbf on lo), each capped at $bandwidth B/s" >&2
start=$(date +%s)
while :; do
  ready=0
  for w in "${workloads[@]}"; do [ -f "$sync_dir/ready-$w" ] && ready=$((ready + 1)); done
  [ "$ready" -eq ${#workloads[@]} ] && break
  for i in "${!pids[@]}"; do
    kill -0 "${pids[$i]}" 2>/dev/null || { echo "drain.sh: ${workloads[$i]} stopped before it was ready:" >&2; cat "$sync_dir/${workloads[$i]}.log" >&2; exit 1; }
  done
  [ $(( $(date +%s) - start )) -lt 900 ] || { echo "drain.sh: guests not ready after 900 s" >&2; exit 1; }
  sleep 0.01
done
touch "$sync_dir/go"
echo "drain.sh: all ready after $(( $(date +%s) - start )) s; migrating" >&2
status=0
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || { status=1; echo "drain.sh: ${workloads[$i]} failed:" >&2; }
  tail -n 2 "$sync_dir/${workloads[$i]}.log" >&2
done
exit $status
