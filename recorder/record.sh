#!/usr/bin/env bash
# Records a dirty-page trace of a real Linux guest under QEMU TCG, and the exact set of pages that hold non-zero
# data when the trace starts, and ingests them into traces/.
#
#   recorder/record.sh WORKLOAD [--seconds N] [--ram MIB] [--epoch-us N] [--shift S] [--reads] [-o TRACE]
#
# WORKLOAD: idle | memwriter | compress | kvstore | webserver. The guest (Debian's kernel, a busybox
# initramfs, 1 vCPU, no network to the outside; recorder/guest.sh builds it) boots headless; its init starts the
# workload, lets it warm up 2 s, then writes a marker page that starts the recording, sleeps N seconds of guest
# time, writes the marker again and powers off. Time is guest virtual time: -icount shift=S makes one
# instruction 2^S ns, and an idle-priority spinner keeps the vCPU from idling so that instructions and guest
# time stay in step (see recorder/README.md). At the first marker the plugin holds the vCPU while
# recorder/harness.py dumps guest RAM over QMP (pmemsave) and writes the non-zero pages to
# recorder/build/WORKLOAD.nonzero.txt.gz.
#
# Defaults: --seconds 200 --ram 512 --epoch-us 10000 --shift 3 (the shipped traces were recorded with them).
# --reads records the first read of each page per epoch too (the plugin's reads=on; rows epoch,pfn,access), for
# post-copy faults; its trace goes to traces/reads/WORKLOAD.trace.arrow unless -o says otherwise, so the shipped
# write-only traces (which the records in traces/migrations belong to) stay as they are.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(cd "$here/.." && pwd)"
workload="${1:-}"
[ -n "$workload" ] || { echo "usage: $0 idle|memwriter|compress|kvstore|webserver [--seconds N] [--ram MIB] [--epoch-us N] [--shift S] [--reads] [-o TRACE]" >&2; exit 2; }
shift
seconds=200 ram=512 epoch_us=10000 icount_shift=3 warmup=2 reads=off output=
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --ram) ram="$2"; shift 2 ;;
    --epoch-us) epoch_us="$2"; shift 2 ;;
    --shift) icount_shift="$2"; shift 2 ;;
    --reads) reads=on; shift ;;
    -o) output="$2"; shift 2 ;;
    *) echo "record.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
recorder_version=3
suffix=""; [ "$reads" = on ] && suffix="-reads"
if [ -z "$output" ]; then
  output="$top/traces/$workload.trace.arrow"
  [ "$reads" = on ] && output="$top/traces/reads/$workload.trace.arrow"
fi
mkdir -p "$(dirname "$output")"

build="$here/build"
work="$build/$workload$suffix"
mkdir -p "$build"
source "$here/guest.sh"
gcc -O2 -shared -fPIC -fvisibility=hidden -Wall -Wno-unused-parameter -o "$work/libdirtylog.so" "$here/plugin/dirtylog.c"
insns=$(( epoch_us * 1000 >> icount_shift ))

echo "record.sh: recording $workload (reads $reads): ${seconds} s of guest time, ${ram} MiB, epochs of ${epoch_us} us (${insns} instructions, icount shift ${icount_shift})" >&2
started=$(date +%s)
python3 "$here/harness.py" record --hold "$work/hold.sock" --qmp "$work/qmp.sock" --dump "$work/ram.dump" \
  --ram-bytes $(( pages * 4096 )) --nonzero-out "$build/$workload$suffix.nonzero.txt.gz" --console "$work/console.log" -- \
  qemu-system-x86_64 -nographic -no-reboot -nic none -m "$ram" -smp 1 \
  -icount "shift=$icount_shift,sleep=off" -kernel "$kernel" -initrd "$work/initrd.gz" -append "$append" \
  -qmp "unix:$work/qmp.sock,server=on,wait=off" \
  -plugin "$work/libdirtylog.so,out=$work/raw.csv,insns=$insns,pages=$pages,marker=$marker,hold=$work/hold.sock,reads=$reads" -d plugin
took=$(( $(date +%s) - started ))
grep -q MIGREPLAY-END "$work/console.log" || { echo "record.sh: the guest did not finish; see $work/console.log" >&2; exit 1; }
grep '^dirtylog:' "$work/console.log" >&2 || true

raw="$build/$workload$suffix.csv.gz"
gzip -6 -c "$work/raw.csv" > "$raw" && rm -f "$work/raw.csv"
cat > "$raw.meta.json" <<META
{
  "page_size": "4096",
  "ram_ranges": "0-$pages",
  "resolution_us": "$epoch_us",
  "epoch_us": "$epoch_us",
  "hypervisor": "qemu-tcg",
  "workload": "$workload",
  "workload_command": "$cmd",
  "guest": "Linux $kver, 1 vCPU, $ram MiB, busybox initramfs",
  "kernel": "$kver",
  "qemu_version": "$qemu_version",
  "icount_shift": "$icount_shift",
  "recorded_by": "migreplay recorder $recorder_version (QEMU TCG plugin dirtylog, reads=$reads)",
  "recorder_version": "$recorder_version",
  "notes": "guest time; the duration is the last epoch + 1; epochs of $insns instructions at 2^$icount_shift ns each; the window starts ${warmup} s after the workload started; the marker page pfn $marker (reserved with memmap=) is never in the trace; initial non-zero pages from a pmemsave dump at the start marker; recorded in ${took} s on the host"
}
META
echo "record.sh: raw output $raw (+ .meta.json, $workload$suffix.nonzero.txt.gz), ${took} s on this host" >&2
if [ -x "$top/migreplay" ] && [ -f "$top/cli/target/migreplay.jar" ]; then
  if "$top/migreplay" ingest --help 2>/dev/null | grep -q -- --initial-nonzero; then
    "$top/migreplay" ingest "$raw" --format csv --initial-nonzero "$build/$workload$suffix.nonzero.txt.gz" \
      --force -o "$output"
  else
    echo "record.sh: this migreplay has no 'ingest --initial-nonzero'; the trace is ingested without its initial non-zero set" >&2
    "$top/migreplay" ingest "$raw" --format csv --force -o "$output"
  fi
else
  echo "record.sh: build migreplay (mvn -B -DskipTests package) to ingest the raw output into traces/" >&2
  exit 1
fi
