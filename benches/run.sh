#!/usr/bin/env bash
# Whole-command benchmark of attain against the typed serde_json probe of
# issue 13, all in one hyperfine run per size: `report` (JSON and table),
# the roll-up views (`report --by team`, `leaderboard`, `trend`), `record`,
# `import` of 1,000 rows, and, once, `goal import` of a 10,000-goal plan
# and (at 1M) `import` of the whole million rows into a file without
# results. Peak memory of each, and how time grows with the results.
# Regenerates benches/RESULTS.md and benches/results/*.json.
#
#   benches/run.sh              # 10k and 100k results
#   benches/run.sh --million    # 10k, 100k and 1M (about 6 minutes)
#
# Environment:
#   ATTAIN_BENCH_SIZES  result counts to run (overrides the sizes above)
#   ATTAIN_BENCH_SEED   generator seed         (default 42)
#   ATTAIN_BENCH_IMPORT_ROWS  rows in the small imported CSV (default 1000)
#   ATTAIN_BENCH_KEEP   1 keeps the temp folder with the data files
#
# The probe (examples/bench_floor.rs): read the file, parse it with
# serde_json into typed results (owned strings, f64 values; the other
# records borrowed as raw JSON), sum the values per owner and metric; for a
# write, also write it back in attain's layout to a temp file, fsync,
# rename, fsync the folder. `scan` (serde_json checking the syntax and
# building nothing) is context.
#
# Targets (issue 13), medians of one run: report at 1M under 350 ms and
# under 0.6x the probe, under 60 ms at 100k; record at 1M under 500 ms;
# the roll-up views within 1.2x of report; peak memory under 2x the file
# for report and record; goal import of 10,000 goals under 1 s; import of
# 1M rows under 2 s and under 3x the file in memory; 10x the results costs
# at most 11x the time.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
DEFAULT_SIZES="10000 100000"
[ "${1:-}" = "--million" ] && DEFAULT_SIZES="10000 100000 1000000"
SIZES=${ATTAIN_BENCH_SIZES:-$DEFAULT_SIZES}
LARGEST=${SIZES##* }
SEED=${ATTAIN_BENCH_SEED:-42}
IMPORT_ROWS=${ATTAIN_BENCH_IMPORT_ROWS:-1000}
AS_OF=2026-11-27
GOAL=east-team-revenue-2026-q4 # always generated; its quarter holds AS_OF
RESULTS_MD=$ROOT/benches/RESULTS.md
EXPORTS=$ROOT/benches/results

say() { printf '==> %s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------
if ! command -v hyperfine >/dev/null || [ ! -x /usr/bin/time ]; then
    say "installing hyperfine and GNU time"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get install -y hyperfine time >/dev/null ||
        { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y hyperfine time >/dev/null; }
fi

# --- build -----------------------------------------------------------------
say "building release binaries (the shared target dir may be locked for a while)"
cargo build --release --bin attain --examples
TARGET=$(cargo metadata --no-deps --format-version 1 |
    grep -o '"target_directory":"[^"]*"' | cut -d'"' -f4)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/attain-bench.XXXXXX")
cleanup() { [ "${ATTAIN_BENCH_KEEP:-0}" = 1 ] && say "kept $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT
# Private copies: another build into the shared target dir must not swap a
# binary in the middle of the run.
mkdir -p "$WORK/bin"
cp "$TARGET/release/attain" "$TARGET/release/examples/gen_data" \
    "$TARGET/release/examples/bench_floor" "$WORK/bin/"
ATTAIN=$WORK/bin/attain
FLOOR=$WORK/bin/bench_floor
GEN=$WORK/bin/gen_data

mkdir -p "$EXPORTS"
rm -f "$EXPORTS"/hyperfine-*.json
REVISION=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src Cargo.toml examples 2>/dev/null ||
    REVISION="$REVISION + uncommitted changes"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
SECONDS=0

# Peak resident set of one run, in KiB.
peak_kib() {
    /usr/bin/time -f %M -o "$WORK/rss" "$@" >/dev/null 2>"$WORK/rss.err" ||
        { cat "$WORK/rss.err" >&2; return 1; }
    tail -n1 "$WORK/rss"
}

# One line per measure: size <TAB> file bytes <TAB> what <TAB> value...,
# read back by the summary.
ROWS=$WORK/rows.tsv
: >"$ROWS"

# The people, teams and goals of the generated data without results: what
# the plan and the million rows are imported into.
"$GEN" --results 0 --seed "$SEED" --out "$WORK/empty.json" 2>/dev/null
printf 'base\t%s\trss\t%s\t%s\n' "$(stat -c %s "$WORK/empty.json")" \
    "$(peak_kib "$ATTAIN" --file "$WORK/empty.json" --as-of $AS_OF report --format json)" \
    "$(peak_kib "$FLOOR" probe "$WORK/empty.json")" >>"$ROWS"

# A 10,000-goal quota plan for the file's 30 people: two metrics, one goal
# per month from 2010 on.
PLAN=$WORK/plan.csv
"$ATTAIN" --file "$WORK/empty.json" person list --format csv | tail -n +2 | cut -d, -f1 >"$WORK/people"
awk 'BEGIN { print "owner,metric,period,target,stretch" }
    { people[NR] = $1 }
    END {
        n = 0
        for (m = 0; n < 10000; m++)
            for (p = 1; p <= length(people) && n < 10000; p++)
                for (k = 0; k < 2 && n < 10000; k++) {
                    printf "%s,%s,%d-%02d,%d,%d\n", people[p], (k ? "new-customers" : "revenue"),
                        2010 + int(m / 12), m % 12 + 1, 1000 + p + m, 1200 + p + m
                    n++
                }
    }' "$WORK/people" >"$PLAN"

for n in $SIZES; do
    data=$WORK/data-$n.json
    say "generating $n results (seed $SEED)"
    "$GEN" --results "$n" --seed "$SEED" --out "$data"
    bytes=$(stat -c %s "$data")
    rec=$WORK/record-$n.json
    rew=$WORK/rewrite-$n.json
    imp=$WORK/import-$n.json
    # How much of the file is history: from `"history": [` to the end.
    printf '%s\t%s\thist\t%s\t%s\n' "$n" "$bytes" "$(grep -c '^    {"seq":' "$data")" \
        "$(sed -n '/^  "history": \[/,$p' "$data" | wc -c)" >>"$ROWS"
    # The file's own CSV export: all of it is imported into the file without
    # results (at the largest size); the newest IMPORT_ROWS rows, each with a
    # new CRM ref (the last column) so that every row adds a result, as a
    # day's CRM export does, into the file itself.
    export_csv=$WORK/export-$n.csv
    "$ATTAIN" --file "$data" --as-of $AS_OF export --format csv >"$export_csv"
    csv=$WORK/import-$n.csv
    {
        head -n 1 "$export_csv"
        tail -n "$IMPORT_ROWS" "$export_csv" |
            awk '{ sub(/,[^,]*$/, sprintf(",CRM-9%07d", NR)); print }'
    } >"$csv"
    # Let the write-back of the new files finish now, not during the first
    # benchmark (it showed up as +300 ms on the first command at 1M).
    sync

    if [ "$n" -ge 1000000 ]; then
        runs=(--runs 10 --warmup 2)
    elif [ "$n" -ge 100000 ]; then
        runs=(--runs 20 --warmup 3)
    else
        runs=(--runs 40 --warmup 5)
    fi

    # Each write restores its copy before every timed run (and flushes it,
    # so that the copy's write-back does not land inside the timed fsync).
    restore() { echo "sh -c 'cp -f $1 $2 && sync'"; }
    read_cmd="$ATTAIN --file $data --as-of $AS_OF"
    once=()
    if [ "$n" = "$LARGEST" ]; then
        all=$WORK/all-$n.json
        once=(
            --prepare "$(restore "$WORK/empty.json" "$WORK/plan.json")" --command-name "goal-import"
            "$ATTAIN --file $WORK/plan.json --as-of $AS_OF goal import $PLAN"
            --prepare "$(restore "$WORK/empty.json" "$all")" --command-name "import-all"
            "$ATTAIN --file $all --as-of $AS_OF import $export_csv"
        )
    fi
    say "hyperfine, $n results ($bytes bytes)"
    hyperfine --shell=none --style basic "${runs[@]}" \
        --export-json "$EXPORTS/hyperfine-$n.json" \
        --export-csv "$WORK/hyperfine-$n.csv" \
        --prepare true --command-name "report-json" "$read_cmd report --format json" \
        --prepare true --command-name "report-table" "$read_cmd report --format table" \
        --prepare true --command-name "by-team" "$read_cmd report --by team --format json" \
        --prepare true --command-name "leaderboard" "$read_cmd leaderboard --period 2026-Q3 --format json" \
        --prepare true --command-name "trend" "$read_cmd trend sales-org --format json" \
        --prepare true --command-name "probe" "$FLOOR probe $data" \
        --prepare true --command-name "scan" "$FLOOR scan $data" \
        --prepare "$(restore "$data" "$rec")" --command-name "record" \
        "$ATTAIN --file $rec --as-of $AS_OF record $GOAL 1 --date $AS_OF" \
        --prepare "$(restore "$data" "$rew")" --command-name "probe-rewrite" "$FLOOR probe-rewrite $rew" \
        --prepare "$(restore "$data" "$imp")" --command-name "import" \
        "$ATTAIN --file $imp --as-of $AS_OF import $csv" \
        "${once[@]}" \
        >&2

    # command,mean,stddev,median,user,system,min,max
    tail -n +2 "$WORK/hyperfine-$n.csv" | while IFS=, read -r name _mean _sd median user system _min _max; do
        printf '%s\t%s\ttime\t%s\t%s\t%s\n' "$n" "$bytes" "$name" "$median" "$(awk -v a="$user" -v b="$system" 'BEGIN { print a + b }')" >>"$ROWS"
    done

    say "peak memory, $n results"
    cp -f "$data" "$rec"
    cp -f "$data" "$rew"
    cp -f "$data" "$imp"
    {
        printf '%s\t%s\trss\treport\t%s\n' "$n" "$bytes" "$(peak_kib $read_cmd report --format json)"
        printf '%s\t%s\trss\tby-team\t%s\n' "$n" "$bytes" "$(peak_kib $read_cmd report --by team --format json)"
        printf '%s\t%s\trss\tprobe\t%s\n' "$n" "$bytes" "$(peak_kib "$FLOOR" probe "$data")"
        printf '%s\t%s\trss\trecord\t%s\n' "$n" "$bytes" \
            "$(peak_kib "$ATTAIN" --file "$rec" --as-of $AS_OF record $GOAL 1 --date $AS_OF)"
        printf '%s\t%s\trss\tprobe-rewrite\t%s\n' "$n" "$bytes" "$(peak_kib "$FLOOR" probe-rewrite "$rew")"
        printf '%s\t%s\trss\timport\t%s\n' "$n" "$bytes" \
            "$(peak_kib "$ATTAIN" --file "$imp" --as-of $AS_OF import "$csv")"
        if [ "$n" = "$LARGEST" ]; then
            cp -f "$WORK/empty.json" "$all"
            printf '%s\t%s\trss\timport-all\t%s\n' "$n" "$bytes" \
                "$(peak_kib "$ATTAIN" --file "$all" --as-of $AS_OF import "$export_csv")"
            printf '%s\t%s\tall-bytes\t%s\n' "$n" "$bytes" "$(stat -c %s "$all")"
        fi
    } >>"$ROWS"
    rm -f "$data" "$rec" "$rew" "$imp" "$csv" "$export_csv" "${all:-}"
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
ELAPSED=$SECONDS

TABLES=$(python3 "$ROOT/benches/support/summarize.py" "$ROWS")
{
    echo "# attain whole-command benchmark"
    echo
    echo "Generated by \`benches/run.sh\`; do not edit by hand. Raw hyperfine exports: \`benches/results/\`."
    echo
    echo "- attain at $REVISION"
    echo "- started $STARTED, took ${ELAPSED} s; seed $SEED; as-of $AS_OF"
    echo "- record: \`attain record $GOAL 1 --date $AS_OF\`; import: \`attain import\` of a $IMPORT_ROWS-row CSV (the newest rows of the file's own \`attain export --format csv\`, each with a new CRM ref, so every row adds a result); import-all: the whole export into the same people, teams and goals without results; goal-import: a 10,000-goal plan (30 people, 2 metrics, monthly goals) into that file"
    echo "- data: format 2 with history on (\`gen_data\`: the setup's person and team adds, one \`goal import\` entry per quota plan, one \`import\` entry per 1,000 results listing their ids); every write appends an entry"
    echo "- $(nproc) CPUs ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n1)), $(hyperfine --version), rustc $(rustc --version | cut -d' ' -f2)"
    echo "- load average before: $LOAD_BEFORE; after: $LOAD_AFTER (other work on the machine shows up as noise in wall-clock times)"
    echo "- probe: read + \`serde_json::from_slice\` into typed results (owned strings, f64 values; other records borrowed raw) + sums per owner and metric; probe-rewrite: the probe + attain's layout to a temp file in the same folder + fsync + rename + fsync the folder; scan: serde_json with \`IgnoredAny\`, context only; every write restores its copy (cp + sync) before each run"
    echo
    echo "$TABLES"
} >"$RESULTS_MD"

echo
echo "$TABLES"
echo
say "wrote $RESULTS_MD and $EXPORTS/ in ${ELAPSED} s"
