#!/usr/bin/env bash
# CI entry point for fuzzing: 15 s per target when the tools are there,
# "fuzzing skipped: <why>" and exit 0 when they are not.
#
#   bash fuzz/ci.sh            # from any directory
#
# Installs cargo-fuzz from crates.io when it is missing; needs a nightly
# toolchain already installed (rustup toolchain list). Exits as fuzz/run.sh
# does: 1 when a target found a crash, 2 when the targets do not build.
set -euo pipefail

FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

skip() {
    echo "fuzzing skipped: $*"
    exit 0
}

command -v cargo >/dev/null 2>&1 || skip "cargo is not installed"
command -v rustup >/dev/null 2>&1 || skip "rustup is not installed, so no nightly toolchain"
rustup toolchain list 2>/dev/null | grep -q '^nightly' ||
    skip "no nightly toolchain (rustup toolchain list shows none); cargo fuzz needs nightly"

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz (cargo install cargo-fuzz --locked)..."
    install_log="$(mktemp)"
    if ! cargo install cargo-fuzz --locked --quiet >"$install_log" 2>&1; then
        tail -n 5 "$install_log" | sed 's/^/    /'
        rm -f "$install_log"
        skip "cargo install cargo-fuzz failed"
    fi
    rm -f "$install_log"
    cargo +nightly fuzz --version >/dev/null 2>&1 ||
        skip "cargo-fuzz was installed but cargo +nightly fuzz does not run"
fi

exec bash "$FUZZ_DIR/run.sh" 15
