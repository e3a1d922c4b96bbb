# Guest script for MdOracleInteropTest (vm-run --snapshot appends it to md-oracle's lib/guest-lib.sh).
# For each array Orion made, Linux md does what md-oracle/lib/guest-verify.sh does, batched in one
# boot: assemble with --run and no --force, note whether a resync started at assembly (it must
# not: Orion stopped the array cleanly), sha256 the whole array, run 'check' and read mismatch_cnt,
# then fail one member, zero its superblock, add it back, let md rebuild it, and hash and check
# again. Set by the test above this text:
#   ARRAYS="IDX:LEVEL:NDISKS:FAIL_SLOT:FIRST ..."   members are serials m<FIRST>..m<FIRST+NDISKS-1>;
#                                                   FAIL_SLOT -1 = no rebuild (RAID0)
# Prints RESULT a<IDX>_<key>=<value> lines: assembled, sync_action, resyncs, bytes, sha256,
# mismatch_cnt, rebuilt_degraded, rebuilt_sha256, rebuilt_mismatch_cnt.

resyncs_so_far() { dmesg | grep -c 'resync of RAID array'; }

verify_one() {
    idx=$1; level=$2; n=$3; fail=$4; first=$5
    members=""; faildev=""
    i=0
    while [ $i -lt "$n" ]; do
        d=$(dev_by_serial m$((first + i))) || { echo "RESULT a${idx}_assembled=disk-missing"; return; }
        members="$members $d"
        [ "$i" = "$fail" ] && faildev=$d
        i=$((i + 1))
    done
    before=$(resyncs_so_far)
    section "a$idx: mdadm --assemble $MD --run$members"
    if ! mdadm --assemble $MD --run $members; then
        echo "RESULT a${idx}_assembled=no"
        for d in $members; do mdadm --examine "$d"; done
        return
    fi
    echo "RESULT a${idx}_assembled=yes"
    echo "RESULT a${idx}_sync_action=$(cat /sys/block/$MDN/md/sync_action 2>/dev/null || echo n/a)"
    cat /proc/mdstat
    echo "RESULT a${idx}_bytes=$(md_bytes)"
    echo "RESULT a${idx}_sha256=$(sha256sum $MD | cut -d' ' -f1)"
    echo "RESULT a${idx}_resyncs=$(( $(resyncs_so_far) - before ))"
    wait_sync
    if [ "$level" != 0 ]; then
        run_check a${idx}_mismatch_cnt
    fi
    if [ "$fail" -ge 0 ]; then
        section "a$idx: fail slot $fail ($faildev), zero it, add it back, rebuild"
        mdadm $MD --fail "$faildev" && mdadm $MD --remove "$faildev" && mdadm --zero-superblock "$faildev" \
            && mdadm $MD --add "$faildev" || echo "a$idx: fail/remove/add failed"
        sleep 0.5
        wait_sync
        cat /proc/mdstat
        echo "RESULT a${idx}_rebuilt_degraded=$(cat /sys/block/$MDN/md/degraded 2>/dev/null)"
        echo "RESULT a${idx}_rebuilt_sha256=$(sha256sum $MD | cut -d' ' -f1)"
        run_check a${idx}_rebuilt_mismatch_cnt
    fi
    mdadm --stop $MD || echo "a$idx: stop failed"
}

for spec in $ARRAYS; do
    verify_one $(echo "$spec" | tr ':' ' ')
done
section "kernel md messages"
dmesg | grep -E 'md/|md: |raid' | tail -n 80
exit 0
