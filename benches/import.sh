#!/usr/bin/env bash
# Whole-command benchmark of `attain import`: 100k CSV rows (and the same
# rows as JSON Lines) into a file holding their goals, and the re-import
# that finds every row already there. Target (issue 5): under 2 s.
#
#   benches/import.sh
#
# Environment:
#   ATTAIN_BENCH_ROWS   rows to import          (default 100000)
#   ATTAIN_BENCH_SEED   generator seed          (default 42)
#
# The rows come from the same seeded generator as benches/run.sh (360
# goals: reps and teams, five quarters; values with cents, notes with
# commas and quotes, CRM refs), exported with `attain export --format csv`.
# Writes benches/results/import-ROWS.json (hyperfine's export).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
ROWS=${ATTAIN_BENCH_ROWS:-100000}
SEED=${ATTAIN_BENCH_SEED:-42}
AS_OF=2026-11-27

say() { printf '==> %s\n' "$*" >&2; }

command -v hyperfine >/dev/null || {
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get install -y hyperfine >/dev/null
}

say "building release binaries"
cargo build --release --bin attain --example gen_data
TARGET=$(cargo metadata --no-deps --format-version 1 |
    grep -o '"target_directory":"[^"]*"' | cut -d'"' -f4)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/attain-import-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/bin"
cp "$TARGET/release/attain" "$TARGET/release/examples/gen_data" "$WORK/bin/"
ATTAIN="$WORK/bin/attain"

say "generating $ROWS results (seed $SEED) and exporting them as CSV and JSON Lines"
"$WORK/bin/gen_data" --results "$ROWS" --seed "$SEED" --out "$WORK/full.json"
"$ATTAIN" --file "$WORK/full.json" --as-of $AS_OF export --format csv >"$WORK/rows.csv"
"$ATTAIN" --file "$WORK/full.json" --as-of $AS_OF export --format jsonl >"$WORK/rows.jsonl"
# The goals without their results: the file's layout has one result per
# line between `"results": [` and `],`, and one history entry per line
# between `"history": [` and `]`; the entries of the generated CRM imports
# (which list the ids of results no longer there) go too, the setup's and
# the quota plans' stay.
awk '/^  "results": \[\]/ { print; next }
     /^  "results": \[/ { print "  \"results\": [],"; skip = 1; next }
     skip && /^  \],?$/ { skip = 0; next }
     skip { next }
     /^  "history": \[/ { history = 1; print; next }
     history && /^    \{/ {
         if ($0 !~ /"changes":\{"results":/) { sub(/,$/, ""); kept[++k] = $0 }
         next
     }
     history && /^  \]/ {
         for (i = 1; i <= k; i++) print kept[i] (i < k ? "," : "")
         history = 0
     }
     { print }' "$WORK/full.json" >"$WORK/goals.json"
"$ATTAIN" --file "$WORK/goals.json" --as-of $AS_OF report --format json >/dev/null
say "$(wc -l <"$WORK/rows.csv") CSV lines ($(stat -c %s "$WORK/rows.csv") bytes) into $(grep -c '"id":"' "$WORK/goals.json") goals"

# The re-import target: the goals with every row already imported.
cp "$WORK/goals.json" "$WORK/again.json"
"$ATTAIN" --file "$WORK/again.json" --as-of $AS_OF --quiet import "$WORK/rows.csv"
sync

mkdir -p "$ROOT/benches/results"
hyperfine --shell=none --style basic --runs 10 --warmup 2 \
    --export-json "$ROOT/benches/results/import-$ROWS.json" \
    --prepare "sh -c 'cp -f $WORK/goals.json $WORK/target.json && sync'" \
    --command-name "import-csv" \
    "$ATTAIN --file $WORK/target.json --as-of $AS_OF import $WORK/rows.csv" \
    --prepare "sh -c 'cp -f $WORK/goals.json $WORK/target.json && sync'" \
    --command-name "import-jsonl" \
    "$ATTAIN --file $WORK/target.json --as-of $AS_OF import $WORK/rows.jsonl" \
    --prepare "sh -c 'cp -f $WORK/again.json $WORK/target.json && sync'" \
    --command-name "reimport-csv" \
    "$ATTAIN --file $WORK/target.json --as-of $AS_OF import $WORK/rows.csv" \
    >&2

# Medians from hyperfine's export.
python3 - "$ROOT/benches/results/import-$ROWS.json" "$ROWS" <<'EOF'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
print(f"\n| command ({sys.argv[2]} rows) | median ms | min ms | max ms | target |")
print("|---|---:|---:|---:|---|")
for r in runs:
    median = r["median"] * 1000
    verdict = "ok" if median < 2000 else "**MISSED** (2 s)"
    print(f"| {r['command']} | {median:.1f} | {r['min'] * 1000:.1f} | {r['max'] * 1000:.1f} | {verdict} |")
EOF
