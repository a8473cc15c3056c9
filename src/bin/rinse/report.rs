//! What a run did: the summary line, `--report FILE.json`, and the progress
//! bar on a terminal.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

/// Errors kept in the report (all are printed on stderr).
const MAX_REPORTED_ERRORS: usize = 1000;

/// What kind of thing went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A folder could not be walked, or held no input to take.
    Walk,
    /// An input could not be read, decoded, or is not of its format.
    Input,
    /// A JSON Lines record is malformed.
    Record,
    /// A document or record is larger than `--max-doc-bytes`.
    TooLarge,
    /// An output could not be written.
    Output,
}

/// One error or warning: printed on stderr as `PATH[:RECORD][ (id ID)]:
/// MESSAGE`, and kept whole in the report.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// The input it concerns (or the output, for an output that failed
    /// as a whole), as displayed; none for the run as a whole.
    pub path: Option<String>,
    /// The JSON Lines record, by its 1-based line number.
    pub record: Option<usize>,
    /// The record's id (`--id-field`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub kind: Kind,
    pub message: String,
}

impl Problem {
    /// A problem of a whole file.
    pub fn file(kind: Kind, path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: Some(path.into()),
            record: None,
            id: None,
            kind,
            message: message.into(),
        }
    }

    /// A problem of the run, not of one file.
    pub fn run(kind: Kind, message: impl Into<String>) -> Problem {
        Problem {
            path: None,
            record: None,
            id: None,
            kind,
            message: message.into(),
        }
    }

    /// A problem of one record.
    pub fn record(
        kind: Kind,
        path: &str,
        record: usize,
        id: Option<String>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            path: Some(path.to_owned()),
            record: Some(record),
            id,
            kind,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(path) = &self.path {
            f.write_str(path)?;
            if let Some(record) = self.record {
                write!(f, ":{record}")?;
            }
            if let Some(id) = &self.id {
                write!(f, " (id {id})")?;
            }
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

/// Counts of one document or record, added to the report.
#[derive(Debug, Default)]
pub struct DocCounts<'a> {
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub lines: u64,
    pub removed: Vec<&'a str>,
    pub language: Option<&'static str>,
}

/// Totals of a run.
#[derive(Debug, Default, Serialize)]
pub struct Totals {
    pub files: u64,
    pub failed_files: u64,
    /// Files skipped because their output existed (`--skip-existing`).
    pub skipped_files: u64,
    pub records: u64,
    pub bad_records: u64,
    pub empty_records: u64,
    pub dropped_records: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub lines: u64,
    pub lines_removed: u64,
    pub removed_by_rule: BTreeMap<String, u64>,
    pub removed_by_signal: BTreeMap<String, u64>,
    pub documents_by_language: BTreeMap<String, u64>,
    pub errors: Vec<Problem>,
    pub errors_not_listed: u64,
    pub warnings: u64,
    pub corpus_template_lines: Option<u64>,
    pub corpus_documents: Option<u64>,
    pub seconds: f64,
}

/// The `--report` file: the rinse version and the options of the run,
/// beside its totals.
#[derive(Serialize)]
pub struct ReportFile<'a> {
    pub rinse_version: &'static str,
    pub options: &'a crate::cli::CleanArgs,
    #[serde(flatten)]
    pub totals: &'a Totals,
}

/// The run's report, shared by the workers.
pub struct Report {
    totals: Mutex<Totals>,
    progress: Option<ProgressBar>,
    started: Instant,
}

impl Report {
    /// A report; `progress` shows a bar on stderr when it is a terminal.
    pub fn new(progress: bool, files: usize) -> Report {
        let progress = (progress && std::io::stderr().is_terminal()).then(|| {
            let bar = if files > 1 {
                ProgressBar::new(files as u64)
            } else {
                ProgressBar::new_spinner()
            };
            let template = if files > 1 {
                "{spinner} {pos}/{len} files {wide_bar} {elapsed_precise} {msg}"
            } else {
                "{spinner} {elapsed_precise} {msg}"
            };
            bar.set_style(ProgressStyle::with_template(template).expect("valid template"));
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Report {
            totals: Mutex::new(Totals::default()),
            progress,
            started: Instant::now(),
        }
    }

    /// Adds one cleaned document (a text file or a record).
    pub fn document(&self, doc: DocCounts) {
        let mut t = self.totals.lock().expect("report lock");
        t.bytes_in += doc.bytes_in;
        t.bytes_out += doc.bytes_out;
        t.lines += doc.lines;
        t.lines_removed += doc.removed.len() as u64;
        for name in doc.removed {
            let map = if name.contains('/') {
                &mut t.removed_by_rule
            } else {
                &mut t.removed_by_signal
            };
            *map.entry(name.to_owned()).or_default() += 1;
        }
        *t.documents_by_language
            .entry(doc.language.unwrap_or("none").to_owned())
            .or_default() += 1;
    }

    /// Adds record counts of a batch.
    pub fn records(&self, records: u64, bad: u64, empty: u64, dropped: u64) {
        let mut t = self.totals.lock().expect("report lock");
        t.records += records;
        t.bad_records += bad;
        t.empty_records += empty;
        t.dropped_records += dropped;
        let msg = self.rate(&t);
        drop(t);
        if let Some(bar) = &self.progress {
            bar.set_message(msg);
        }
    }

    /// A file is done (`ok` false: it failed).
    /// A file not cleaned because its output exists.
    pub fn file_skipped(&self) {
        self.totals.lock().expect("report lock").skipped_files += 1;
        if let Some(bar) = &self.progress {
            bar.inc(1);
        }
    }

    pub fn file_done(&self, ok: bool) {
        let mut t = self.totals.lock().expect("report lock");
        if ok {
            t.files += 1;
        } else {
            t.failed_files += 1;
        }
        let msg = self.rate(&t);
        drop(t);
        if let Some(bar) = &self.progress {
            bar.inc(1);
            bar.set_message(msg);
        }
    }

    /// Records an error: printed now (above the bar), kept in the report.
    pub fn error(&self, problem: Problem) {
        match &self.progress {
            Some(bar) => bar.suspend(|| eprintln!("rinse: {problem}")),
            None => eprintln!("rinse: {problem}"),
        }
        let mut t = self.totals.lock().expect("report lock");
        if t.errors.len() < MAX_REPORTED_ERRORS {
            t.errors.push(problem);
        } else {
            t.errors_not_listed += 1;
        }
    }

    /// A problem that does not fail the run (printed, counted).
    pub fn warning(&self, message: impl std::fmt::Display) {
        match &self.progress {
            Some(bar) => bar.suspend(|| eprintln!("rinse: warning: {message}")),
            None => eprintln!("rinse: warning: {message}"),
        }
        self.totals.lock().expect("report lock").warnings += 1;
    }

    pub fn set_corpus(&self, template_lines: u64, documents: u64) {
        let mut t = self.totals.lock().expect("report lock");
        t.corpus_template_lines = Some(template_lines);
        t.corpus_documents = Some(documents);
    }

    fn rate(&self, t: &Totals) -> String {
        let secs = self.started.elapsed().as_secs_f64().max(1e-6);
        let mb = t.bytes_in as f64 / 1e6;
        if t.records > 0 {
            format!(
                "{} records, {:.0} records/s, {:.1} MB/s",
                t.records,
                t.records as f64 / secs,
                mb / secs
            )
        } else {
            format!(
                "{:.1} files/s, {:.1} MB/s",
                t.files as f64 / secs,
                mb / secs
            )
        }
    }

    /// Ends the progress bar and returns the totals.
    pub fn finish(self) -> Totals {
        if let Some(bar) = &self.progress {
            bar.finish_and_clear();
        }
        let mut t = self.totals.into_inner().expect("report lock");
        t.seconds = self.started.elapsed().as_secs_f64();
        t
    }
}

impl Totals {
    /// Whether anything failed (files, records, walking).
    pub fn failed(&self) -> bool {
        self.failed_files > 0 || !self.errors.is_empty()
    }

    /// The one-line summary for stderr.
    pub fn summary(&self) -> String {
        let records = if self.records > 0 {
            format!(
                " ({} records{}{}{})",
                self.records,
                if self.bad_records > 0 {
                    format!(", {} bad", self.bad_records)
                } else {
                    String::new()
                },
                if self.empty_records > 0 {
                    format!(", {} empty", self.empty_records)
                } else {
                    String::new()
                },
                if self.dropped_records > 0 {
                    format!(", {} dropped", self.dropped_records)
                } else {
                    String::new()
                },
            )
        } else {
            String::new()
        };
        let skipped = if self.skipped_files > 0 {
            format!(", {} skipped (output exists)", self.skipped_files)
        } else {
            String::new()
        };
        format!(
            "{} cleaned{records}, {} failed{skipped}; {} of {} lines removed; {} in, {} out",
            plural(self.files, "file"),
            self.failed_files,
            self.lines_removed,
            self.lines,
            bytes(self.bytes_in),
            bytes(self.bytes_out),
        )
    }
}

fn plural(n: u64, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// A size in binary units, labelled as such (KiB, MiB, GiB).
pub fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 => format!("{:.1} GiB", n as f64 / (1u64 << 30) as f64),
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_are_labelled_in_the_binary_units_they_are_counted_in() {
        assert_eq!(super::bytes(512), "512 B");
        assert_eq!(super::bytes(1536), "1.5 KiB");
        assert_eq!(super::bytes(3 << 20), "3.0 MiB");
        assert_eq!(super::bytes(5 << 30), "5.0 GiB");
    }
}
