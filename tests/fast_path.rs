//! The fast reader (results parsed by hand, on every core) and the general
//! reader (serde over the whole file) agree: on random documents, on any
//! change to their bytes, and in what the binary reports.

mod common;

use attain::domain::amount::Amount;
use attain::domain::goal::Record;
use attain::domain::ids::ResultId;
use attain::store::Document;
use attain::store::fast;
use chrono::NaiveDate;
use common::TestEnv;
use proptest::prelude::*;

fn record() -> impl Strategy<Value = Record> {
    (
        (0u64..u64::MAX, 0usize..3),
        prop::sample::select(vec!["ana", "bo", "zoë", "team-east"]),
        prop::sample::select(vec!["revenue", "deals-won", "csat"]),
        (0u32..3000, -99_999_999i64..99_999_999, 0u32..7),
        prop::option::of("\\PC{0,12}|[\"\\\\\u{1}a]{0,4}"),
        prop::option::of("[A-Z]{3}-[0-9]{1,5}"),
        prop::option::of(prop::sample::select(vec!["g1", "g2"])),
    )
        .prop_map(
            |((bits, kind), owner, metric, (day, units, scale), note, reference, goal)| {
                let id = match kind {
                    0 => ResultId::from_bits(bits),
                    _ => ResultId((bits % 10_000).to_string().into()),
                };
                Record {
                    id,
                    owner: owner.into(),
                    metric: metric.into(),
                    date: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
                        + chrono::Days::new(day.into()),
                    value: Amount(rust_decimal::Decimal::new(units, scale)),
                    note: note.map(Into::into),
                    reference: reference.map(Into::into),
                    goal: goal.map(Into::into),
                }
            },
        )
}

fn document(records: Vec<Record>) -> Document {
    let mut document = Document {
        results: records,
        ..Document::default()
    };
    document.results.sort_by(|a, b| a.id.cmp(&b.id));
    document.results.dedup_by(|a, b| a.id == b.id);
    document
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn the_fast_reader_reads_what_attain_writes_as_the_general_one_does(
        records in prop::collection::vec(record(), 1..60)
    ) {
        let document = document(records);
        let bytes = document.to_bytes().unwrap();
        let general: Document = serde_json::from_slice(&bytes).unwrap();
        prop_assert_eq!(&general, &document);
        prop_assert_eq!(fast::decode(&bytes), Some(general));
    }

    #[test]
    fn on_any_changed_byte_the_fast_reader_agrees_or_steps_aside(
        records in prop::collection::vec(record(), 1..8),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let mut bytes = document(records).to_bytes().unwrap();
        let i = at.index(bytes.len());
        bytes[i] = byte;
        // Either it declines (the general reader then decides), or it
        // reads exactly what the general reader reads.
        if let Some(fast) = fast::decode(&bytes) {
            let general: Result<Document, _> = serde_json::from_slice(&bytes);
            prop_assert!(general.is_ok(), "the fast reader accepted what serde refuses");
            prop_assert_eq!(fast, general.unwrap());
        }
    }
}

/// A file big enough to be split across threads reports the same through
/// the fast reader as the same data in another layout, which only the
/// general reader takes; and a record written on top reads back.
#[test]
fn the_binary_reports_the_same_through_either_reader() {
    let env = TestEnv::new();
    env.ok(&["init"]);
    env.ok(&["person", "add", "ana"]);
    env.ok(&["person", "add", "bo"]);
    env.ok(&["team", "add", "east", "--member", "ana", "--member", "bo"]);
    env.ok(&[
        "goal", "add", "east-q3", "--owner", "east", "--target", "5M", "--period", "2026-Q3",
    ]);
    env.ok(&[
        "goal", "add", "ana-q3", "--owner", "ana", "--target", "1M", "--period", "2026-Q3",
    ]);
    let mut csv = String::from("owner,metric,date,value,note\n");
    for i in 0..12_000 {
        let owner = ["ana", "bo"][i % 2];
        // Every other note has quotes and a backslash (escaped in JSON).
        let note = if i % 2 == 0 {
            "deal, \"\"big\"\" \\ é"
        } else {
            "deal é"
        };
        csv.push_str(&format!(
            "{owner},revenue,2026-{:02}-{:02},{}.{:02},\"{note} {i}\"\n",
            7 + i % 3,
            1 + i % 28,
            100 + i,
            i % 100
        ));
    }
    let input = env.dir().join("deals.csv");
    std::fs::write(&input, csv).unwrap();
    env.ok(&["import", input.to_str().unwrap()]);
    let canonical = env.bytes();
    assert!(canonical.len() > 1 << 20, "big enough to split");
    let fast = env.json_out(&["report"]);

    // The same data, compact: not attain's layout, so the general reader.
    let value: serde_json::Value = serde_json::from_slice(&canonical).unwrap();
    env.write(&serde_json::to_string(&value).unwrap());
    let general = env.json_out(&["report"]);
    assert_eq!(fast, general);
    assert!(fast["goals"][0]["actual"].is_number(), "{fast}");

    // A write through the general reader gives attain's layout back; one
    // through the fast reader leaves a file the general reader reads as
    // the document the fast one read.
    env.ok(&["record", "ana-q3", "1", "--date", "2026-09-30"]);
    let after: Document = serde_json::from_slice(&env.bytes()).unwrap();
    assert_eq!(fast::decode(&env.bytes()), Some(after));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// The results are written by hand: byte for byte what serde writes.
    #[test]
    fn a_result_line_is_written_as_serde_writes_it(record in record()) {
        let mut by_hand = Vec::new();
        attain::store::schema::write_record(&mut by_hand, &record);
        let by_serde = serde_json::to_vec(&record).unwrap();
        prop_assert_eq!(String::from_utf8(by_hand).unwrap(), String::from_utf8(by_serde).unwrap());
    }
}

#[test]
fn dates_outside_four_digit_years_are_written_as_serde_writes_them() {
    for (y, m, d) in [
        (999, 1, 2),
        (10_000, 12, 31),
        (-5, 3, 4),
        (1000, 1, 1),
        (9999, 12, 31),
    ] {
        let mut record: Record = serde_json::from_str(
            r#"{"id":"1","owner":"ana","metric":"m","date":"2026-07-01","value":1}"#,
        )
        .unwrap();
        record.date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let mut by_hand = Vec::new();
        attain::store::schema::write_record(&mut by_hand, &record);
        assert_eq!(by_hand, serde_json::to_vec(&record).unwrap(), "{y}-{m}-{d}");
    }
}
