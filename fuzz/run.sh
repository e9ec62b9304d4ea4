#!/usr/bin/env bash
# Runs attain's cargo-fuzz targets for a bounded time each and prints one
# summary line per target.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     # default: 30 s, every target
#   fuzz/run.sh --runs N [TARGET...]                 # N executions per target instead
#   FUZZ_RUNS=N fuzz/run.sh ...                      # the same, from the environment
#
# With both SECONDS and --runs, whichever bound comes first stops a target.
# Each target's seeds (fuzz/seeds/<target>, committed) are copied into its
# working corpus (fuzz/corpus/<target>, ignored by git), which keeps what
# libFuzzer finds between runs. Crashes land in fuzz/artifacts/<target>/.
#
# Exit status: 0 when nothing was found, 1 when a target found a crash (or
# its run failed), 2 for a usage error or a fuzz build that fails. Without a
# nightly toolchain or cargo-fuzz it prints "fuzzing skipped: <why>" and
# exits 0, so CI can call it unconditionally.
set -euo pipefail

FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$FUZZ_DIR")"
cd "$ROOT"

usage() {
    sed -n '2,17p' "$FUZZ_DIR/run.sh" | sed 's/^# \{0,1\}//'
}

seconds=""
runs="${FUZZ_RUNS:-}"
targets=()
while (($#)); do
    case "$1" in
        -h | --help)
            usage
            exit 0
            ;;
        --runs)
            [[ $# -ge 2 ]] || { echo "run.sh: --runs needs a number" >&2; exit 2; }
            runs="$2"
            shift 2
            continue
            ;;
        --runs=*) runs="${1#--runs=}" ;;
        -*)
            echo "run.sh: unknown option $1 (see --help)" >&2
            exit 2
            ;;
        *)
            if [[ -z "$seconds" && ${#targets[@]} -eq 0 && "$1" =~ ^[0-9]+$ ]]; then
                seconds="$1"
            else
                targets+=("$1")
            fi
            ;;
    esac
    shift
done
if [[ -n "$runs" && ! "$runs" =~ ^[0-9]+$ ]]; then
    echo "run.sh: --runs/FUZZ_RUNS must be a whole number, not '$runs'" >&2
    exit 2
fi
if [[ -z "$seconds" && -z "$runs" ]]; then
    seconds=30
fi

all_targets=()
for file in "$FUZZ_DIR"/fuzz_targets/*.rs; do
    name="$(basename "$file" .rs)"
    all_targets+=("$name")
done
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=("${all_targets[@]}")
fi
for target in "${targets[@]}"; do
    if [[ ! -f "$FUZZ_DIR/fuzz_targets/$target.rs" ]]; then
        echo "run.sh: no fuzz target '$target'; the targets are: ${all_targets[*]}" >&2
        exit 2
    fi
done

skip() {
    echo "fuzzing skipped: $*"
    exit 0
}
command -v cargo >/dev/null 2>&1 || skip "cargo is not installed"
if command -v rustup >/dev/null 2>&1; then
    rustup toolchain list 2>/dev/null | grep -q '^nightly' ||
        skip "no nightly toolchain (rustup toolchain list shows none); cargo fuzz needs nightly"
fi
cargo +nightly --version >/dev/null 2>&1 || skip "cargo +nightly does not run"
cargo +nightly fuzz --version >/dev/null 2>&1 ||
    skip "cargo-fuzz is not installed (cargo install cargo-fuzz --locked)"

# The review_document target writes each input to one scratch file per
# process (Answers::from_source reads a path); remove them when done.
cleanup() {
    rm -f /dev/shm/attain-fuzz-review-*.json "${TMPDIR:-/tmp}"/attain-fuzz-review-*.json
}
trap cleanup EXIT

LOGS="$FUZZ_DIR/target/run-logs"
mkdir -p "$LOGS"

echo "building the fuzz targets (cargo +nightly fuzz build)..."
if ! cargo +nightly fuzz build >"$LOGS/build.log" 2>&1; then
    tail -n 40 "$LOGS/build.log" >&2
    echo "run.sh: the fuzz targets do not build; the whole log is $LOGS/build.log" >&2
    exit 2
fi

# The crash-like files libFuzzer writes into an artifacts folder.
artifacts_of() {
    local dir="$FUZZ_DIR/artifacts/$1"
    [[ -d "$dir" ]] || return 0
    find "$dir" -maxdepth 1 -type f \
        \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) \
        -printf '%f\n' | sort
}

bound=()
[[ -n "$seconds" ]] && bound+=("-max_total_time=$seconds")
[[ -n "$runs" ]] && bound+=("-runs=$runs")

summary=()
total_execs=0
total_secs=0
total_found=0
failed=0
for target in "${targets[@]}"; do
    corpus="fuzz/corpus/$target"
    seeds="fuzz/seeds/$target"
    mkdir -p "$corpus" "$seeds"
    cp -Rf "$seeds"/. "$corpus"/
    before="$(artifacts_of "$target")"
    log="$LOGS/$target.log"
    echo "fuzzing $target (${bound[*]})..."
    start=$SECONDS
    status=0
    cargo +nightly fuzz run "$target" "$corpus" "$seeds" -- \
        "${bound[@]}" -print_final_stats=1 >"$log" 2>&1 || status=$?
    elapsed=$((SECONDS - start))
    # libFuzzer's own "Done N runs in S second(s)", which leaves out a
    # rebuild that cargo fuzz run may do first; the wall time otherwise.
    fuzzed="$(sed -n 's/^Done [0-9]* runs in \([0-9][0-9]*\) second.*/\1/p' "$log" | tail -n 1)"
    elapsed="${fuzzed:-$elapsed}"
    execs="$(sed -n 's/^stat::number_of_executed_units: *\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)"
    execs="${execs:-0}"
    new="$(comm -13 <(printf '%s\n' "$before" | sed '/^$/d') \
        <(artifacts_of "$target" | sed '/^$/d'))"
    found=0
    if [[ -n "$new" ]]; then
        found="$(printf '%s\n' "$new" | wc -l | tr -d ' ')"
    fi
    note=""
    if ((found > 0)); then
        note="  <- see fuzz/artifacts/$target/; reproduce: cargo +nightly fuzz run $target fuzz/artifacts/$target/$(printf '%s\n' "$new" | head -n 1)"
        grep -m 3 -E "panicked at|^==[0-9]+==ERROR|^SUMMARY" "$log" | sed 's/^/    /' || true
    elif ((status != 0)); then
        note="  <- the run failed (exit $status) with no artifact; see $log"
        tail -n 20 "$log" | sed 's/^/    /' >&2
        failed=$((failed + 1))
    fi
    summary+=("$(printf '%-16s %6ss %12s execs %3s findings%s' \
        "$target" "$elapsed" "$execs" "$found" "$note")")
    total_execs=$((total_execs + execs))
    total_secs=$((total_secs + elapsed))
    total_found=$((total_found + found))
done

echo
printf '%s\n' "${summary[@]}"
printf '%-16s %6ss %12s execs %3s findings (%d targets; logs in %s)\n' \
    "total" "$total_secs" "$total_execs" "$total_found" "${#targets[@]}" "${LOGS#"$ROOT"/}"

if ((total_found > 0 || failed > 0)); then
    exit 1
fi
exit 0
