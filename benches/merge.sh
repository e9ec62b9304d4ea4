#!/usr/bin/env bash
# Whole-command benchmark of `attain merge-driver`: two branches of a
# 100,000-result file, each adding 1,000 results (a day's CRM import of its
# own), merged as git merges them (the driver writes over OURS). Target
# (issue 14): under 1 s. `git merge-file` on the same three files (a line
# merge, which conflicts here) is context.
#
#   benches/merge.sh
#
# Environment:
#   ATTAIN_BENCH_RESULTS  results in the base file   (default 100000)
#   ATTAIN_BENCH_ADDED    results each branch adds   (default 1000)
#   ATTAIN_BENCH_SEED     generator seed             (default 42)
#
# Writes benches/results/merge-RESULTS.json (hyperfine's export).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
RESULTS=${ATTAIN_BENCH_RESULTS:-100000}
ADDED=${ATTAIN_BENCH_ADDED:-1000}
SEED=${ATTAIN_BENCH_SEED:-42}
AS_OF=2026-11-27

say() { printf '==> %s\n' "$*" >&2; }

command -v hyperfine >/dev/null || {
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get install -y hyperfine >/dev/null ||
        { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y hyperfine >/dev/null; }
}

say "building release binaries"
cargo build --release --bin attain --example gen_data
TARGET=$(cargo metadata --no-deps --format-version 1 |
    grep -o '"target_directory":"[^"]*"' | cut -d'"' -f4)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/attain-merge-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/bin"
cp "$TARGET/release/attain" "$TARGET/release/examples/gen_data" "$WORK/bin/"
ATTAIN="$WORK/bin/attain"

say "generating $RESULTS results (seed $SEED)"
"$WORK/bin/gen_data" --results "$RESULTS" --seed "$SEED" --out "$WORK/base.json"
# Each branch imports ADDED rows of its own: the newest rows of the file's
# CSV export, each with a new CRM ref (the last column), so every row adds
# a result with a new random id.
"$ATTAIN" --file "$WORK/base.json" --as-of $AS_OF export --format csv >"$WORK/export.csv"
for side in ours theirs; do
    {
        head -n 1 "$WORK/export.csv"
        tail -n "$ADDED" "$WORK/export.csv" |
            awk -v side="$side" '{ sub(/,[^,]*$/, sprintf(",CRM-%s-%07d", side, NR)); print }'
    } >"$WORK/$side.csv"
    cp "$WORK/base.json" "$WORK/$side.json"
    "$ATTAIN" --file "$WORK/$side.json" --as-of $AS_OF --quiet import "$WORK/$side.csv"
done
# The merge must be clean and hold both branches' results.
cp "$WORK/ours.json" "$WORK/merged.json"
"$ATTAIN" merge-driver "$WORK/base.json" "$WORK/merged.json" "$WORK/theirs.json" attain.json
count() { grep -c '^    {"id":"[0-9a-z]*","owner"' "$1"; }
[ "$(count "$WORK/merged.json")" -eq $((RESULTS + 2 * ADDED)) ] ||
    { say "the merge holds $(count "$WORK/merged.json") results, not $((RESULTS + 2 * ADDED))"; exit 1; }
say "base $(stat -c %s "$WORK/base.json") bytes; merged $(count "$WORK/merged.json") results"
sync

mkdir -p "$ROOT/benches/results"
hyperfine --shell=none --style basic --runs 10 --warmup 2 \
    --export-json "$ROOT/benches/results/merge-$RESULTS.json" \
    --prepare "cp -f $WORK/ours.json $WORK/merged.json" \
    --command-name "attain merge-driver" \
    "$ATTAIN merge-driver $WORK/base.json $WORK/merged.json $WORK/theirs.json attain.json" \
    --prepare "cp -f $WORK/ours.json $WORK/merged.json" \
    --command-name "git merge-file (line merge, context)" \
    --ignore-failure \
    "git merge-file $WORK/merged.json $WORK/base.json $WORK/theirs.json"
