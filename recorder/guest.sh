# Sourced by record.sh and migrate.sh: installs what the recorder needs and builds the guest of one workload.
#
# In:  here (recorder/), workload, seconds, ram, icount_shift, warmup, work (a build directory of its own).
# Out: kernel, kver, cmd (the workload's description), pages, marker, marker_addr, append (kernel command line),
#      qemu_version, and $work/initrd.gz. The guest is the same for a recording and for a migration: Debian's
#      kernel, a busybox initramfs whose init starts the workload, waits $warmup s, prints MIGREPLAY-START and
#      writes the marker page (the recording's epoch 0), sleeps $seconds, writes the marker again, powers off.

need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
[ -x /bin/busybox ] && file -L /bin/busybox 2>/dev/null | grep -q 'statically linked' || need+=(busybox-static file)
ls /boot/vmlinuz-* >/dev/null 2>&1 || need+=(linux-image-cloud-amd64)
command -v gcc >/dev/null || need+=(gcc libc6-dev)
command -v cpio >/dev/null || need+=(cpio)
[ -x /usr/bin/python3 ] || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
kernel="$(ls /boot/vmlinuz-* | sort -V | tail -n 1)"
kver="${kernel#/boot/vmlinuz-}"
qemu_version="$("${qemu_bin:-qemu-system-x86_64}" --version | head -n 1)"

rm -rf "$work" && mkdir -p "$work/root/bin" "$work/root/proc" "$work/root/sys" "$work/root/dev" "$work/root/tmp"
for w in spin memwriter kvstore; do
  gcc -static -O2 -Wall -o "$work/root/bin/$w" "$here/workloads/$w.c"
done
cp /bin/busybox "$work/root/bin/busybox"

pages=$(( ram * 256 ))
marker=$(( pages - 1 ))
marker_addr=$(printf '0x%x' $(( marker * 4096 )))
append="console=ttyS0 panic=-1 loglevel=3 memmap=4K\$$marker_addr"

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
  *) echo "$(basename "$0"): unknown workload '$workload'; valid: idle memwriter compress kvstore webserver" >&2; exit 2 ;;
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
