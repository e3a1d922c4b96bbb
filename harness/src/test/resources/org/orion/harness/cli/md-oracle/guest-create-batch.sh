# Guest script for MdOracleInteropTest (vm-run appends it to md-oracle's lib/guest-lib.sh).
# Linux md creates several arrays in one VM boot, one after another on /dev/md0: each waits for
# its initial resync/recovery, gets the oracle pattern written over its whole size, and is stopped.
# Set by the test above this text:
#   ARRAYS="IDX:LEVEL:NDISKS:CHUNK_KIB:LAYOUT:FIRST ..."  members are the disks with serials
#                                                         m<FIRST> .. m<FIRST+NDISKS-1>
#   PATTERN_SERIAL=m<N>                                   the disk holding the pattern
# Prints per array: RESULT a<IDX>_bytes=<array bytes>, RESULT a<IDX>_rc=ok (or what failed).

create_one() {
    idx=$1; level=$2; n=$3; chunk=$4; layout=$5; first=$6
    members=""
    i=0
    while [ $i -lt "$n" ]; do
        d=$(dev_by_serial m$((first + i))) || { echo "RESULT a${idx}_rc=disk-m$((first + i))-missing"; return; }
        members="$members $d"
        i=$((i + 1))
    done
    opts="--metadata=1.2 --level=$level --raid-devices=$n --homehost=oracle --name=a$idx --run"
    [ "$level" != 1 ] && opts="$opts --chunk=${chunk}K"
    [ "$layout" != default ] && opts="$opts --layout=$layout"
    section "a$idx: mdadm --create $MD $opts$members"
    if ! yes | mdadm --create $MD $opts $members; then
        echo "RESULT a${idx}_rc=create-failed"; return
    fi
    if ! wait_sync; then
        echo "RESULT a${idx}_rc=initial-sync-timeout"; mdadm --stop $MD; return
    fi
    bytes=$(md_bytes)
    if ! copy_bytes "$PAT" "$MD" "$bytes"; then
        echo "RESULT a${idx}_rc=pattern-write-failed"; mdadm --stop $MD; return
    fi
    sync
    blockdev --flushbufs $MD 2>/dev/null
    mdadm --detail $MD | grep -E 'Raid Level|Array Size|Layout|Chunk Size|State :'
    if ! mdadm --stop $MD; then
        echo "RESULT a${idx}_rc=stop-failed"; return
    fi
    echo "RESULT a${idx}_bytes=$bytes"
    echo "RESULT a${idx}_rc=ok"
}

PAT=$(dev_by_serial "$PATTERN_SERIAL") || { echo "pattern disk $PATTERN_SERIAL not found"; exit 10; }
for spec in $ARRAYS; do
    create_one $(echo "$spec" | tr ':' ' ')
done
section "kernel md messages"
dmesg | grep -E 'md/|md: |raid' | tail -n 60
exit 0
