#!/usr/bin/env bash
# Stress test of attain's "never lose data" promise: concurrent writers and
# readers on one file, writes killed with SIGKILL at random points, and a
# write on a full disk. Prints figures; exits 1 if any loss, duplicate,
# corrupt file or read, partial import or leftover temp file was seen.
#
#   benches/stress.sh [N]        N processes / kills per phase (default 200)
#
# Environment:
#   ATTAIN        the binary to test (default target/release/attain, built
#                 with `cargo build --release` if missing); a private copy
#                 is run, so a rebuild during the run does not swap it
#   STRESS_SEED   seed of the kill delays (default random; printed)
#
# Phases:
#   1. writers+readers: N processes started together behind a gate (40%
#      record, 20% goal add, 15% import of a 2-row CSV, 25% report / result
#      list --format json), ATTAIN_LOCK_TIMEOUT=120. Exit 75 counts as busy.
#      lost = exit-0 writes whose refs / goal id are not in the final file.
#   2. sigkill: N writes (record / 5-row import / goal add) against a file
#      of 20,000 results, each killed with SIGKILL at a random moment of its run
#      (longer if one write takes longer); the file is checked after every
#      kill (python3 json + `attain report`); at the end one clean write,
#      then acknowledged (exit 0) writes missing and files left next to the
#      data file are counted.
#   3. disk-full (root only): a record into a 4 MiB tmpfs that cannot hold
#      a second copy of the data file.
set -euo pipefail

N=${1:-200}
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "usage: benches/stress.sh [N]  (N a positive integer)" >&2; exit 2; }

cd "$(dirname "$0")/.."
ROOT=$PWD
AS_OF=2026-11-27
SEED=${STRESS_SEED:-$(((RANDOM << 15) | RANDOM))}
RANDOM=$SEED

say() { printf '%s\n' "$*" >&2; }

# seed_rows FILE COUNT PREFIX: a CSV of COUNT results for goal `big`, dated
# through 2026, with refs PREFIX-1 ... PREFIX-COUNT.
seed_rows() {
    python3 - "$1" "$2" "$3" <<'PY'
import sys
path, count, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w") as f:
    f.write("goal,date,value,note,ref\n")
    for i in range(1, count + 1):
        f.write(f"big,2026-{i % 11 + 1:02d}-{i % 28 + 1:02d},{i % 997}.{i % 100:02d},\"row {i}\",{prefix}-{i}\n")
PY
}

SRC_BIN=${ATTAIN:-$ROOT/target/release/attain}
if [[ ! -x $SRC_BIN ]]; then
    [[ -n ${ATTAIN:-} ]] && { say "ATTAIN=$ATTAIN is not an executable"; exit 2; }
    say "building target/release/attain"
    cargo build --release --bin attain >&2
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/attain-stress.XXXXXX")
MNT=""
MOUNTED=0
CHK_PID=""
declare -a PIDS=()
cleanup() {
    set +e
    local p
    for p in "${PIDS[@]}" $CHK_PID; do { kill -9 "$p" && wait "$p"; } 2>/dev/null; done
    if ((MOUNTED)); then umount "$MNT" 2>/dev/null || umount -l "$MNT"; fi
    rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$W/bin"
cp "$SRC_BIN" "$W/bin/attain"
BIN=$W/bin/attain

# Microseconds since the epoch.
now_us() { local t=${EPOCHREALTIME/./}; echo "$((10#$t))"; }
secs_since() { local us=$(($(now_us) - $1)); printf '%d.%01d' $((us / 1000000)) $((us % 1000000 / 100000)); }

# Files in folder $1 other than the names that follow (attain makes no
# backups: only the data file and its lock belong there).
debris() {
    local dir=$1 n=0 f k keep
    shift
    for f in "$dir"/* "$dir"/.*; do
        [[ -e $f ]] || continue
        f=${f##*/}
        [[ $f == . || $f == .. ]] && continue
        keep=0
        for k in "$@"; do [[ $f == "$k" ]] && keep=1; done
        ((keep)) || n=$((n + 1))
    done
    echo "$n"
}

T_ALL=$(now_us)
FAIL=0

# --- 1. concurrent writers and readers --------------------------------------
T1=$(now_us)
D1=$W/p1
IN1=$W/p1in
O1=$W/p1out
mkdir -p "$D1" "$IN1" "$O1"
F1=$D1/data.json
a1() { "$BIN" -q -f "$F1" --as-of "$AS_OF" "$@" >/dev/null; }
a1 init --currency USD
a1 goal add q4 --target 1M --period 2026-Q4
a1 goal add nov --metric deals-won --target 50 --period 2026-11
a1 goal add y26 --target 5M --period 2026
GOALS=(q4 nov y26)

MANIFEST1=$W/p1.manifest
: >"$MANIFEST1"
GATE=$W/p1.gate
mkfifo "$GATE"
# Held open read-write: the workers' opens never block, and each reads one
# line once the parent writes N of them, so all start together.
exec {GATE_FD}<>"$GATE"
for ((i = 0; i < N; i++)); do
    day=$(printf '2026-11-%02d' $((i % 27 + 1)))
    k=$((i % 20))
    if ((k < 8)); then
        kind=record ids="p1-r-$i"
        args=(record "${GOALS[i % 3]}" "$((i + 1))" --date "$day" --ref "p1-r-$i")
    elif ((k < 12)); then
        kind=goal ids="p1-g-$i"
        args=(goal add "p1-g-$i" --owner "o$i" --target 100 --period 2026-Q4)
    elif ((k < 15)); then
        kind=import ids="p1-i-$i-a,p1-i-$i-b"
        printf 'goal,date,value,note,ref\n%s,%s,%s,"row a, of %s",p1-i-%s-a\n%s,%s,%s,row b,p1-i-%s-b\n' \
            "${GOALS[i % 3]}" "$day" "$((i + 1))" "$i" "$i" \
            "${GOALS[(i + 1) % 3]}" "$day" "$((i + 2))" "$i" >"$IN1/$i.csv"
        args=(import "$IN1/$i.csv")
    elif ((k % 2)); then
        kind=report ids=""
        args=(report --format json)
    else
        kind=results ids=""
        args=(result list --format json)
    fi
    printf '%s\t%s\t%s\n' "$i" "$kind" "$ids" >>"$MANIFEST1"
    (
        exec {GATE_FD}>&-
        read -r -t 300 _ <"$GATE" || true
        rc=0
        ATTAIN_LOCK_TIMEOUT=120 "$BIN" -f "$F1" --as-of "$AS_OF" "${args[@]}" \
            >"$O1/$i.out" 2>"$O1/$i.err" || rc=$?
        echo "$rc" >"$O1/$i.rc"
    ) &
    PIDS+=($!)
done
for ((i = 0; i < N; i++)); do echo; done >&"$GATE_FD"
for p in "${PIDS[@]}"; do wait "$p" || true; done
PIDS=()
exec {GATE_FD}>&-

P1_FILE_OK=1
"$BIN" -f "$F1" --as-of "$AS_OF" report --format json >/dev/null 2>&1 || P1_FILE_OK=0
P1_TEMP=$(debris "$D1" data.json data.json.lock)
P1=$(python3 - "$MANIFEST1" "$O1" "$F1" "$P1_FILE_OK" "$P1_TEMP" <<'PY'
import collections, json, sys
manifest, outdir, path, file_ok, temp = sys.argv[1:]
launched = ok = busy = failed = lost = partial = corrupt_reads = 0
try:
    data = json.load(open(path, "rb"))
    refs = collections.Counter(r.get("ref") for r in data["results"] if r.get("ref"))
    gids = collections.Counter(g["id"] for g in data["goals"])
    rids = collections.Counter(r["id"] for r in data["results"])
except Exception as e:  # the final file itself is broken
    print(f"final file unreadable: {e}", file=sys.stderr)
    data, refs, gids, rids, file_ok = None, collections.Counter(), collections.Counter(), collections.Counter(), "0"
for line in open(manifest):
    i, kind, ids = line.rstrip("\n").split("\t")
    launched += 1
    try:
        rc = int(open(f"{outdir}/{i}.rc").read())
    except Exception:
        rc = -1
    if rc == 0:
        ok += 1
    elif rc == 75:
        busy += 1
    else:
        failed += 1
        if failed <= 5:
            err = open(f"{outdir}/{i}.err", errors="replace").read().strip().splitlines()
            print(f"  failed: #{i} {kind} exit {rc}: {err[0] if err else ''}", file=sys.stderr)
    if kind in ("report", "results"):
        try:
            out = json.load(open(f"{outdir}/{i}.out", "rb"))
            good = isinstance(out, dict) and isinstance(out.get("goals"), list) if kind == "report" else isinstance(out, list)
        except Exception:
            good = False
        corrupt_reads += not good
        continue
    wanted = ids.split(",")
    have = [(gids if kind == "goal" else refs)[x] > 0 for x in wanted]
    if rc == 0 and not all(have):
        lost += 1
    if any(have) and not all(have):
        partial += 1
dup = sum(c > 1 for c in refs.values()) + sum(c > 1 for c in gids.values()) + sum(c > 1 for c in rids.values())
print(f"launched {launched} ok {ok} busy {busy} failed {failed} lost {lost} duplicated {dup} "
      f"corrupt-reads {corrupt_reads} corrupt-file {0 if file_ok == '1' else 1} partial {partial} temp-left {temp}")
PY
)
say "writers+readers: $P1  ($(secs_since "$T1") s)"

# --- 2. SIGKILL at random points --------------------------------------------
T2=$(now_us)
D2=$W/p2
IN2=$W/p2in
mkdir -p "$D2" "$IN2"
F2=$D2/data.json
a2() { "$BIN" -q -f "$F2" --as-of "$AS_OF" "$@" >/dev/null; }
a2 init --currency USD
a2 goal add big --target 1B --period 2026
seed_rows "$IN2/seed.csv" 20000 seed
a2 import "$IN2/seed.csv"

MANIFEST2=$W/p2.manifest
: >"$MANIFEST2"
# Three uninterrupted writes time one write; the delays cover 0 to
# max(5 ms, 1.5 x that), so kills land before, during and after it.
best=999999999
for c in 1 2 3; do
    t=$(now_us)
    a2 record big 1 --date 2026-11-01 --ref "p2-cal-$c"
    t=$(($(now_us) - t))
    ((t < best)) && best=$t
    printf '%s\t%s\t%s\t%s\n' "cal$c" record 0 "p2-cal-$c" >>"$MANIFEST2"
done
RANGE_US=$((best * 3 / 2))
((RANGE_US < 5000)) && RANGE_US=5000
((RANGE_US > 900000)) && RANGE_US=900000

# One python3 checks the file after every kill (and puts back the last good
# version if it is broken, so later kills still test something).
CHECKER='
import json, os, sys
path, last = sys.argv[1], None
for line in sys.stdin:
    cmd = line.strip()
    if cmd == "check":
        try:
            raw = open(path, "rb").read()
            d = json.loads(raw)
            assert isinstance(d, dict) and d.get("version") == 2, "not attain data"
            assert isinstance(d.get("goals"), list) and isinstance(d.get("results"), list), "no goals/results"
            ids = [r["id"] for r in d["results"]]
            assert len(ids) == len(set(ids)), "duplicate result id"
            last = raw
            print("ok", flush=True)
        except Exception as e:
            print("bad", type(e).__name__, str(e)[:120].replace("\n", " "), flush=True)
    elif cmd == "restore":
        if last is not None:
            with open(path + ".restore", "wb") as f:
                f.write(last)
            os.replace(path + ".restore", path)
        print("restored", flush=True)
'
coproc CHK { python3 -c "$CHECKER" "$F2"; }
CHK_PID=$CHK_PID
CHK_IN=${CHK[1]}
CHK_OUT=${CHK[0]}
# No $(...) here: a coproc's descriptors are not open in subshells.
ask() { echo "$1" >&"$CHK_IN"; read -r -t 60 -u "$CHK_OUT" ANS || ANS="bad checker timed out"; }

KILL_CORRUPT=0
for ((i = 0; i < N; i++)); do
    day=$(printf '2026-%02d-%02d' $((i % 11 + 1)) $((i % 28 + 1)))
    case $((i % 3)) in
    0)
        kind=record ids="p2-r-$i"
        args=(record big "$((i + 1))" --date "$day" --ref "p2-r-$i")
        ;;
    1)
        kind=import ids="p2-i-$i-1,p2-i-$i-2,p2-i-$i-3,p2-i-$i-4,p2-i-$i-5"
        {
            echo 'goal,date,value,note,ref'
            for r in 1 2 3 4 5; do echo "big,$day,$((i + r)).5,\"kill $i, row $r\",p2-i-$i-$r"; done
        } >"$IN2/$i.csv"
        args=(import "$IN2/$i.csv")
        ;;
    *)
        kind=goal ids="p2-g-$i"
        args=(goal add "p2-g-$i" --owner "k$i" --target 10 --period 2026-Q4)
        ;;
    esac
    us=$((((RANDOM << 15) | RANDOM) % (RANGE_US + 1)))
    printf -v delay '%d.%06d' $((us / 1000000)) $((us % 1000000))
    ATTAIN_LOCK_TIMEOUT=10 "$BIN" -q -f "$F2" --as-of "$AS_OF" "${args[@]}" >/dev/null 2>>"$W/p2.err" &
    pid=$!
    PIDS=("$pid")
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
    rc=0
    # (braces: bash's "Killed" notice goes to the null device too)
    { wait "$pid" || rc=$?; } 2>/dev/null
    PIDS=()
    printf '%s\t%s\t%s\t%s\n' "$i" "$kind" "$rc" "$ids" >>"$MANIFEST2"
    bad=""
    "$BIN" -f "$F2" --as-of "$AS_OF" report --format json >/dev/null 2>"$W/p2.report.err" ||
        bad="attain report: $(head -n1 "$W/p2.report.err")"
    ask check
    [[ $ANS == ok ]] || bad="$bad ${ANS#bad }"
    if [[ -n $bad ]]; then
        KILL_CORRUPT=$((KILL_CORRUPT + 1))
        say "  corrupt after kill #$i ($kind, killed after ${delay}s, exit $rc):$bad"
        ask restore
    fi
done
eval "exec $CHK_IN>&-"
wait "$CHK_PID" 2>/dev/null || true
CHK_PID=""

rc=0
a2 record big 7 --date 2026-11-02 --ref p2-final 2>"$W/p2.final.err" || rc=$?
((rc == 0)) || say "  the clean write after the kills failed (exit $rc): $(head -n1 "$W/p2.final.err")"
printf '%s\t%s\t%s\t%s\n' final record "$rc" p2-final >>"$MANIFEST2"
P2_TEMP=$(debris "$D2" data.json data.json.lock)
P2=$(python3 - "$MANIFEST2" "$F2" "$KILL_CORRUPT" "$P2_TEMP" "$((RANGE_US / 1000))" "$((best / 1000))" <<'PY'
import collections, json, sys
manifest, path, corrupt, temp, range_ms, write_ms = sys.argv[1:]
corrupt = int(corrupt)
try:
    data = json.load(open(path, "rb"))
    refs = collections.Counter(r.get("ref") for r in data["results"] if r.get("ref"))
    gids = collections.Counter(g["id"] for g in data["goals"])
    rids = collections.Counter(r["id"] for r in data["results"])
except Exception as e:
    print(f"final file unreadable: {e}", file=sys.stderr)
    corrupt += 1
    refs, gids, rids = collections.Counter(), collections.Counter(), collections.Counter()
kills = acked = lost = partial = landed_killed = unlanded_killed = failed = 0
for line in open(manifest):
    i, kind, rc, ids = line.rstrip("\n").split("\t")
    rc = int(rc)
    if i[0].isdigit():
        kills += 1
    have = [(gids if kind == "goal" else refs)[x] > 0 for x in ids.split(",")]
    if any(have) and not all(have):
        partial += 1
    if rc == 0:
        acked += i[0].isdigit()  # calibration and final writes are not counted, but checked
        lost += not all(have)
    elif rc == 137:
        if all(have):
            landed_killed += 1
        else:
            unlanded_killed += 1
    else:
        failed += 1
dup = sum(c > 1 for c in refs.values()) + sum(c > 1 for c in gids.values()) + sum(c > 1 for c in rids.values())
print(f"kills {kills} corrupt {corrupt} acknowledged {acked} lost {lost} temp-left {temp} "
      f"duplicated {dup} partial {partial} killed-after-landing {landed_killed} "
      f"killed-before-landing {unlanded_killed} failed {failed} delays 0-{range_ms}ms write {write_ms}ms")
PY
)
say "sigkill: $P2  ($(secs_since "$T2") s)"
[[ -s $W/p2.err ]] && grep -v '^$' "$W/p2.err" | sort | uniq -c | sort -rn | head -n 3 | sed 's/^/  stderr of killed writes: /' >&2

# --- 3. disk full -----------------------------------------------------------
T3=$(now_us)
P3="skipped (needs root)"
P3_BAD=0
if [[ $(id -u) == 0 ]]; then
    MNT=$W/full
    mkdir -p "$MNT"
    if mount -t tmpfs -o size=4m tmpfs "$MNT" 2>/dev/null; then
        MOUNTED=1
        D3=$W/p3
        mkdir -p "$D3"
        # About 1.3 MB of data: a second copy cannot fit next to it and the filler.
        a3() { "$BIN" -q -f "$D3/data.json" --as-of "$AS_OF" "$@" >/dev/null; }
        a3 init --currency USD
        a3 goal add big --target 1B --period 2026
        seed_rows "$D3/rows.csv" 15000 full
        a3 import "$D3/rows.csv"
        cp "$D3/data.json" "$MNT/data.json"
        : >"$MNT/data.json.lock"
        size=$(stat -c %s "$MNT/data.json")
        avail=$(df -B1 --output=avail "$MNT" | tail -n1 | tr -d ' ')
        fill=$(((avail - size / 2) / 4096))
        ((fill > 0)) && dd if=/dev/zero of="$MNT/filler" bs=4096 count="$fill" status=none 2>/dev/null || true
        left=$(df -B1 --output=avail "$MNT" | tail -n1 | tr -d ' ')
        rc=0
        "$BIN" -q -f "$MNT/data.json" --as-of "$AS_OF" record big 5 --date 2026-11-01 --ref full-new \
            >/dev/null 2>"$W/p3.err" || rc=$?
        same=yes
        cmp -s "$D3/data.json" "$MNT/data.json" || same=no
        readable=yes
        "$BIN" -f "$MNT/data.json" --as-of "$AS_OF" report --format json >/dev/null 2>&1 || readable=no
        temp=$(debris "$MNT" data.json data.json.lock filler)
        first=$(head -n1 "$W/p3.err")
        P3="exit $rc unchanged $same temp-left $temp readable $readable (data $size B, free $left B)"
        say "disk-full: $P3  ($(secs_since "$T3") s)"
        say "  stderr: ${first:-<empty>}"
        # A failure must leave the old file; a success must have written.
        if ((rc != 0)) && [[ $same == no ]]; then P3_BAD=1; fi
        if ((rc == 0)) && [[ $same == yes ]]; then P3_BAD=1; fi
        [[ $readable == yes && $temp == 0 ]] || P3_BAD=1
        umount "$MNT" && MOUNTED=0
    else
        P3="skipped (mount -t tmpfs failed)"
        say "disk-full: $P3"
    fi
else
    say "disk-full: $P3"
fi

# --- summary ----------------------------------------------------------------
fig() { awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }' <<<"$1"; }
for k in lost duplicated corrupt-reads corrupt-file partial temp-left; do
    [[ $(fig "$P1" "$k") == 0 ]] || FAIL=1
done
for k in lost duplicated corrupt partial temp-left; do
    [[ $(fig "$P2" "$k") == 0 ]] || FAIL=1
done
((P3_BAD)) && FAIL=1

echo "stress N=$N seed $SEED time $(secs_since "$T_ALL") s"
echo "writers+readers: $P1"
echo "sigkill: $P2"
echo "disk-full: $P3"
exit "$FAIL"
