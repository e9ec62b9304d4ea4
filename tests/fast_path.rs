//! The fast reader (results parsed by hand, on every core) and the general
//! reader (serde over the whole file) agree: on random documents, on any
//! change to their bytes, and in what the binary reports.

mod common;

use attain::domain::amount::Amount;
use attain::domain::goal::Record;
use attain::domain::ids::Id;
use attain::store::Document;
use attain::store::bytes::FileBytes;
use attain::store::fast;
use attain::store::write::{Verbatim, write_record};
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
                    0 => Id::from_bits(bits),
                    _ => Id((bits % 10_000).to_string().into()),
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

fn document(mut records: Vec<Record>) -> Document {
    records.sort_by(|a, b| a.id.cmp(&b.id));
    records.dedup_by(|a, b| a.id == b.id);
    Document {
        results: records.into(),
        ..Document::default()
    }
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
    // the document the fast one read, written as attain writes it (the
    // untouched lines copied, the new one written).
    env.ok(&["record", "ana-q3", "1", "--date", "2026-09-30"]);
    assert_eq!(env.bytes(), canonical_rewrite(&env.bytes()));
    let after: Document = serde_json::from_slice(&env.bytes()).unwrap();
    assert_eq!(fast::decode(&env.bytes()).as_ref(), Some(&after));
    let one = after.results[after.results.len() / 2]
        .id
        .as_str()
        .to_string();
    let two = after.results[after.results.len() / 3]
        .id
        .as_str()
        .to_string();
    env.ok(&[
        "result",
        "edit",
        &one,
        "--value",
        "7.25",
        "--note",
        "moved \"x\"",
    ]);
    let edited = env.bytes();
    assert_eq!(edited, canonical_rewrite(&edited));
    let line = String::from_utf8(edited.clone())
        .unwrap()
        .lines()
        .find(|line| line.contains(&format!("{{\"id\":\"{one}\"")))
        .map(str::to_string)
        .unwrap();
    assert!(
        line.ends_with(r#""value":7.25,"note":"moved \"x\""},"#),
        "{line}"
    );
    let edit = serde_json::from_slice::<Document>(&edited)
        .unwrap()
        .history
        .last()
        .unwrap()
        .seq;
    env.ok(&["result", "remove", &two]);
    env.ok(&["undo", &edit.to_string()]);
    let bytes = env.bytes();
    assert_eq!(bytes, canonical_rewrite(&bytes));
    let after: Document = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        after.results.len(),
        12_000,
        "the edit undone, the removal kept"
    );
    assert!(after.results.iter().all(|r| r.id.as_str() != two));
    let restored = after.results.iter().find(|r| r.id.as_str() == one).unwrap();
    assert_ne!(restored.note.as_deref(), Some("moved \"x\""));
}

/// The bytes attain writes for the document these bytes hold, read by the
/// general reader.
fn canonical_rewrite(bytes: &[u8]) -> Vec<u8> {
    let document: Document = serde_json::from_slice(bytes).unwrap();
    document.to_bytes().unwrap()
}

/// The file with one number in another spelling of the same amount, as a
/// hand edit or another tool might write it: `kind` picks a trailing zero,
/// an exponent or a plain copy.
fn respell(bytes: &[u8], at: usize, kind: u8) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let results: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("    {\"id\":") && lines[i].contains("\"value\":"))
        .collect();
    let Some(&i) = results.get(at % results.len().max(1)) else {
        return bytes.to_vec();
    };
    let line = &lines[i];
    let start = line.find("\"value\":").unwrap() + 8;
    let end = start + line[start..].find([',', '}']).unwrap();
    let number = &line[start..end];
    let other = match kind % 3 {
        0 if number.contains('.') => format!("{number}00"),
        0 => format!("{number}.0"),
        1 => format!("{number}e0"),
        _ => number.to_string(),
    };
    lines[i] = format!("{}{other}{}", &line[..start], &line[end..]);
    let mut out = lines.join("\n");
    out.push('\n');
    out.into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// When the fast reader says the results' lines are verbatim, each is
    /// the line attain writes for the record read from it: copying it is
    /// writing it. A number spelled another way is never verbatim.
    #[test]
    fn verbatim_lines_are_the_lines_attain_writes(
        records in prop::collection::vec(record(), 1..40),
        at in any::<usize>(),
        kind in any::<u8>(),
    ) {
        let bytes = respell(&document(records).to_bytes().unwrap(), at, kind);
        let Some((read, verbatim)) = fast::read(&bytes) else {
            return Ok(());
        };
        let respelled = bytes != read.to_bytes().unwrap();
        prop_assert_eq!(verbatim.is_some(), !respelled);
        if let Some(section) = verbatim {
            let lines: Vec<&[u8]> = bytes[section].split(|&b| b == b'\n').collect();
            prop_assert_eq!(lines.len(), read.results.len());
            for (line, record) in lines.iter().zip(&read.results) {
                let mut written = b"    ".to_vec();
                write_record(&mut written, record);
                let line = line.strip_suffix(b",").unwrap_or(line);
                prop_assert_eq!(String::from_utf8_lossy(line), String::from_utf8_lossy(&written));
            }
        }
    }

    /// A save that copies the untouched lines writes the same bytes as one
    /// that writes every record, whatever the change added, removed or
    /// edited.
    #[test]
    fn copying_untouched_lines_writes_what_writing_every_line_writes(
        records in prop::collection::vec(record(), 1..40),
        added in prop::collection::vec(record(), 0..5),
        removed in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
        edited in prop::collection::vec((any::<prop::sample::Index>(), -999i64..999), 0..4),
    ) {
        let before = document(records);
        let bytes = before.to_bytes().unwrap();
        let (read, section) = fast::read(&bytes).unwrap();
        prop_assert_eq!(&read, &before);
        let mut after = read.clone();
        let mut touched = std::collections::BTreeSet::new();
        for (at, cents) in edited {
            let record = after.results.get_mut(at.index(before.results.len())).unwrap();
            record.value = Amount(rust_decimal::Decimal::new(cents, 2));
            touched.insert(record.id.clone());
        }
        let gone: Vec<Id> = removed.iter().map(|at| after.results[at.index(after.results.len())].id.clone()).collect();
        after.results.retain(|r| !gone.contains(&r.id));
        for record in added {
            if after.results.iter().all(|r| r.id != record.id) {
                touched.insert(record.id.clone());
                after.results.push(record);
            }
        }
        after.normalize();
        // What the change did, from the lines as from the records before.
        let section = section.unwrap();
        let expected = attain::domain::history::delta(&before.results, &after.results, |r| &r.id);
        prop_assert_eq!(
            attain::store::lines::delta(&bytes[section.clone()], &after.results, &|_| ()),
            Some(expected.clone())
        );
        // And from the results the change noted it touched alone.
        prop_assert_eq!(
            attain::store::lines::delta_of(&bytes[section.clone()], &after.results, before.results.len(), &|_| ()),
            Some(expected)
        );
        let verbatim = Verbatim {
            bytes: FileBytes::Read(bytes.clone()),
            results: Some(section),
            history: None,
            touched: touched.into_iter().collect(),
        };
        let mut written = Vec::new();
        after.write_to(&mut written, Some(&verbatim)).unwrap();
        prop_assert_eq!(String::from_utf8(written).unwrap(), String::from_utf8(after.to_bytes().unwrap()).unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// The results are written by hand: byte for byte what serde writes.
    #[test]
    fn a_result_line_is_written_as_serde_writes_it(record in record()) {
        let mut by_hand = Vec::new();
        attain::store::write::write_record(&mut by_hand, &record);
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
        attain::store::write::write_record(&mut by_hand, &record);
        assert_eq!(by_hand, serde_json::to_vec(&record).unwrap(), "{y}-{m}-{d}");
    }
}

/// A file with a team and two people, each with a goal in 2026-Q3.
fn org_file() -> (TestEnv, Document) {
    let env = TestEnv::new();
    env.ok(&["init"]);
    env.ok(&["person", "add", "ana"]);
    env.ok(&["person", "add", "bo"]);
    env.ok(&["team", "add", "east", "--member", "ana", "--member", "bo"]);
    for (goal, owner, target) in [("east-q3", "east", "500"), ("ana-q3", "ana", "200")] {
        env.ok(&[
            "goal", "add", goal, "--owner", owner, "--target", target, "--period", "2026-Q3",
        ]);
    }
    env.ok(&[
        "goal",
        "add",
        "bo-deals",
        "--owner",
        "bo",
        "--metric",
        "deals-won",
        "--target",
        "5",
        "--period",
        "2026-Q3",
    ]);
    let base = serde_json::from_slice(&env.bytes()).unwrap();
    (env, base)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// On random files, `report --format json` read by the fast path (the
    /// file in attain's layout) equals the general path's (the same data
    /// on one line, which only serde reads).
    #[test]
    fn the_binary_reports_the_same_through_either_reader_on_random_files(
        records in prop::collection::vec(record(), 0..80),
        owners in prop::collection::vec((0usize..3, 0usize..2, 0u32..110), 80),
    ) {
        let (env, mut document) = org_file();
        for (record, (owner, metric, day)) in records.into_iter().zip(owners) {
            let mut record = record;
            record.owner = ["ana", "bo", "east"][owner].into();
            record.metric = ["revenue", "deals-won"][metric].into();
            record.date = NaiveDate::from_ymd_opt(2026, 6, 25).unwrap() + chrono::Days::new(day.into());
            record.goal = None;
            document.results.push(record);
        }
        let results = document.results.as_mut_vec();
        results.sort_by(|a, b| a.id.cmp(&b.id));
        results.dedup_by(|a, b| a.id == b.id);
        let bytes = document.to_bytes().unwrap();
        // (With no results the section is `[]` on one line: nothing to
        // read fast.)
        prop_assert_eq!(fast::decode(&bytes).is_some(), !document.results.is_empty());
        env.write(std::str::from_utf8(&bytes).unwrap());
        let fast = env.json_out(&["report", "--period", "2026-Q3"]);
        let compact: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let compact = serde_json::to_string(&compact).unwrap();
        prop_assert!(fast::decode(compact.as_bytes()).is_none(), "one line takes the general path");
        env.write(&compact);
        let general = env.json_out(&["report", "--period", "2026-Q3"]);
        prop_assert_eq!(&fast, &general);
        prop_assert_eq!(fast["goals"].as_array().map(Vec::len), Some(3));
    }
}

/// A file large enough to be mapped and let go of as it is read (over
/// 4 MiB): a report reads what the general reader reads, and a record and
/// an edit on it write the file attain writes for the document.
#[test]
fn a_large_mapped_file_reads_and_writes_as_a_small_one() {
    let (env, mut document) = org_file();
    for i in 0..55_000u64 {
        document.results.push(Record {
            id: Id::from_bits(i.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            owner: ["ana", "bo", "east"][(i % 3) as usize].into(),
            metric: "revenue".into(),
            date: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap() + chrono::Days::new(i % 92),
            value: Amount(rust_decimal::Decimal::new(i as i64 * 7 + 1, 2)),
            note: (i % 5 == 0).then(|| format!("deal \"{i}\", é").into()),
            reference: (i % 2 == 0).then(|| format!("CRM-{i}").into()),
            goal: None,
        });
    }
    document.normalize();
    let bytes = document.to_bytes().unwrap();
    assert!(bytes.len() > 5 << 20, "mapped: {} bytes", bytes.len());
    env.write(std::str::from_utf8(&bytes).unwrap());
    let fast = env.json_out(&["report", "--period", "2026-Q3"]);
    let compact =
        serde_json::to_string(&serde_json::from_slice::<serde_json::Value>(&bytes).unwrap())
            .unwrap();

    env.ok(&[
        "record",
        "ana-q3",
        "12.5",
        "--date",
        "2026-09-30",
        "--ref",
        "CRM-new",
    ]);
    let middle = document.results[22_222].id.as_str().to_string();
    env.ok(&["result", "edit", &middle, "--value", "3"]);
    let written = env.bytes();
    assert_eq!(written, canonical_rewrite(&written));
    let after: Document = serde_json::from_slice(&written).unwrap();
    assert_eq!(after.results.len(), 55_001);
    let edited = after
        .results
        .iter()
        .find(|r| r.id.as_str() == middle)
        .unwrap();
    assert_eq!(edited.value.to_string(), "3");
    let last = after.history.last().unwrap();
    assert_eq!(
        last.changes.results.changed.len(),
        1,
        "history keeps the value before"
    );
    assert_eq!(last.changes.results.changed[0], document.results[22_222]);

    env.write(&compact);
    assert_eq!(env.json_out(&["report", "--period", "2026-Q3"]), fast);
}

/// A report does not keep the history, but checks it as a write does: a
/// file whose history is out of order is refused by both, with the entry.
#[test]
fn a_report_checks_the_history_it_does_not_keep() {
    let (env, _) = org_file();
    env.ok(&["record", "ana-q3", "1", "--date", "2026-07-01"]);
    let text = String::from_utf8(env.bytes()).unwrap();
    assert!(
        text.contains("\n  \"history\": [\n    {\"seq\":1,"),
        "{text}"
    );
    let broken = text.replacen("{\"seq\":1,", "{\"seq\":9,", 1);
    env.write(&broken);
    for args in [&["report"][..], &["leaderboard"], &["trend", "east"]] {
        let err = env.fails(1, args);
        assert!(
            err.contains("history entry 2 comes after entry 9"),
            "{args:?}: {err}"
        );
    }
    let err = env.fails(1, &["record", "ana-q3", "1", "--date", "2026-07-01"]);
    assert!(err.contains("history entry 2 comes after entry 9"), "{err}");
}

fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?(0|[1-9][0-9]{0,14})(\\.[0-9]{0,6})?",
        "-?[0-9]{1,4}(\\.[0-9]{1,3})?[eE][+-]?[0-9]",
        "-?\\.?[0-9]{1,3}\\.?",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// Telling a line is a record's without writing the record says what
    /// writing it and comparing says: for the record's own line, another
    /// record's, and the line with its number spelled any other way.
    #[test]
    fn a_line_is_told_to_be_a_records_as_writing_it_tells(
        record in record(),
        other in record(),
        number in number_text(),
    ) {
        let mut own = Vec::new();
        write_record(&mut own, &record);
        let mut others = Vec::new();
        write_record(&mut others, &other);
        let text = String::from_utf8(own.clone()).unwrap();
        let start = text.find("\"value\":").unwrap() + 8;
        let end = start + text[start..].find([',', '}']).unwrap();
        let with = |number: &str| format!("{}{number}{}", &text[..start], &text[end..]).into_bytes();
        // The record's own number spelled otherwise, and numbers near it:
        // the point moved, the sign flipped, a zero before or after.
        let own_number = &text[start..end];
        let digits = own_number.trim_start_matches('-');
        let sign = if own_number.starts_with('-') { "" } else { "-" };
        let moved = match digits.split_once('.') {
            Some((whole, fraction)) => format!("{whole}{}.{}", &fraction[..1], &fraction[1..]),
            None => format!("{digits}.5"),
        };
        let mut lines = vec![own.clone(), others, with(&number)];
        for variant in [
            format!("{sign}{digits}"),
            format!("0{own_number}"),
            format!("{own_number}0"),
            format!("{own_number}.0"),
            moved.trim_end_matches('.').to_string(),
            digits.replacen('.', "", 1),
        ] {
            lines.push(with(&variant));
        }
        let mut scratch = Vec::new();
        for line in &lines {
            prop_assert_eq!(
                attain::store::lines::is_line_of(line, &record, &mut scratch),
                **line == own,
                "{}", String::from_utf8_lossy(line)
            );
        }
    }
}

/// The file now, checked to be as attain writes it, with `before`'s
/// history and one entry more.
fn one_entry_on(env: &TestEnv, before: &Document) -> Document {
    let bytes = env.bytes();
    assert_eq!(bytes, canonical_rewrite(&bytes));
    let after: Document = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(after.history.len(), before.history.len() + 1);
    assert_eq!(after.history[..before.history.len()], before.history[..]);
    after
}

/// `record` and an import of rows copy the history's lines as they were
/// read and add their entry; a history line not as attain writes it is
/// kept through the general path instead, and written as attain writes it.
#[test]
fn a_record_copies_the_history_and_adds_its_entry() {
    let (env, _) = org_file();
    env.ok(&["record", "ana-q3", "5", "--date", "2026-07-02"]);
    let before: Document = serde_json::from_slice(&env.bytes()).unwrap();
    env.ok(&[
        "record",
        "bo-deals",
        "2",
        "--date",
        "2026-07-03",
        "--reason",
        "late deal",
    ]);
    let after = one_entry_on(&env, &before);
    let last = after.history.last().unwrap();
    assert_eq!(last.seq, before.history.last().unwrap().seq + 1);
    assert_eq!(last.reason.as_deref(), Some("late deal"));
    let csv = env.dir().join("rows.csv");
    std::fs::write(&csv, "owner,metric,date,value\nana,revenue,2026-07-04,3\n").unwrap();
    env.ok(&["import", csv.to_str().unwrap()]);
    let after_import = one_entry_on(&env, &after);

    // A hand-edited history line (keys spaced out): read whole, written
    // as attain writes it, nothing lost.
    let text = String::from_utf8(env.bytes()).unwrap();
    let spaced = text.replacen("{\"seq\":1,", "{\"seq\": 1, ", 1);
    assert_ne!(spaced, text);
    env.write(&spaced);
    env.ok(&["record", "ana-q3", "1", "--date", "2026-07-05"]);
    let last = one_entry_on(&env, &after_import);
    assert!(
        !String::from_utf8(env.bytes())
            .unwrap()
            .contains("\"seq\": 1")
    );
    // Undo still sees the whole history.
    env.ok(&["undo"]);
    let undone: Document = serde_json::from_slice(&env.bytes()).unwrap();
    assert_eq!(undone.results.len(), last.results.len() - 1);
}
