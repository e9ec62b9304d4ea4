//! In-process phases of `attain report` and `attain record`, to see where
//! the whole-command time measured by `benches/run.sh` goes:
//!
//! ```text
//! cargo bench --features bench --bench store    # 100k results
//! ATTAIN_BENCH_RESULTS=1000000 cargo bench --features bench --bench store
//! ```
//!
//! criterion is an optional dependency behind the `bench` feature, so that
//! `cargo test` does not build it.
//!
//! `floor/*` are serde_json alone on the same bytes: `scan` checks the
//! syntax and builds nothing, `value` builds a `serde_json::Value`.

use std::hint::black_box;
use std::time::Duration;

use attain::commands::evaluate_goals;
use attain::domain::filter::FilterSpec;
use attain::store::{Document, Store};
use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde::de::IgnoredAny;

#[path = "support/datagen.rs"]
mod datagen;

fn phases(c: &mut Criterion) {
    let count = std::env::var("ATTAIN_BENCH_RESULTS")
        .ok()
        .and_then(|n| n.replace('_', "").parse().ok())
        .unwrap_or(100_000);
    let document = datagen::generate(count, 42);
    assert!(document.goal(datagen::RECORD_GOAL).is_some());
    let bytes = document.to_bytes().expect("the document encodes");
    let folder = tempfile::tempdir().expect("a temp folder");
    let path = folder.path().join("attain.json");
    std::fs::write(&path, &bytes).expect("write the data file");
    let store = Store::new(path);
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 27).expect("valid date");

    let mut group = c.benchmark_group(format!("{count}-results"));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("floor/scan", |b| {
        b.iter(|| serde_json::from_slice::<IgnoredAny>(black_box(&bytes)).expect("JSON"));
    });
    group.bench_function("floor/value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).expect("JSON"));
    });
    group.bench_function("attain/parse", |b| {
        b.iter(|| serde_json::from_slice::<Document>(black_box(&bytes)).expect("attain data"));
    });
    group.bench_function("attain/load (read+parse+validate)", |b| {
        b.iter(|| store.load().expect("attain data"));
    });
    group.bench_function("attain/validate", |b| {
        b.iter(|| black_box(&document).validate().expect("valid"));
    });
    group.bench_function("attain/evaluate_goals", |b| {
        b.iter(|| {
            evaluate_goals(black_box(&document), &FilterSpec::default(), as_of)
                .expect("evaluates")
                .len()
        });
    });
    group.bench_function("attain/to_bytes", |b| {
        b.iter(|| black_box(&document).to_bytes().expect("encodes"));
    });
    group.finish();
}

criterion_group!(benches, phases);
criterion_main!(benches);
