#!/usr/bin/env bash
# Runs one real QEMU migration of a recorded workload's guest and writes its record (JSON) for `migreplay validate`.
#
#   recorder/migrate.sh WORKLOAD --max-bandwidth BYTES_PER_S [--downtime-limit MS] [--delay S] [--timeout S]
#                       [--auto-converge] [--seconds N] [--ram MIB] [--shift S] [-o RECORD.json]
#                       [--plugin-trace RAW.csv] [--trace-event NAME]... [--postcopy-after S]
#                       [--qemu stock|patched|PATH] [--exact-log] [--hot-policy none|paper|consecutive:K]
#                       [--hot-from-sync N] [--hot-pending excluded|counted] [--check-ram]
#                       [--uri URI] [--ready-file F --go-file G]
#
# Boots the same guest as record.sh (recorder/guest.sh: same kernel, initramfs, workload, start marker, icount
# shift) WITHOUT the plugin, under `nice -n -5`. --delay guest seconds after the start marker (the trace's t = 0)
# it migrates to `exec:cat > /dev/null` with migrate-set-parameters max-bandwidth / downtime-limit (and the
# auto-converge capability), polls query-migrate every 0.1 s, and cancels after --timeout host seconds (outcome
# not-converged-cancelled-at-timeout). Guest time comes from the icount drift (HMP `info jit`); QEMU's
# migration_bitmap_sync_end trace event gives the pages each dirty-bitmap sync found. The record's `trace` is
# the path from the record to traces/WORKLOAD.trace.arrow.
#
# Defaults: --downtime-limit 300 (QEMU's), --delay 10, --timeout 45, --seconds 200 --ram 512 --shift 3 (as
# record.sh; the guest must still be in its workload window when the migration ends), -o
# traces/migrations/WORKLOAD-<MiB/s>MiBps[-dl<MS>][-ac].json.
#
# --plugin-trace RAW.csv also loads the dirtylog plugin (epochs of 10 ms from the start marker) into the
# migrating QEMU, so the trace and QEMU's bitmap syncs come from one execution (recorder/gap.py on such a
# record, its `trace` pointing at the ingested RAW.csv, measures the dirty-log gap with no cross-run doubt).
# The plugin slows the guest; such records are for the gap, not for validating a model.
# --trace-event NAME (repeatable) enables another QEMU trace event into the same log as
# migration_bitmap_sync_end (recorder/build/migrate-WORKLOAD/sync.log), e.g. memory_notdirty_write_access:
# every store that reached TCG's dirty-tracking slow path (recorder/gap.py --notdirty-log reads it).
#
# --postcopy-after S: a real post-copy migration. A destination QEMU (same command line, -incoming defer, its own
# QMP socket) receives over a unix socket in recorder/build/migrate-WORKLOAD/ (post-copy needs the return path,
# which exec: lacks; userfaultfd must be allowed: root or vm.unprivileged_userfaultfd=1), both with postcopy-ram,
# and the harness issues migrate-start-postcopy S host seconds after migrate. Default output
# traces/postcopy-migrations/WORKLOAD-<MiB/s>MiBps-pc<S>s.json (not traces/migrations: validate's pre-copy
# records). Not with --check-ram (whose stream goes to a file).
# --qemu picks the binary: stock (Debian's qemu-system-x86_64, the default), patched (recorder/qemu/build.sh's
# build of the same source plus recorder/qemu's patches), or a path. With the patched QEMU: --exact-log turns
# on the capability x-tcg-dirty-sync-fix (the backport of upstream 03bfc2188f: TCG's dirty log then sees every
# store), --hot-policy / --hot-from-sync / --hot-pending set the hold-back (migration parameters x-hot-*);
# a stock run of the patched binary is one without --hot-policy (or with none). The record's params name them.
# --uri sends the stream elsewhere than exec:cat > /dev/null, e.g. tcp:127.0.0.1:4444 (something must listen).
# --ready-file F --go-file G: one guest of a drain (recorder/drain.sh): the harness creates F when the guest is
# ready to migrate and issues migrate only once G exists, so several guests start their migrations together; the
# record then says when (migrate_issued_at_unix_s).
# --check-ram is the no-page-lost test: the stream goes to a file instead of /dev/null; after the migration
# completes, the paused source's RAM is dumped, a destination QEMU (same binary and command line, -S) loads the
# stream, its RAM is dumped, and the two must be equal page for page (exit 1 otherwise); the record is written
# to recorder/build/ unless -o says otherwise (its uri is not the /dev/null of the shipped records).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(cd "$here/.." && pwd)"
usage="usage: $0 idle|memwriter|compress|kvstore|webserver --max-bandwidth BYTES_PER_S [--downtime-limit MS] [--delay S] [--timeout S] [--auto-converge] [--seconds N] [--ram MIB] [--shift S] [-o RECORD.json] [--plugin-trace RAW.csv] [--trace-event NAME]... [--postcopy-after S] [--qemu stock|patched|PATH] [--exact-log] [--hot-policy none|paper|consecutive:K] [--hot-from-sync N] [--hot-pending excluded|counted] [--check-ram]"
workload="${1:-}"
[ -n "$workload" ] || { echo "$usage" >&2; exit 2; }
shift
seconds=200 ram=512 icount_shift=3 warmup=2
bandwidth="" downtime=300 delay=10 timeout=45 auto=() output="" plugin=() events=(migration_bitmap_sync_end)
qemu_choice=stock exact=() hot=() hot_policy="" hot_from=2 hot_pending=excluded check_ram="" postcopy_after=""
uri_arg="" drain=()
while [ $# -gt 0 ]; do
  case "$1" in
    --max-bandwidth) bandwidth="$2"; shift 2 ;;
    --downtime-limit) downtime="$2"; shift 2 ;;
    --delay) delay="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --auto-converge) auto=(--auto-converge); shift ;;
    --seconds) seconds="$2"; shift 2 ;;
    --ram) ram="$2"; shift 2 ;;
    --shift) icount_shift="$2"; shift 2 ;;
    -o) output="$2"; shift 2 ;;
    --plugin-trace) plugin_out="$2"; shift 2 ;;
    --trace-event) events+=("$2"); shift 2 ;;
    --postcopy-after) postcopy_after="$2"; shift 2 ;;
    --qemu) qemu_choice="$2"; shift 2 ;;
    --exact-log) exact=(--exact-log); shift ;;
    --hot-policy) hot_policy="$2"; shift 2 ;;
    --hot-from-sync) hot_from="$2"; shift 2 ;;
    --hot-pending) hot_pending="$2"; shift 2 ;;
    --check-ram) check_ram=1; shift ;;
    --uri) uri_arg="$2"; shift 2 ;;
    --ready-file) drain+=(--ready-file "$2"); shift 2 ;;
    --go-file) drain+=(--go-file "$2"); shift 2 ;;
    *) echo "migrate.sh: unknown option $1" >&2; echo "$usage" >&2; exit 2 ;;
  esac
done
[[ "$bandwidth" =~ ^[0-9]+$ ]] || { echo "migrate.sh: --max-bandwidth needs bytes per second, e.g. 33554432" >&2; exit 2; }
case "$qemu_choice" in
  stock) qemu_bin=qemu-system-x86_64 ;;
  patched) qemu_bin="$here/build/qemu/build/qemu-system-x86_64"
    [ -x "$qemu_bin" ] || { echo "migrate.sh: no patched QEMU at $qemu_bin; build it with recorder/qemu/build.sh" >&2; exit 2; } ;;
  *) qemu_bin="$qemu_choice"; [ -x "$qemu_bin" ] || { echo "migrate.sh: --qemu '$qemu_choice' is not stock, patched or an executable" >&2; exit 2; } ;;
esac
[ -z "$postcopy_after" ] || [ -z "$check_ram" ] || { echo "migrate.sh: --postcopy-after and --check-ram cannot be combined (post-copy needs a unix: socket; --check-ram streams to a file)" >&2; exit 2; }
if [ -n "$hot_policy" ]; then
  [[ "$hot_policy" =~ ^(none|paper|consecutive:[0-9]+)$ ]] || { echo "migrate.sh: --hot-policy expected none, paper or consecutive:K" >&2; exit 2; }
  [[ "$hot_from" =~ ^[0-9]+$ ]] && [ "$hot_from" -ge 2 ] || { echo "migrate.sh: --hot-from-sync expected a sync count of 2 or more" >&2; exit 2; }
  [[ "$hot_pending" =~ ^(excluded|counted)$ ]] || { echo "migrate.sh: --hot-pending expected excluded or counted" >&2; exit 2; }
  hot=(--hot-policy "$hot_policy" --hot-from-sync "$hot_from" --hot-pending "$hot_pending")
fi
if [ -z "$output" ]; then
  dl=""; [ "$downtime" = 300 ] || dl="-dl$downtime"
  hb=""
  if [ -n "$hot_policy" ] && [ "$hot_policy" != none ]; then
    hb="-${hot_policy/:/}"; [ "$hot_from" = 2 ] || hb="$hb-from$hot_from"; [ "$hot_pending" = excluded ] || hb="$hb-$hot_pending"
  fi
  dir="$top/traces/migrations"; [ -z "$check_ram" ] || dir="$here/build/check-ram"
  output="$dir/$workload-$(( bandwidth / 1048576 ))MiBps$dl${auto:+-ac}${exact:+-exact}$hb.json"
  [ -n "$postcopy_after" ] && output="$top/traces/postcopy-migrations/$workload-$(( bandwidth / 1048576 ))MiBps$dl${auto:+-ac}${exact:+-exact}$hb-pc${postcopy_after}s.json"
fi
mkdir -p "$(dirname "$output")"
output="$(cd "$(dirname "$output")" && pwd)/$(basename "$output")"
trace_file="$top/traces/$workload.trace.arrow"
# a post-copy record belongs with the trace that records reads (faults on reads too), when there is one
[ -n "$postcopy_after" ] && [ -f "$top/traces/reads/$workload.trace.arrow" ] && trace_file="$top/traces/reads/$workload.trace.arrow"
trace_rel="$(python3 -c 'import os,sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))' "$trace_file" "$(dirname "$output")")"

build="$here/build"
work="$build/migrate-$workload"
mkdir -p "$build"
source "$here/guest.sh"
rm -f "$work/sync.log"
[ ${#hot[@]} -eq 0 ] || events+=(migration_hold_back_sync migration_hold_back_release)
printf '%s\n' "${events[@]}" > "$work/trace-events"
if [ "$qemu_choice" != stock ]; then
  patches="$(grep -v '^\s*#' "$here/qemu/series" | sed '/^\s*$/d' | paste -sd, | sed 's/,/, /g')"
  qemu_version="$qemu_version (Debian's 1:7.2+dfsg-7+deb12u18 source + recorder/qemu: $patches)"
fi
uri=() dump=()
[ -z "$uri_arg" ] || uri=(--uri "$uri_arg")
if [ -n "$check_ram" ]; then
  rm -f "$work/stream" "$work/source.ram" "$work/dest.ram"
  uri=(--uri "exec:cat > $work/stream")
  dump=(--dump-ram "$work/source.ram" --ram-bytes $(( ram * 1048576 )))
fi
if [ -n "${plugin_out:-}" ]; then
  gcc -O2 -shared -fPIC -fvisibility=hidden -Wall -Wno-unused-parameter -o "$work/libdirtylog.so" "$here/plugin/dirtylog.c"
  plugin=(-plugin "$work/libdirtylog.so,out=$plugin_out,insns=$(( 10000 * 1000 >> icount_shift )),pages=$pages,marker=$marker" -d plugin)
fi

echo "migrate.sh: $workload, max-bandwidth $bandwidth B/s, downtime-limit $downtime ms, ${auto:+auto-converge, }${exact:+exact log, }${hot_policy:+hold-back $hot_policy from sync $hot_from ($hot_pending), }migrate ${delay} guest s after the start marker, ${postcopy_after:+migrate-start-postcopy after $postcopy_after s, }cancel after ${timeout} s ($qemu_bin)" >&2
machine=(-nographic -no-reboot -nic none -m "$ram" -smp 1 -icount "shift=$icount_shift,sleep=off" -kernel "$kernel"
  -initrd "$work/initrd.gz" -append "$append" -msg timestamp=on)
# the patched build runs in place: firmware from Debian's seabios and qemu-system-data, as the stock binary's
[ "$qemu_choice" = stock ] || machine+=(-L /usr/share/seabios -L /usr/share/qemu)
postcopy=()
if [ -n "$postcopy_after" ]; then
  rm -f "$work/mig.sock" "$work/dst.qmp.sock"
  printf -v dest '%q ' nice -n -5 "$qemu_bin" "${machine[@]}" -qmp "unix:$work/dst.qmp.sock,server=on,wait=off" \
    -incoming defer
  postcopy=(--postcopy-after "$postcopy_after" --uri "unix:$work/mig.sock" --destination "$dest" --dest-qmp "$work/dst.qmp.sock")
fi
python3 "$here/harness.py" migrate --qmp "$work/qmp.sock" --console "$work/console.log" --sync-log "$work/sync.log" \
  --max-bandwidth "$bandwidth" --downtime-limit "$downtime" "${auto[@]}" "${exact[@]}" "${hot[@]}" "${uri[@]}" "${dump[@]}" "${drain[@]}" \
  --delay "$delay" --timeout "$timeout" \
  --workload "$workload" --trace "$trace_rel" --qemu-version "$qemu_version" -o "$output" "${postcopy[@]}" -- \
  nice -n -5 "$qemu_bin" "${machine[@]}" -qmp "unix:$work/qmp.sock,server=on,wait=off" \
  -trace "events=$work/trace-events,file=$work/sync.log" "${plugin[@]}"
if [ -n "$check_ram" ]; then
  [ -f "$work/source.ram" ] || { echo "migrate.sh: --check-ram: the migration did not complete, nothing to compare" >&2; exit 1; }
  python3 "$here/harness.py" load --stream "$work/stream" --dump-ram "$work/dest.ram" --ram-bytes $(( ram * 1048576 )) \
    --qmp "$work/dest-qmp.sock" --console "$work/dest-console.log" -- \
    nice -n -5 "$qemu_bin" "${machine[@]}" -qmp "unix:$work/dest-qmp.sock,server=on,wait=off"
  status=0
  python3 "$here/harness.py" compare "$work/source.ram" "$work/dest.ram" || status=1
  rm -f "$work/stream" "$work/source.ram" "$work/dest.ram"
  exit $status
fi
