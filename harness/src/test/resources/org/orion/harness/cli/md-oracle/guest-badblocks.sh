# Guest script for MdOracleBadBlocksTest (vm-run --snapshot appends it to md-oracle's lib/guest-lib.sh).
# Linux md assembles, degraded, a RAID5 one of whose members carries a bad-block log Orion wrote,
# reports what md loaded from it, and reads the whole array chunk by chunk with O_DIRECT: a chunk
# whose read fails (EIO) is noted and hashed as zeroes. Set by the test above this text:
#   MEMBERS="m0 m1 ..."  serials to assemble    TARGET=mN  the member with the log
#   CHUNKS=N  CHUNK_BYTES=B                      the array is N chunks of B bytes
# Prints RESULT lines: assembled, bad_blocks (sysfs of the target, ';'-separated), examine_badblocks
# (mdadm's listing of the target, blanks squeezed, ';'-separated), eio_chunks (','-separated
# indices), sha256 (of the array as read, failed chunks as zeroes).

members=""
for s in $MEMBERS; do
    d=$(dev_by_serial "$s") || { echo "RESULT assembled=disk-missing"; exit 0; }
    members="$members $d"
done
t=$(dev_by_serial "$TARGET")
section "mdadm --assemble $MD --run$members"
if ! mdadm --assemble $MD --run $members; then
    echo "RESULT assembled=no"
    for d in $members; do mdadm --examine "$d"; done
    exit 0
fi
echo "RESULT assembled=yes"
cat /proc/mdstat
echo "RESULT bad_blocks=$(cat /sys/block/$MDN/md/dev-${t##*/}/bad_blocks | tr '\n' ';')"
echo "RESULT examine_badblocks=$(mdadm --examine-badblocks "$t" | tr -s ' ' | tr '\n' ';')"
rm -f /tmp/eio
i=0
sum=$(while [ $i -lt "$CHUNKS" ]; do
    if ! dd if=$MD bs="$CHUNK_BYTES" skip=$i count=1 iflag=direct 2>/dev/null; then
        echo $i >> /tmp/eio
        dd if=/dev/zero bs="$CHUNK_BYTES" count=1 2>/dev/null
    fi
    i=$((i + 1))
done | sha256sum | cut -d' ' -f1)
echo "RESULT eio_chunks=$(cat /tmp/eio 2>/dev/null | tr '\n' ',')"
echo "RESULT sha256=$sum"
section "kernel md messages"
dmesg | grep -E 'md/|md: |raid|bad' | tail -n 40
mdadm --stop $MD
exit 0
