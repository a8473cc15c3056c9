//! JSON Lines records: clean one field, pass every other byte through.
//!
//! A record is one JSON object per line. rinse reads the text field, cleans
//! it, and writes the record back **byte for byte** except for two places:
//! the text field's value, replaced by the clean body, and the annotation
//! field (default `rinse`), added before the closing brace (or replaced
//! when the record already has one). Field order, spacing, number formats
//! and escapes of every other field are untouched.
//!
//! The annotation records what was done, so a later step can audit or undo
//! it (the span-attribute idea of Dolma):
//!
//! ```json
//! "rinse": {"language": "eng", "language_639_1": "en", "confidence": 1.0, "lines_removed": 2,
//!           "removed": [[1024, 1041, "blogger/review-footer"], [1042, 1045, "blogger/review-footer"]]}
//! ```
//!
//! `removed` holds byte ranges into the **original** text (after JSON
//! unescaping) with the rule or signal that removed each line.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, BufRead};

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::cleaner::{Cleaned, Cleaner};

/// How records are read and written.
#[derive(Debug, Clone)]
pub struct JsonlOptions {
    /// The field holding the text (default `text`).
    pub text_field: String,
    /// The annotation field to add, or `None` for no annotation.
    pub annotate_field: Option<String>,
    /// Drop records whose text becomes empty (default: keep them).
    pub drop_empty: bool,
    /// Also give each record's Dolma attributes, under this experiment
    /// name (see [`CleanedRecord::attributes`]).
    pub dolma_experiment: Option<String>,
}

impl Default for JsonlOptions {
    fn default() -> Self {
        JsonlOptions {
            text_field: "text".into(),
            annotate_field: Some("rinse".into()),
            drop_empty: false,
            dolma_experiment: None,
        }
    }
}

/// Why a record could not be cleaned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The line is not a JSON object.
    #[error("not a JSON object: {0}")]
    NotJson(String),
    /// The text field is missing.
    #[error(
        "no field `{0}` (the text field is the `text_field` option, `--text-field` on the command line)"
    )]
    MissingField(String),
    /// The text field is not a string.
    #[error("field `{0}` is not a string")]
    NotString(String),
    /// The text or annotation field appears more than once: JSON parsers
    /// disagree on which one counts (most take the last), so cleaning one
    /// could leave the other, uncleaned, to whoever reads the record.
    #[error("duplicate field `{0}`")]
    DuplicateField(String),
    /// The annotation field is the text field: the annotation would
    /// replace the clean text.
    #[error(
        "the annotation field `{0}` is the text field (choose another annotation field: the `annotate_field` option, `--annotate-field` on the command line)"
    )]
    AnnotationIsText(String),
}

/// A record after cleaning.
#[derive(Debug, Clone)]
pub struct CleanedRecord {
    /// The record to write, without a line break; `None` when dropped
    /// because its text became empty.
    pub line: Option<String>,
    /// Bytes of the original text.
    pub text_bytes: usize,
    /// Bytes of the clean text.
    pub clean_bytes: usize,
    /// Whether the clean text is empty.
    pub empty: bool,
    /// Non-blank lines of the text.
    pub lines: usize,
    /// Document language: its ISO 639-3 code, `und` when undetermined.
    pub language: Option<&'static str>,
    /// Rule or signal names of the removed lines, one per removed line.
    pub removed: Vec<String>,
    /// With [`JsonlOptions::dolma_experiment`]: the record's line of a
    /// Dolma attribute file, `{"id": …, "attributes": {…}}` (see
    /// [`dolma_attributes`]), also for a record dropped as empty.
    pub attributes: Option<String>,
}

/// The fields of one object, in order, values raw.
struct RawObject<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for RawObject<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawObject<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut fields = Vec::new();
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    let value: &'de RawValue = map.next_value()?;
                    fields.push((key, value));
                }
                Ok(RawObject(fields))
            }
        }
        d.deserialize_map(V)
    }
}

/// Byte range of `part` inside `whole` (a sub-slice of it).
fn range_in(whole: &str, part: &str) -> std::ops::Range<usize> {
    let start = part.as_ptr() as usize - whole.as_ptr() as usize;
    start..start + part.len()
}

/// The value of the one field named `name`, if any; an error when there
/// are several.
fn single_field<'a>(
    object: &RawObject<'a>,
    name: &str,
) -> Result<Option<&'a RawValue>, RecordError> {
    let mut found = object.0.iter().filter(|(k, _)| k == name);
    let first = found.next().map(|(_, v)| *v);
    if found.next().is_some() {
        return Err(RecordError::DuplicateField(name.to_owned()));
    }
    Ok(first)
}

/// The value at `path` in an object: the field named `path` itself when
/// the object has one, else, for a dotted path (`metadata.body`), the
/// field `metadata` (which must be an object) and `body` in it, and so on.
/// An error when a field on the way appears more than once.
fn field_at<'a>(object: &RawObject<'a>, path: &str) -> Result<Option<&'a RawValue>, RecordError> {
    if let Some(value) = single_field(object, path)? {
        return Ok(Some(value));
    }
    for (dot, _) in path.match_indices('.') {
        let (head, rest) = (&path[..dot], &path[dot + 1..]);
        // (Anything but an object on the way leads nowhere.)
        if let Some(value) = single_field(object, head)?
            && let Ok(inner) = serde_json::from_str::<RawObject<'a>>(value.get())
            && let Some(found) = field_at(&inner, rest)?
        {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// The text field of one JSON Lines record, unescaped.
pub fn record_text<'a>(line: &'a str, text_field: &str) -> Result<Cow<'a, str>, RecordError> {
    let object: RawObject =
        serde_json::from_str(line).map_err(|e| RecordError::NotJson(e.to_string()))?;
    let raw = field_at(&object, text_field)?
        .ok_or_else(|| RecordError::MissingField(text_field.to_owned()))?;
    serde_json::from_str(raw.get()).map_err(|_| RecordError::NotString(text_field.to_owned()))
}

/// Longest record id [`record_id`] gives, in characters.
pub const RECORD_ID_MAX_CHARS: usize = 80;

/// The id of a record, to name it in messages: the value at `id_field` (a
/// field or dotted path), a string as it is, anything else as its JSON,
/// cut to [`RECORD_ID_MAX_CHARS`]. `None` when the line is not an object
/// or has no such field.
pub fn record_id(line: &str, id_field: &str) -> Option<String> {
    let object: RawObject = serde_json::from_str(line).ok()?;
    let raw = field_at(&object, id_field).ok()??;
    let id = match serde_json::from_str::<Cow<str>>(raw.get()) {
        Ok(s) => s.into_owned(),
        Err(_) => raw.get().to_owned(),
    };
    Some(match id.char_indices().nth(RECORD_ID_MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &id[..cut]),
        None => id,
    })
}

/// Cleans the text field of one JSON Lines record (`line`, without its line
/// break).
pub fn clean_record(
    cleaner: &Cleaner,
    line: &str,
    opts: &JsonlOptions,
) -> Result<CleanedRecord, RecordError> {
    if opts.annotate_field.as_deref() == Some(opts.text_field.as_str()) {
        return Err(RecordError::AnnotationIsText(opts.text_field.clone()));
    }
    let object: RawObject =
        serde_json::from_str(line).map_err(|e| RecordError::NotJson(e.to_string()))?;
    let raw_text = field_at(&object, &opts.text_field)?
        .ok_or_else(|| RecordError::MissingField(opts.text_field.clone()))?;
    let existing = match &opts.annotate_field {
        Some(name) => single_field(&object, name)?,
        None => None,
    };
    let text: Cow<str> = serde_json::from_str(raw_text.get())
        .map_err(|_| RecordError::NotString(opts.text_field.clone()))?;
    let cleaned = cleaner.clean(&text);
    let body = cleaned.text();
    let mut record = CleanedRecord {
        line: None,
        text_bytes: text.len(),
        clean_bytes: body.len(),
        empty: body.is_empty(),
        lines: cleaned.lines().len(),
        language: Some(cleaned.language().code()),
        removed: cleaned
            .removed()
            .map(|l| l.removal.as_ref().expect("removed").name().to_owned())
            .collect(),
        attributes: None,
    };
    if let Some(experiment) = &opts.dolma_experiment {
        let mut line = String::from("{\"id\":");
        line.push_str(single_field(&object, "id")?.map_or("null", |v| v.get()));
        if let Some(source) = single_field(&object, "source")? {
            line.push_str(",\"source\":");
            line.push_str(source.get());
        }
        line.push_str(",\"attributes\":");
        line.push_str(&dolma_attributes(&cleaned, &text, experiment));
        line.push('}');
        record.attributes = Some(line);
    }
    if record.empty && opts.drop_empty {
        return Ok(record);
    }
    // Splice: the text value replaced, the annotation replaced or added.
    let text_range = range_in(line, raw_text.get());
    let existing = existing.map(|v| range_in(line, v.get()));
    let close = line.rfind('}').expect("a parsed object ends with }");
    let mut out = String::with_capacity(line.len() + body.len() / 2 + 128);
    let mut edits: Vec<(std::ops::Range<usize>, String)> = vec![(
        text_range,
        serde_json::to_string(&body).expect("strings serialize"),
    )];
    if let Some(name) = &opts.annotate_field {
        let annotation = Annotation::of(&cleaned).to_json();
        match existing {
            Some(range) => edits.push((range, annotation)),
            None => {
                let key = serde_json::to_string(name).expect("strings serialize");
                edits.push((close..close, format!(",{key}:{annotation}")));
            }
        }
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut at = 0;
    for (range, replacement) in edits {
        out.push_str(&line[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&line[at..]);
    record.line = Some(out);
    Ok(record)
}

/// The attributes of a cleaned text as Dolma's taggers write them: keys
/// `{experiment}__rinse__{type}`, each a list of `[start, end, score]`
/// spans in **characters** (Unicode code points, Python `str` indices, as
/// Dolma counts them) into the original text:
///
/// * `residue`: each removed line with the line break after it (`\n`,
///   `\r\n` or `\r`), score 1: Dolma's mixer, replacing the spans with
///   nothing (`span_replacement`), removes the lines whole and leaves no
///   blank line where each was;
/// * `language_{code}`: the whole text, scored with the language's
///   confidence (`und` when too short to tell, score 0).
pub fn dolma_attributes(cleaned: &Cleaned, text: &str, experiment: &str) -> String {
    let key = |kind: &str| {
        serde_json::to_string(&format!("{experiment}__rinse__{kind}")).expect("strings serialize")
    };
    let mut out = String::from("{");
    let _ = write!(out, "{}:[", key("residue"));
    // Byte offsets to character offsets, walking forward once.
    let (mut at_byte, mut at_char) = (0, 0);
    let mut char_at = |byte: usize| {
        at_char += text[at_byte..byte].chars().count();
        at_byte = byte;
        at_char
    };
    for (k, line) in cleaned.removed().enumerate() {
        let rest = &text[line.span.end..];
        let brk = if rest.starts_with("\r\n") {
            2
        } else {
            usize::from(rest.starts_with(['\n', '\r']))
        };
        let (start, end) = (char_at(line.span.start), char_at(line.span.end + brk));
        let _ = write!(out, "{}[{start},{end},1.0]", if k > 0 { "," } else { "" });
    }
    let doc = cleaned.language();
    let chars = char_at(text.len());
    let _ = write!(
        out,
        "],{}:[[0,{chars},{:?}]]}}",
        key(&format!("language_{}", doc.code())),
        round(doc.reported_confidence())
    );
    out
}

/// What was done to one text, as the annotation field of a JSON Lines
/// record (and datatrove's document metadata) records it: the document
/// language (ISO 639-3, and ISO 639-1 when there is one), its confidence
/// (three decimals), and each removed line as `[start, end, reason]`, a
/// byte range into the original text and the rule or signal that removed
/// it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Annotation<'a> {
    /// ISO 639-3 code, `und` when the text is too short to tell.
    pub language: &'static str,
    /// ISO 639-1 code, when the language has one.
    pub language_639_1: Option<&'static str>,
    /// The language's confidence, 0 to 1, rounded to three decimals.
    pub confidence: f64,
    /// How many lines were removed.
    pub lines_removed: usize,
    /// Each removed line: start and end byte, rule or signal.
    pub removed: Vec<(usize, usize, &'a str)>,
}

impl<'a> Annotation<'a> {
    /// The annotation of a cleaned text.
    pub fn of(cleaned: &'a Cleaned<'_>) -> Annotation<'a> {
        let doc = cleaned.language();
        let removed = cleaned
            .removed()
            .map(|line| {
                let name = line.removal.as_ref().expect("removed").name();
                (line.span.start, line.span.end, name)
            })
            .collect();
        Annotation::new(
            doc.code(),
            doc.code_639_1(),
            doc.reported_confidence(),
            removed,
        )
    }

    /// The annotation of a result kept in parts (as a binding keeps it):
    /// the document's reported language codes and confidence (rounded
    /// here), and the removed lines' byte spans and reasons.
    pub fn new(
        language: &'static str,
        language_639_1: Option<&'static str>,
        confidence: f64,
        removed: Vec<(usize, usize, &'a str)>,
    ) -> Annotation<'a> {
        Annotation {
            language,
            language_639_1,
            confidence: round(confidence),
            lines_removed: removed.len(),
            removed,
        }
    }

    /// As JSON, on one line.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("an annotation serializes")
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// One line of a JSON Lines input.
#[derive(Debug)]
pub enum RecordLine {
    /// The line, without its line break.
    Line(Vec<u8>),
    /// A line over the document limit: its length in bytes. It was read
    /// past, never held in memory.
    TooLarge(u64),
}

/// Reads the next line of a JSON Lines input, holding at most `max` bytes
/// of it: a longer line is read to its end and dropped, and comes back as
/// [`RecordLine::TooLarge`] (a record of 1.5 GB costs no memory). `None`
/// at the end of the input.
pub fn read_record(reader: &mut dyn BufRead, max: u64) -> io::Result<Option<RecordLine>> {
    let mut line = Vec::new();
    let mut len: u64 = 0;
    let mut any = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            if !any {
                return Ok(None);
            }
            break;
        }
        any = true;
        let end = memchr::memchr(b'\n', buf);
        let chunk = &buf[..end.unwrap_or(buf.len())];
        len += chunk.len() as u64;
        if len <= max {
            line.extend_from_slice(chunk);
        } else if !line.is_empty() {
            line = Vec::new();
        }
        let used = end.map_or(buf.len(), |i| i + 1);
        reader.consume(used);
        if end.is_some() {
            break;
        }
    }
    if len > max {
        return Ok(Some(RecordLine::TooLarge(len)));
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(RecordLine::Line(line)))
}

/// Why a JSON Lines input is not JSON Lines at all, judged on its first
/// non-blank line when that line is not a record: a JSON array, or a
/// JSON document spread over many lines.
pub fn not_json_lines(first: &[u8]) -> Option<&'static str> {
    let t = first.trim_ascii();
    if t.starts_with(b"[") {
        Some("a JSON array, not JSON Lines (one object per line); convert it with `jq -c '.[]'`")
    } else if t == b"{" || (t.starts_with(b"{") && !t.ends_with(b"}")) {
        Some(
            "a JSON document over several lines, not JSON Lines (one object per line); \
             convert it with `jq -c .`",
        )
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaner() -> Cleaner {
        Cleaner::new()
    }

    const DOC: &str =
        "Headline here\\nSynopsis\\nKey Takeaways\\n- a point\\nThe body sentence is here.";

    #[test]
    fn other_fields_pass_through_byte_for_byte() {
        let line = format!(
            r#"{{"id": 7,  "meta":{{"n":1.50e3,"s":"caf\u00e9"}},"text":"{DOC}", "z":[1, 2]}}"#
        );
        let rec = clean_record(&cleaner(), &line, &JsonlOptions::default()).unwrap();
        let out = rec.line.unwrap();
        assert!(out.starts_with(r#"{"id": 7,  "meta":{"n":1.50e3,"s":"caf\u00e9"},"text":"Headline here\nThe body sentence is here.\n", "z":[1, 2],"rinse":{"#), "{out}");
        assert_eq!(rec.removed, ["eng/summary-box"; 3]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["rinse"]["lines_removed"], 3);
        assert_eq!(v["rinse"]["removed"][0][2], "eng/summary-box");
        // Spans point into the original text.
        let text: String = serde_json::from_str(&format!("\"{DOC}\"")).unwrap();
        let (a, b) = (
            v["rinse"]["removed"][0][0].as_u64().unwrap() as usize,
            v["rinse"]["removed"][0][1].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[a..b], "Synopsis");
    }

    #[test]
    fn an_existing_annotation_is_replaced_and_none_can_be_added() {
        let line = format!(r#"{{"text":"{DOC}","rinse":{{"old":true}}}}"#);
        let out = clean_record(&cleaner(), &line, &JsonlOptions::default())
            .unwrap()
            .line
            .unwrap();
        assert!(
            !out.contains("old") && out.matches("\"rinse\"").count() == 1,
            "{out}"
        );
        let opts = JsonlOptions {
            annotate_field: None,
            ..JsonlOptions::default()
        };
        let out = clean_record(&cleaner(), r#"{"text":"a b"}"#, &opts)
            .unwrap()
            .line
            .unwrap();
        assert_eq!(out, r#"{"text":"a b\n"}"#);
    }

    #[test]
    fn empty_results_are_kept_or_dropped() {
        let line = r#"{"text":"\n  \n"}"#;
        let rec = clean_record(&cleaner(), line, &JsonlOptions::default()).unwrap();
        assert!(rec.empty && rec.line.unwrap().starts_with(r#"{"text":"""#));
        let opts = JsonlOptions {
            drop_empty: true,
            ..JsonlOptions::default()
        };
        assert!(
            clean_record(&cleaner(), line, &opts)
                .unwrap()
                .line
                .is_none()
        );
    }

    #[test]
    fn malformed_records_are_errors() {
        let o = JsonlOptions::default();
        assert!(matches!(
            clean_record(&cleaner(), "{\"text\": ", &o),
            Err(RecordError::NotJson(_))
        ));
        assert!(matches!(
            clean_record(&cleaner(), "[1,2]", &o),
            Err(RecordError::NotJson(_))
        ));
        assert_eq!(
            clean_record(&cleaner(), r#"{"body":"x"}"#, &o).unwrap_err(),
            RecordError::MissingField("text".into())
        );
        assert_eq!(
            clean_record(&cleaner(), r#"{"text":5}"#, &o).unwrap_err(),
            RecordError::NotString("text".into())
        );
        let custom = JsonlOptions {
            text_field: "body".into(),
            ..o
        };
        assert!(clean_record(&cleaner(), r#"{"body":"x"}"#, &custom).is_ok());
    }

    #[test]
    fn duplicate_fields_are_errors() {
        let o = JsonlOptions::default();
        for line in [
            r#"{"text":"a","text":"Synopsis\nKey Takeaways\n- b\nBody."}"#,
            r#"{"text":"a","rinse":1,"rinse":2}"#,
        ] {
            let field = if line.contains("rinse") {
                "rinse"
            } else {
                "text"
            };
            assert_eq!(
                clean_record(&cleaner(), line, &o).unwrap_err(),
                RecordError::DuplicateField(field.into())
            );
        }
        assert_eq!(
            record_text(r#"{"text":"a","text":"b"}"#, "text").unwrap_err(),
            RecordError::DuplicateField("text".into())
        );
        // Only the fields rinse reads or writes must be unique.
        assert!(clean_record(&cleaner(), r#"{"text":"a","x":1,"x":2}"#, &o).is_ok());
    }

    #[test]
    fn a_dotted_text_field_reaches_into_nested_objects() {
        let opts = JsonlOptions {
            text_field: "metadata.body".into(),
            ..JsonlOptions::default()
        };
        let line = format!(r#"{{"id":1,"metadata":{{"lang":"en", "body":"{DOC}"}},"text":"x"}}"#);
        let out = clean_record(&cleaner(), &line, &opts)
            .unwrap()
            .line
            .unwrap();
        assert!(
            out.starts_with(r#"{"id":1,"metadata":{"lang":"en", "body":"Headline here\nThe body sentence is here.\n"},"text":"x","rinse":{"#),
            "{out}"
        );
        // A field named with the dots itself wins.
        let line = r#"{"metadata.body":"Flat.","metadata":{"body":"Nested."}}"#;
        assert_eq!(record_text(line, "metadata.body").unwrap(), "Flat.");
        // Paths that lead nowhere.
        for line in [
            r#"{"metadata":"a string"}"#,
            r#"{"metadata":{"other":1}}"#,
            r#"{"x":1}"#,
        ] {
            assert_eq!(
                record_text(line, "metadata.body").unwrap_err(),
                RecordError::MissingField("metadata.body".into()),
                "{line}"
            );
        }
        assert_eq!(
            record_text(r#"{"a":{"b":{"c":"deep"}}}"#, "a.b.c").unwrap(),
            "deep"
        );
    }

    #[test]
    fn records_are_named_by_their_id() {
        assert_eq!(
            record_id(r#"{"id":"doc-7","text":"a"}"#, "id").as_deref(),
            Some("doc-7")
        );
        assert_eq!(
            record_id(r#"{"meta":{"id":42}}"#, "meta.id").as_deref(),
            Some("42")
        );
        assert_eq!(record_id(r#"{"text":"a"}"#, "id"), None);
        assert_eq!(record_id("not json", "id"), None);
        let long = format!(r#"{{"id":"{}"}}"#, "x".repeat(200));
        assert_eq!(
            record_id(&long, "id").unwrap().chars().count(),
            RECORD_ID_MAX_CHARS + 1
        );
    }

    #[test]
    fn an_annotation_field_named_like_the_text_field_is_an_error_not_a_panic() {
        let opts = JsonlOptions {
            annotate_field: Some("text".into()),
            ..JsonlOptions::default()
        };
        assert_eq!(
            clean_record(&cleaner(), r#"{"text":"Body here."}"#, &opts).unwrap_err(),
            RecordError::AnnotationIsText("text".into())
        );
    }

    fn lines(input: &[u8], max: u64) -> Vec<RecordLine> {
        let mut reader = std::io::BufReader::with_capacity(4, input);
        std::iter::from_fn(|| read_record(&mut reader, max).unwrap()).collect()
    }

    #[test]
    fn records_over_the_limit_are_read_past_not_kept() {
        let got = lines(b"{\"a\":1}\r\n0123456789abcdef\n\nlast", 10);
        assert!(matches!(&got[0], RecordLine::Line(l) if l == b"{\"a\":1}"));
        assert!(matches!(got[1], RecordLine::TooLarge(16)));
        assert!(matches!(&got[2], RecordLine::Line(l) if l.is_empty()));
        assert!(matches!(&got[3], RecordLine::Line(l) if l == b"last"));
        assert_eq!(got.len(), 4);
        // A line exactly at the limit is a line.
        assert!(matches!(&lines(b"0123456789", 10)[0], RecordLine::Line(l) if l.len() == 10));
        assert!(lines(b"", 10).is_empty());
    }

    #[test]
    fn arrays_and_pretty_printed_json_are_not_json_lines() {
        assert!(not_json_lines(b"[{\"text\": \"a\"}]").is_some());
        assert!(not_json_lines(b"  {").is_some());
        assert!(not_json_lines(b"{\"text\": \"a\",").is_some());
        assert!(not_json_lines(b"{\"text\": 1}").is_none());
        assert!(not_json_lines(b"hello").is_none());
    }
}
