//! The invariants the fuzz targets check, shared by all of them.
//!
//! Every check panics (a crash for libFuzzer) with a message saying which
//! promise of rinse broke; `fuzz/GUARANTEES.md` lists the promises.

use std::path::Path;
use std::sync::OnceLock;

use rinse::{Cleaner, JsonlOptions, RecordError, RuleSet};

/// The default cleaner, built once per process.
pub fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(Cleaner::new)
}

/// Checks every promise about cleaning `text`
/// ([`rinse_invariants::check_clean`], shared with the property tests),
/// panicking with the one that broke.
pub fn check_clean(cleaner: &Cleaner, text: &str) {
    if let Err(broken) = rinse_invariants::check_clean(cleaner, text) {
        panic!("{broken}");
    }
}

/// Bytes through the lossy decoder, then [`check_clean`]; the strict
/// decoder must name the first invalid byte.
pub fn check_bytes(bytes: &[u8]) {
    let _ = rinse::looks_binary(bytes);
    match rinse::decode(bytes, false) {
        Ok(text) => assert_eq!(text.as_bytes(), bytes, "valid UTF-8 is borrowed as is"),
        Err(rinse::Error::InvalidUtf8 { offset }) => {
            assert_eq!(
                offset,
                std::str::from_utf8(bytes).unwrap_err().valid_up_to(),
                "the offset is the first invalid byte"
            );
            assert!(offset < bytes.len());
        }
        Err(e) => panic!("unexpected decode error {e}"),
    }
    let text = rinse::decode(bytes, true).expect("lossy decoding never fails");
    check_clean(cleaner(), &text);
}

/// A pack from arbitrary text: loading returns `Ok` or `Err` (never panics,
/// never hangs); a pack that loads can be checked, and a cleaner built on
/// it cleans its own examples under the invariants of [`check_clean`].
pub fn check_pack(source: &str) {
    for (name, origin) in [("eng", "fuzz/eng.toml"), ("site", "fuzz/site.toml")] {
        let mut set = RuleSet::new();
        match set.add_pack(name, Path::new(origin), source) {
            Err(rinse::Error::Pack {
                origin: o,
                line,
                message,
            }) => {
                assert_eq!(o, Path::new(origin), "pack errors name their file");
                assert!(line >= 1, "pack errors name a 1-based line");
                assert!(
                    line <= source.split('\n').count().max(1),
                    "the line {line} is inside the file"
                );
                assert!(!message.is_empty());
            }
            Err(e) => panic!("a pack error that is not Error::Pack: {e}"),
            Ok(()) => {
                let _ = set.check_examples();
                let texts: Vec<String> = set
                    .rules()
                    .iter()
                    .flat_map(|r| r.examples().iter().chain(r.near_misses()))
                    .take(8)
                    .cloned()
                    .collect();
                let cleaner = Cleaner::builder()
                    .rules(set)
                    .build()
                    .expect("a loaded rule set builds");
                for text in texts {
                    check_clean(&cleaner, &text);
                }
                // Loading the same pack on top of the built-in ones works
                // the same way (it may replace rules).
                let mut all = RuleSet::embedded();
                all.add_pack(name, Path::new(origin), source)
                    .expect("a pack that loads alone loads on top of the built-in ones");
            }
        }
    }
}

/// One JSON Lines record: [`rinse::record_text`] and
/// [`rinse::clean_record`] agree, the output is one valid JSON object
/// whose text field is the cleaned text, and the annotation's spans point
/// into the original text.
/// A record's Dolma attributes line: valid JSON; its residue spans are
/// character ranges of the text, in order, not overlapping, each a whole
/// line with its line break (from a line's start to a line break or the
/// end), so that Dolma's mixer, replacing them with nothing, removes lines
/// whole.
fn check_dolma_attributes(text: &str, attributes: Option<&str>) {
    let line = attributes.expect("attributes are given when asked for");
    let v: serde_json::Value = serde_json::from_str(line).expect("attributes are valid JSON");
    let chars: Vec<char> = text.chars().collect();
    let breaks = |c: char| c == '\n' || c == '\r';
    let mut at = 0;
    for (key, spans) in v["attributes"].as_object().expect("an attributes object") {
        if !key.ends_with("__rinse__residue") {
            continue;
        }
        for span in spans.as_array().expect("a list of spans") {
            let (a, b) = (
                span[0].as_u64().expect("start") as usize,
                span[1].as_u64().expect("end") as usize,
            );
            assert!(
                at <= a && a < b && b <= chars.len(),
                "span {a}..{b} in order, in the text"
            );
            assert!(
                a == 0 || breaks(chars[a - 1]),
                "span {a}..{b} starts a line"
            );
            assert!(
                b == chars.len() || breaks(chars[b - 1]),
                "span {a}..{b} ends with its line break"
            );
            at = b;
        }
    }
}

pub fn check_record(line: &str, opts: &JsonlOptions) {
    let text = rinse::record_text(line, &opts.text_field);
    let rec = rinse::clean_record(cleaner(), line, opts);
    match (&text, &rec) {
        (Ok(text), Ok(rec)) => {
            let body = cleaner().clean_text(text);
            assert_eq!(rec.empty, body.is_empty());
            assert_eq!(rec.clean_bytes, body.len());
            assert_eq!(rec.text_bytes, text.len());
            let Some(out) = &rec.line else {
                assert!(
                    opts.drop_empty && rec.empty,
                    "only empty records are dropped"
                );
                return;
            };
            assert!(!out.contains('\n'), "a record stays on one line");
            // Every byte outside the text and the annotation is passed
            // through, so the output is strict JSON whenever the input was
            // (a lone surrogate escape in another field stays as it was).
            let Ok(input) = serde_json::from_str::<serde_json::Value>(line) else {
                return;
            };
            let v: serde_json::Value =
                serde_json::from_str(out).expect("the output record is valid JSON");
            assert!(v.is_object() && input.is_object());
            // A dotted path into an object changes that object.
            let outer = match input.get(opts.text_field.as_str()) {
                Some(_) => opts.text_field.as_str(),
                None => opts.text_field.split('.').next().unwrap_or_default(),
            };
            if let Some(map) = input.as_object() {
                for (k, value) in map {
                    if k != outer && Some(k) != opts.annotate_field.as_ref() {
                        assert_eq!(&v[k.as_str()], value, "field {k} passes through");
                    }
                }
            }
            // The first text field (the one read) now holds the clean body.
            let cleaned =
                rinse::record_text(out, &opts.text_field).expect("the output has the text field");
            assert_eq!(cleaned, body, "the text field holds the clean body");
            if opts.dolma_experiment.is_some() {
                check_dolma_attributes(text, rec.attributes.as_deref());
            }
            if let Some(name) = &opts.annotate_field {
                let ann = &v[name.as_str()];
                let removed = ann["removed"]
                    .as_array()
                    .expect("annotation lists removals");
                assert_eq!(removed.len(), rec.removed.len());
                for r in removed {
                    let (a, b) = (
                        r[0].as_u64().expect("start") as usize,
                        r[1].as_u64().expect("end") as usize,
                    );
                    assert!(
                        text.get(a..b).is_some(),
                        "a removed span {a}..{b} is a char range of the text"
                    );
                }
            }
        }
        (_, Err(RecordError::AnnotationIsText(name))) => {
            assert_eq!(opts.annotate_field.as_ref(), Some(name));
            assert_eq!(*name, opts.text_field);
        }
        (Ok(_), Err(RecordError::DuplicateField(name))) => {
            assert_eq!(
                opts.annotate_field.as_ref(),
                Some(name),
                "only the annotation may differ"
            );
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "both calls give the same error"),
        _ => panic!("record_text and clean_record disagree: {text:?} / {rec:?}"),
    }
}

/// A JSON Lines stream (already decompressed, or failing to decompress)
/// through [`rinse::read_record`] with the limit `max`: every line is held
/// whole only within the limit, a longer one is reported with its length,
/// and nothing but the line breaks (and a `\r` before one) is lost. The
/// first records are then cleaned as [`check_record`] does.
pub fn check_stream(reader: &mut dyn std::io::BufRead, max: u64, opts: &JsonlOptions) {
    let mut records = 0;
    loop {
        let line = match rinse::read_record(reader, max) {
            Ok(Some(line)) => line,
            // A corrupt or truncated stream ends in an error, not a panic.
            Ok(None) | Err(_) => return,
        };
        match line {
            rinse::RecordLine::Line(bytes) => {
                assert!(bytes.len() as u64 <= max, "a kept line is within the limit");
                assert!(!bytes.contains(&b'\n'), "a line holds no line break");
                if records == 0 {
                    let _ = rinse::not_json_lines(&bytes);
                }
                if records < 4 {
                    let line = rinse::decode(&bytes, true).expect("lossy never fails");
                    check_record(&line, opts);
                }
            }
            rinse::RecordLine::TooLarge(len) => {
                assert!(len > max, "only longer lines are too large")
            }
        }
        records += 1;
    }
}
