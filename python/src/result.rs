//! The result types of the Python API: `Cleaned` (a document's clean body,
//! language and removed lines), `RemovedLine`, and `Line` (every line with
//! its decision).

use pyo3::prelude::*;

use crate::py_repr;

/// One removed line of a document.
#[pyclass(module = "rinse", name = "RemovedLine", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RemovedLine {
    /// 1-based line number in the input.
    #[pyo3(get)]
    number: usize,
    /// The line's text (in NFC, trimmed).
    #[pyo3(get)]
    text: String,
    /// The rule (``pack/rule``) or signal (``chrome-block``) that removed it.
    #[pyo3(get)]
    reason: String,
    /// The rule's pack, or ``None`` when a signal removed the line.
    #[pyo3(get)]
    pack: Option<String>,
    /// Start of the line in the input, as a ``str`` index: ``text[start:end]``
    /// is the raw line.
    #[pyo3(get)]
    start: usize,
    /// End of the line in the input, as a ``str`` index (exclusive).
    #[pyo3(get)]
    end: usize,
    /// ``(start, end)`` of the line in the input's UTF-8 bytes, as in the
    /// ``removed`` spans of the JSON Lines annotation.
    #[pyo3(get)]
    byte_span: (usize, usize),
}

#[pymethods]
impl RemovedLine {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "RemovedLine(number={}, reason={}, pack={}, text={})",
            self.number,
            py_repr(py, &self.reason)?,
            match &self.pack {
                Some(p) => py_repr(py, p)?,
                None => "None".to_owned(),
            },
            py_repr(py, &self.text)?
        ))
    }
}

/// One line of a document with its decision: kept, or removed and why.
#[pyclass(module = "rinse", name = "Line", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    /// 1-based line number in the input.
    #[pyo3(get)]
    number: usize,
    /// The line's text (in NFC, trimmed).
    #[pyo3(get)]
    text: String,
    /// Whether the line is in the clean body.
    #[pyo3(get)]
    kept: bool,
    /// The rule (``pack/rule``) or signal that removed it, or ``None`` when
    /// it is kept.
    #[pyo3(get)]
    reason: Option<String>,
    /// The rule's pack, or ``None`` (kept, or removed by a signal).
    #[pyo3(get)]
    pack: Option<String>,
    /// Start of the line in the input, as a ``str`` index.
    #[pyo3(get)]
    start: usize,
    /// End of the line in the input, as a ``str`` index (exclusive).
    #[pyo3(get)]
    end: usize,
    /// ``(start, end)`` of the line in the input's UTF-8 bytes.
    #[pyo3(get)]
    byte_span: (usize, usize),
}

#[pymethods]
impl Line {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Line(number={}, kept={}, reason={}, text={})",
            self.number,
            if self.kept { "True" } else { "False" },
            match &self.reason {
                Some(r) => py_repr(py, r)?,
                None => "None".to_owned(),
            },
            py_repr(py, &self.text)?
        ))
    }
}

/// Where a kept line was: its number, ``str`` span and byte span (its text
/// is the clean body's line).
#[derive(Debug, Clone, PartialEq)]
struct KeptAt {
    number: usize,
    start: usize,
    end: usize,
    byte_span: (usize, usize),
}

/// The result of cleaning one document: the clean body, the document
/// language and every removed line with the rule or signal that removed it.
#[pyclass(module = "rinse", name = "Cleaned", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cleaned {
    /// The clean body: the kept lines as they were in the input (in NFC, trimmed), each followed by ``\n``.
    #[pyo3(get)]
    text: String,
    /// ISO 639-3 code of the document language (``"eng"``, ``"urd"``), or
    /// ``"und"`` when the text is too short to tell.
    #[pyo3(get)]
    language: &'static str,
    /// ISO 639-1 code of the document language (``"en"``, ``"ur"``), or
    /// ``None`` when it has none or is undetermined.
    #[pyo3(get)]
    language_639_1: Option<&'static str>,
    /// Name of the document's main script (``"Latin"``, ``"Arabic"``), or
    /// ``None``.
    #[pyo3(get)]
    script: Option<&'static str>,
    /// Confidence of the document language, 0 to 1.
    #[pyo3(get)]
    confidence: f64,
    /// Number of non-blank input lines.
    #[pyo3(get)]
    line_count: usize,
    removed: Vec<RemovedLine>,
    kept: Vec<KeptAt>,
}

impl Cleaned {
    pub(crate) fn of(input: &str, cleaned: &rinse::Cleaned) -> Cleaned {
        let doc = cleaned.language();
        // Byte offsets to str (code point) indices, walking forward once.
        let mut at_byte = 0;
        let mut at_char = 0;
        let mut char_index = |byte: usize| {
            at_char += input[at_byte..byte].chars().count();
            at_byte = byte;
            at_char
        };
        let mut removed = Vec::new();
        let mut kept = Vec::new();
        for line in cleaned.lines() {
            let start = char_index(line.span.start);
            let end = char_index(line.span.end);
            let byte_span = (line.span.start, line.span.end);
            match &line.removal {
                Some(why) => removed.push(RemovedLine {
                    number: line.number,
                    text: line.text.to_string(),
                    reason: why.name().to_owned(),
                    pack: why.pack().map(str::to_owned),
                    start,
                    end,
                    byte_span,
                }),
                None => kept.push(KeptAt {
                    number: line.number,
                    start,
                    end,
                    byte_span,
                }),
            }
        }
        Cleaned {
            text: cleaned.text(),
            language: doc.code(),
            language_639_1: doc.code_639_1(),
            script: doc.script().map(rinse::Script::name),
            confidence: doc.reported_confidence(),
            line_count: cleaned.lines().len(),
            removed,
            kept,
        }
    }
}

#[pymethods]
impl Cleaned {
    /// The removed lines, in input order, as ``RemovedLine`` objects.
    #[getter]
    fn removed(&self) -> Vec<RemovedLine> {
        self.removed.clone()
    }

    /// Every non-blank input line, in input order, as ``Line`` objects:
    /// kept, or removed with the rule or signal (``removed`` holds the
    /// removed ones alone).
    #[getter]
    fn lines(&self) -> Vec<Line> {
        let mut out = Vec::with_capacity(self.line_count);
        let mut body = self.text.lines();
        let mut kept = self.kept.iter().peekable();
        let mut removed = self.removed.iter().peekable();
        loop {
            let take_kept = match (kept.peek(), removed.peek()) {
                (Some(k), Some(r)) => k.number < r.number,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            if take_kept {
                let k = kept.next().expect("peeked");
                out.push(Line {
                    number: k.number,
                    text: body.next().unwrap_or_default().to_owned(),
                    kept: true,
                    reason: None,
                    pack: None,
                    start: k.start,
                    end: k.end,
                    byte_span: k.byte_span,
                });
            } else {
                let r = removed.next().expect("peeked");
                out.push(Line {
                    number: r.number,
                    text: r.text.clone(),
                    kept: false,
                    reason: Some(r.reason.clone()),
                    pack: r.pack.clone(),
                    start: r.start,
                    end: r.end,
                    byte_span: r.byte_span,
                });
            }
        }
        out
    }

    /// Number of removed lines.
    #[getter]
    fn lines_removed(&self) -> usize {
        self.removed.len()
    }

    /// What was done, as a ``dict`` in the shape of the ``rinse clean
    /// --format jsonl`` annotation (the same Rust type writes both):
    /// ``language``, ``language_639_1``, ``confidence`` (three decimals),
    /// ``lines_removed`` and ``removed``, a list of ``[start_byte,
    /// end_byte, reason]``.
    #[getter]
    fn annotation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let removed = self
            .removed
            .iter()
            .map(|r| (r.byte_span.0, r.byte_span.1, r.reason.as_str()))
            .collect();
        let note =
            rinse::Annotation::new(self.language, self.language_639_1, self.confidence, removed);
        py.import("json")?.call_method1("loads", (note.to_json(),))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let mut preview: String = self.text.chars().take(60).collect();
        if preview.len() < self.text.len() {
            preview.push('…');
        }
        Ok(format!(
            "Cleaned(language={}, line_count={}, lines_removed={}, text={})",
            py_repr(py, self.language)?,
            self.line_count,
            self.removed.len(),
            py_repr(py, &preview)?
        ))
    }
}
