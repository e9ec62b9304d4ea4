#!/usr/bin/env bash
# Whole-command benchmark of `attain report`, `attain record` and `attain
# import` (a 1,000-row CSV) against the floors any program reading the same
# file must pay, at 10k, 100k and 1M results. The data is format 2 with
# history on: gen_data writes the history attain would have (setup, quota
# plans, one import entry per 1,000 results listing their ids), and record
# and import each append an entry. Regenerates benches/RESULTS.md and
# benches/results/*.json.
#
#   benches/run.sh
#
# Environment:
#   ATTAIN_BENCH_SIZES  result counts to run   (default "10000 100000 1000000")
#   ATTAIN_BENCH_SEED   generator seed         (default 42)
#   ATTAIN_BENCH_IMPORT_ROWS  rows in the imported CSV (default 1000)
#   ATTAIN_BENCH_KEEP   1 keeps the temp folder with the data files
#
# Targets (issue): report <= 1.3x floor parse, record and import <= 1.3x
# floor rewrite, peak RSS < 3x the file size, time linear in the number of
# results.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=${ATTAIN_BENCH_SIZES:-"10000 100000 1000000"}
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
git diff --quiet HEAD -- src Cargo.toml 2>/dev/null || REVISION="$REVISION + uncommitted changes to src/"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
SECONDS=0

# Peak resident set of one run, in KiB.
peak_kib() {
    /usr/bin/time -f %M -o "$WORK/rss" "$@" >/dev/null 2>"$WORK/rss.err" ||
        { cat "$WORK/rss.err" >&2; return 1; }
    tail -n1 "$WORK/rss"
}

# One row per size and measure, read back by summarize().
ROWS=$WORK/rows.tsv
: >"$ROWS"

# What attain and the floor take with almost no data (binary, libc, clap):
# the part of peak memory that does not grow with the file.
"$GEN" --results 10 --seed "$SEED" --out "$WORK/base.json" 2>/dev/null
printf 'base\t%s\trss\t%s\t%s\n' "$(stat -c %s "$WORK/base.json")" \
    "$(peak_kib "$ATTAIN" --file "$WORK/base.json" --as-of $AS_OF report --format json)" \
    "$(peak_kib "$FLOOR" parse "$WORK/base.json")" >>"$ROWS"

for n in $SIZES; do
    data=$WORK/data-$n.json
    say "generating $n results (seed $SEED)"
    "$GEN" --results "$n" --seed "$SEED" --out "$data"
    bytes=$(stat -c %s "$data")
    rec=$WORK/record-$n.json
    rew=$WORK/rewrite-$n.json
    imp=$WORK/import-$n.json
    cp "$data" "$rec"
    cp "$data" "$rew"
    cp "$data" "$imp"
    # How much of the file is history: from `"history": [` to the end.
    printf '%s\t%s\thist\t%s\t%s\n' "$n" "$bytes" "$(grep -c '^    {"seq":' "$data")" \
        "$(sed -n '/^  "history": \[/,$p' "$data" | wc -c)" >>"$ROWS"
    # The rows to import: the newest IMPORT_ROWS rows of the file's own CSV
    # export (owners, metrics, dates, values and notes as the data has
    # them), each given a new CRM ref (the last column) so that every row
    # adds a result, as a day's CRM export does.
    csv=$WORK/import-$n.csv
    "$ATTAIN" --file "$data" --as-of $AS_OF export --format csv >"$WORK/export.csv"
    {
        head -n 1 "$WORK/export.csv"
        tail -n "$IMPORT_ROWS" "$WORK/export.csv" |
            awk '{ sub(/,[^,]*$/, sprintf(",CRM-9%07d", NR)); print }'
    } >"$csv"
    rm -f "$WORK/export.csv"
    # Let the write-back of the new files finish now, not during the first
    # benchmark (it showed up as +300 ms on the first command at 1M).
    sync

    if [ "$n" -ge 1000000 ]; then
        runs=(--runs 10 --warmup 2)
    elif [ "$n" -ge 100000 ]; then
        runs=(--runs 20 --warmup 3)
    else
        runs=(--runs 50 --warmup 5)
    fi

    # Restore the written copies before every timed run, so each run starts
    # from the same bytes, and flush them so the copy's write-back does not
    # land inside the timed fsync.
    restore_rec="sh -c 'cp -f $data $rec && sync'"
    restore_rew="sh -c 'cp -f $data $rew && sync'"
    restore_imp="sh -c 'cp -f $data $imp && sync'"
    report="$ATTAIN --file $data --as-of $AS_OF report"
    say "hyperfine, $n results ($bytes bytes)"
    hyperfine --shell=none --style basic "${runs[@]}" \
        --export-json "$EXPORTS/hyperfine-$n.json" \
        --export-csv "$WORK/hyperfine-$n.csv" \
        --prepare true --command-name "report-json" "$report --format json" \
        --prepare true --command-name "report-table" "$report --format table" \
        --prepare true --command-name "floor-parse" "$FLOOR parse $data" \
        --prepare true --command-name "floor-scan" "$FLOOR scan $data" \
        --prepare "$restore_rec" --command-name "record" \
        "$ATTAIN --file $rec --as-of $AS_OF record $GOAL 1 --date $AS_OF" \
        --prepare "$restore_rew" --command-name "floor-rewrite" "$FLOOR rewrite $rew" \
        --prepare "$restore_imp" --command-name "import" \
        "$ATTAIN --file $imp --as-of $AS_OF import $csv" \
        >&2

    # command,mean,stddev,median,user,system,min,max
    tail -n +2 "$WORK/hyperfine-$n.csv" | while IFS=, read -r name _mean _sd median user system _min _max; do
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$bytes" "$name" "$median" "$user" "$system" >>"$ROWS"
    done

    say "peak memory, $n results"
    cp -f "$data" "$rec"
    cp -f "$data" "$rew"
    cp -f "$data" "$imp"
    printf '%s\t%s\trss\t%s\t%s\t%s\t%s\t%s\n' "$n" "$bytes" \
        "$(peak_kib $report --format json)" \
        "$(peak_kib "$FLOOR" parse "$data")" \
        "$(peak_kib "$ATTAIN" --file "$rec" --as-of $AS_OF record $GOAL 1 --date $AS_OF)" \
        "$(peak_kib "$FLOOR" rewrite "$rew")" \
        "$(peak_kib "$ATTAIN" --file "$imp" --as-of $AS_OF import "$csv")" >>"$ROWS"
    rm -f "$data" "$rec" "$rew" "$imp" "$csv"
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
ELAPSED=$SECONDS

# --- summary -----------------------------------------------------------------
summarize() {
    awk -F'\t' '
    function ms(s) { return sprintf("%.1f", s * 1000) }
    function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "n/a" }
    function mb(b) { return sprintf("%.1f", b / 1e6) }
    function mark(ok) { return ok ? "ok" : "**MISSED**" }
    $1 == "base" { base_attain = $4; base_floor = $5; next }
    $3 == "rss" {
        rss[$1, "report"] = $4; rss[$1, "parse"] = $5; rss[$1, "record"] = $6; rss[$1, "rewrite"] = $7
        rss[$1, "import"] = $8
        next
    }
    $3 == "hist" { entries[$1] = $4; hbytes[$1] = $5; next }
    {
        if (!($1 in seen)) { seen[$1] = 1; sizes[++count] = $1 }
        bytes[$1] = $2; med[$1, $3] = $4; cpu[$1, $3] = $5 + $6
    }
    END {
        print "### Medians (wall clock, ms)"
        print ""
        print "| results | file MB | history entries | history MB | report json | report table | floor parse | floor scan | record | import | floor rewrite |"
        print "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        for (i = 1; i <= count; i++) {
            n = sizes[i]
            printf "| %d | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |\n", n, mb(bytes[n]),
                entries[n], mb(hbytes[n]),
                ms(med[n, "report-json"]), ms(med[n, "report-table"]), ms(med[n, "floor-parse"]),
                ms(med[n, "floor-scan"]), ms(med[n, "record"]), ms(med[n, "import"]),
                ms(med[n, "floor-rewrite"])
        }
        print ""
        print "### Ratios (targets: report/parse <= 1.3, record/rewrite <= 1.3, import/rewrite <= 1.3)"
        print ""
        print "Wall-clock medians; CPU = mean user+system time, less sensitive to other load on the machine."
        print "`scan` is serde_json with `IgnoredAny` (no tree built): context, not a target."
        print ""
        print "| results | report json / parse | report table / parse | record / rewrite | import / rewrite | CPU: report json / parse | CPU: record / rewrite | CPU: import / rewrite | report json / scan | verdict |"
        print "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
        for (i = 1; i <= count; i++) {
            n = sizes[i]
            rj = med[n, "report-json"] / med[n, "floor-parse"]
            rt = med[n, "report-table"] / med[n, "floor-parse"]
            rr = med[n, "record"] / med[n, "floor-rewrite"]
            ri = med[n, "import"] / med[n, "floor-rewrite"]
            printf "| %d | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s |\n", n, rj, rt, rr, ri,
                ratio(cpu[n, "report-json"], cpu[n, "floor-parse"]),
                ratio(cpu[n, "record"], cpu[n, "floor-rewrite"]),
                ratio(cpu[n, "import"], cpu[n, "floor-rewrite"]),
                ratio(med[n, "report-json"], med[n, "floor-scan"]),
                mark(rj <= 1.3 && rt <= 1.3 && rr <= 1.3 && ri <= 1.3)
        }
        print ""
        base = base_attain * 1024
        print "### Peak memory (max RSS, MB, one run each; target: attain < 3x the file)"
        print ""
        printf "Base: attain report on a 10-result file peaks at %s MB (the floor: %s MB); \"above base\" subtracts it.\n", mb(base), mb(base_floor * 1024)
        print ""
        print "| results | file MB | report | report / file | above base / file | record | record / file | above base / file | import | import / file | above base / file | floor parse | floor rewrite | verdict |"
        print "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
        for (i = 1; i <= count; i++) {
            n = sizes[i]
            r = rss[n, "report"] * 1024; w = rss[n, "record"] * 1024; m = rss[n, "import"] * 1024
            printf "| %d | %s | %s | %.2f | %.2f | %s | %.2f | %.2f | %s | %.2f | %.2f | %s | %s | %s |\n", n, mb(bytes[n]),
                mb(r), r / bytes[n], (r - base) / bytes[n], mb(w), w / bytes[n], (w - base) / bytes[n],
                mb(m), m / bytes[n], (m - base) / bytes[n],
                mb(rss[n, "parse"] * 1024), mb(rss[n, "rewrite"] * 1024),
                mark(r < 3 * bytes[n] && w < 3 * bytes[n] && m < 3 * bytes[n])
        }
        print ""
        print "### Linearity (median ns per result; marginal = extra time / extra results from the previous size)"
        print ""
        print "| results | report json ns/result | marginal | record ns/result | marginal | import ns/result | marginal | floor parse ns/result | marginal |"
        print "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        for (i = 1; i <= count; i++) {
            n = sizes[i]
            line = sprintf("| %d", n)
            split("report-json record import floor-parse", cols, " ")
            for (c = 1; c <= 4; c++) {
                name = cols[c]
                line = line sprintf(" | %.0f", med[n, name] / n * 1e9)
                if (i > 1) {
                    p = sizes[i - 1]
                    line = line sprintf(" | %.0f", (med[n, name] - med[p, name]) / (n - p) * 1e9)
                } else {
                    line = line " | "
                }
            }
            print line " |"
        }
        if (count > 1) {
            a = sizes[count - 1]; b = sizes[count]
            print ""
            printf "Growth from %d to %d results (%.0fx the data): report json %.2fx, record %.2fx, import %.2fx, floor parse %.2fx.\n",
                a, b, b / a, med[b, "report-json"] / med[a, "report-json"],
                med[b, "record"] / med[a, "record"], med[b, "import"] / med[a, "import"],
                med[b, "floor-parse"] / med[a, "floor-parse"]
        }
    }' "$ROWS"
}

TABLES=$(summarize)
{
    echo "# attain whole-command benchmark"
    echo
    echo "Generated by \`benches/run.sh\`; do not edit by hand. Raw hyperfine exports: \`benches/results/\`."
    echo
    echo "- attain at $REVISION"
    echo "- started $STARTED, took ${ELAPSED} s; seed $SEED; as-of $AS_OF; record: \`attain record $GOAL 1 --date $AS_OF\`; import: \`attain import\` of a $IMPORT_ROWS-row CSV (the newest rows of the file's own \`attain export --format csv\`, each with a new CRM ref, so every row adds a result)"
    echo "- data: format 2 with history on (\`gen_data\`: the setup's person and team adds, one \`goal import\` entry per quota plan, one \`import\` entry per 1,000 results listing their ids); record and import each append one entry"
    echo "- $(nproc) CPUs ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n1)), $(hyperfine --version), rustc $(rustc --version | cut -d' ' -f2)"
    echo "- load average before: $LOAD_BEFORE; after: $LOAD_AFTER (other work on the machine shows up as noise in wall-clock times)"
    echo "- floor parse: read + \`serde_json::from_slice::<Value>\` (\`arbitrary_precision\`, as in attain); floor rewrite: parse + serialize in attain's layout + temp file in the same folder + fsync + rename + fsync the folder; record, import and rewrite restore their copy (cp + sync) before every run"
    echo
    echo "$TABLES"
} >"$RESULTS_MD"

echo
echo "$TABLES"
echo
say "wrote $RESULTS_MD and $EXPORTS/ in ${ELAPSED} s"
