#!/usr/bin/env bash
# Records a dirty-page trace of a real Linux guest under QEMU TCG and ingests it into traces/.
#
#   recorder/record.sh WORKLOAD [--seconds N] [--ram MIB] [--epoch-us N] [--shift S]
#
# WORKLOAD: idle | memwriter | compress | kvstore | webserver. The guest (Debian's kernel, a busybox
# initramfs, 1 vCPU, no network to the outside) boots headless; its init starts the workload, lets it warm up,
# then writes a marker page that starts the recording, sleeps N seconds of guest time, writes the marker again
# and powers off. Time is guest virtual time: -icount shift=S makes one instruction 2^S ns, and an idle-priority
# spinner keeps the vCPU from idling so that instructions and guest time stay in step (see recorder/README.md).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(cd "$here/.." && pwd)"
workload="${1:-}"
[ -n "$workload" ] || { echo "usage: $0 idle|memwriter|compress|kvstore|webserver [--seconds N] [--ram MIB] [--epoch-us N] [--shift S]" >&2; exit 2; }
shift
seconds=20 ram=512 epoch_us=10000 icount_shift=3 warmup=2
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --ram) ram="$2"; shift 2 ;;
    --epoch-us) epoch_us="$2"; shift 2 ;;
    --shift) icount_shift="$2"; shift 2 ;;
    *) echo "record.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
recorder_version=1

need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
[ -x /bin/busybox ] && file -L /bin/busybox 2>/dev/null | grep -q 'statically linked' || need+=(busybox-static file)
ls /boot/vmlinuz-* >/dev/null 2>&1 || need+=(linux-image-cloud-amd64)
command -v gcc >/dev/null || need+=(gcc)
command -v cpio >/dev/null || need+=(cpio)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
kernel="$(ls /boot/vmlinuz-* | sort -V | tail -n 1)"
kver="${kernel#/boot/vmlinuz-}"

build="$here/build"
work="$build/$workload"
rm -rf "$work" && mkdir -p "$work/root/bin" "$work/root/proc" "$work/root/sys" "$work/root/dev" "$work/root/tmp"
gcc -O2 -shared -fPIC -fvisibility=hidden -Wall -Wno-unused-parameter -o "$build/libdirtylog.so" "$here/plugin/dirtylog.c"
for w in spin memwriter kvstore; do
  gcc -static -O2 -Wall -o "$work/root/bin/$w" "$here/workloads/$w.c"
done
cp /bin/busybox "$work/root/bin/busybox"

pages=$(( ram * 256 ))
marker=$(( pages - 1 ))
marker_addr=$(printf '0x%x' $(( marker * 4096 )))
insns=$(( epoch_us * 1000 >> icount_shift ))

case "$workload" in
  idle)
    setup=":"; start=":"; cmd="nothing (busybox init and an idle-priority spinner only)" ;;
  memwriter)
    setup=":"; start="/bin/memwriter 8 256 1 &"; cmd="memwriter 8 256 1 (8 MiB hot set rewritten every pass, 256 MiB cold buffer swept one page per pass)" ;;
  compress)
    setup="yes 'migreplay compress workload: the quick brown fox jumps over the lazy dog 0123456789' | head -c 24000000 > /tmp/text; dd if=/dev/urandom of=/tmp/rand bs=1M count=8 2>/dev/null; cat /tmp/text /tmp/rand /tmp/text > /tmp/data"
    start="(while :; do gzip -6 -c /tmp/data > /tmp/data.gz; bzip2 -c /tmp/data.gz > /tmp/data.bz2; rm -f /tmp/data.gz /tmp/data.bz2; done) &"
    cmd="loop: gzip -6 then bzip2 of 56 MB (48 MB of text, 8 MB random) in tmpfs" ;;
  kvstore)
    setup=":"; start="/bin/kvstore 200000 &"; cmd="kvstore 200000 (in-memory hash table of 200000 256-byte values; a client process sends 90% GET / 10% PUT with power-law keys over a Unix socket)" ;;
  webserver)
    setup="ip link set lo up; ip addr add 127.0.0.1/8 dev lo 2>/dev/null; mkdir -p /tmp/www; for s in 1 4 16 64 256 1024; do dd if=/dev/urandom of=/tmp/www/f\$s bs=1k count=\$s 2>/dev/null; done; httpd -p 127.0.0.1:8080 -h /tmp/www"
    start="(while :; do for s in 1 4 16 64 256 1024; do wget -q -O /dev/null http://127.0.0.1:8080/f\$s; done; done) &"
    cmd="busybox httpd serving 6 files of 1 KiB to 1 MiB to a busybox wget loop over loopback" ;;
  *) echo "record.sh: unknown workload '$workload'; valid: idle memwriter compress kvstore webserver" >&2; exit 2 ;;
esac

cat > "$work/root/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs -o size=90% tmp /tmp
/bin/spin &
$setup
$start
sleep $warmup
echo "MIGREPLAY-START \$(cut -d' ' -f1 /proc/uptime)"
devmem $marker_addr 32 1
sleep $seconds
devmem $marker_addr 32 2
echo "MIGREPLAY-END \$(cut -d' ' -f1 /proc/uptime)"
poweroff -f
INIT
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc 2>/dev/null | gzip > "$work/initrd.gz")

echo "record.sh: recording $workload: ${seconds} s of guest time, ${ram} MiB, epochs of ${epoch_us} us (${insns} instructions, icount shift ${icount_shift})" >&2
started=$(date +%s)
qemu-system-x86_64 -nographic -no-reboot -nic none -m "$ram" -smp 1 \
  -icount "shift=$icount_shift,sleep=off" -kernel "$kernel" -initrd "$work/initrd.gz" \
  -append "console=ttyS0 panic=-1 loglevel=3 memmap=4K\$$marker_addr" \
  -plugin "$build/libdirtylog.so,out=$work/raw.csv,insns=$insns,pages=$pages,marker=$marker" -d plugin \
  > "$work/console.log" 2>&1
took=$(( $(date +%s) - started ))
grep -q MIGREPLAY-END "$work/console.log" || { echo "record.sh: the guest did not finish; see $work/console.log" >&2; exit 1; }
grep '^dirtylog:' "$work/console.log" >&2 || true

qemu_version="$(qemu-system-x86_64 --version | head -n 1)"
gzip -9 -c "$work/raw.csv" > "$build/$workload.csv.gz"
cat > "$build/$workload.csv.gz.meta.json" <<META
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
  "recorded_by": "migreplay recorder $recorder_version (QEMU TCG plugin dirtylog)",
  "recorder_version": "$recorder_version",
  "notes": "guest time; the duration is the last epoch + 1; epochs of $insns instructions at 2^$icount_shift ns each; the window starts ${warmup} s after the workload started; the marker page pfn $marker (reserved with memmap=) is never in the trace; recorded in ${took} s on the host"
}
META
echo "record.sh: raw output $build/$workload.csv.gz (+ .meta.json), ${took} s on this host" >&2
if [ -x "$top/migreplay" ] && [ -f "$top/cli/target/migreplay.jar" ]; then
  "$top/migreplay" ingest "$build/$workload.csv.gz" --format csv -o "$top/traces/$workload.trace.arrow"
else
  echo "record.sh: build migreplay (mvn -B -DskipTests package) to ingest the raw output into traces/" >&2
  exit 1
fi
