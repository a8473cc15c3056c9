//! Python bindings of rinse.
//!
//! The Rust library is the single source of behaviour: this crate only
//! converts types (Python strings, sequences and Arrow arrays in; strings,
//! result objects and Arrow arrays out), releases the GIL while rinse works
//! and spreads batches over rayon's threads.

use std::ffi::CStr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use arrow_array::builder::{GenericStringBuilder, StringViewBuilder};
use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi, to_ffi};
use arrow_array::ffi_stream::{ArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::{
    Array, ArrayReader, ArrayRef, GenericStringArray, LargeStringArray, OffsetSizeTrait,
    StringArray, StringViewArray, StructArray, make_array,
};
use arrow_schema::{ArrowError, DataType};
use pyo3::create_exception;
use pyo3::exceptions::{PyImportError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyCapsule, PyDict, PyString, PyTuple};
use rayon::prelude::*;
use rinse::Signal;

mod corpus;

create_exception!(
    rinse,
    RinseError,
    PyValueError,
    "A rinse configuration or pattern pack that cannot work: a malformed pack, \
     a patterns folder that cannot be read, an unknown rule or signal name given \
     to ``disable``. The message is the Rust library's."
);

/// Python's `repr` of a string.
fn py_repr(py: Python<'_>, s: &str) -> PyResult<String> {
    PyString::new(py, s).repr()?.extract()
}

fn rinse_err(e: rinse::Error) -> PyErr {
    RinseError::new_err(e.to_string())
}

fn arrow_err(e: ArrowError) -> PyErr {
    PyValueError::new_err(format!("Arrow: {e}"))
}

const SCHEMA_CAPSULE: &CStr = c"arrow_schema";
const ARRAY_CAPSULE: &CStr = c"arrow_array";
const STREAM_CAPSULE: &CStr = c"arrow_array_stream";

/// What a `Cleaner` was built from: kept to rebuild it in another process
/// (pickling, e.g. Spark shipping a function to its executors).
#[derive(Debug, Clone)]
struct Config {
    patterns: Vec<PathBuf>,
    default_patterns: bool,
    disable: Vec<String>,
    language_switch: bool,
    packs: Vec<(String, String)>,
    threads: Option<usize>,
    max_doc_bytes: u64,
    /// Corpus statistics (the `--corpus-model` format) and the documents
    /// a line must recur in to count as template.
    corpus_model: Option<Vec<u8>>,
    min_docs: u32,
}

impl Config {
    /// The cleaner, with the corpus model applied when there is one (then
    /// also its documents and template lines).
    fn build(&self) -> rinse::Result<(rinse::Cleaner, Option<(u64, usize)>)> {
        let cleaner = self.build_packs()?;
        let Some(bytes) = &self.corpus_model else {
            return Ok((cleaner, None));
        };
        let model = rinse::CorpusStats::from_bytes(bytes)?.model_with(self.min_docs);
        let corpus = (model.documents(), model.len());
        Ok((cleaner.with_corpus(Arc::new(model)), Some(corpus)))
    }

    fn build_packs(&self) -> rinse::Result<rinse::Cleaner> {
        let mut builder = rinse::Cleaner::builder()
            .default_patterns(self.default_patterns)
            .language_switch(self.language_switch);
        for dir in &self.patterns {
            builder = builder.patterns_dir(dir);
        }
        for (name, source) in &self.packs {
            builder = builder.pack(name, source);
        }
        for name in &self.disable {
            builder = builder.disable(name);
        }
        builder.build()
    }
}

/// One removed line of a document.
#[pyclass(module = "rinse", name = "RemovedLine", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
struct RemovedLine {
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

/// The result of cleaning one document: the clean body, the document
/// language and every removed line with the rule or signal that removed it.
#[pyclass(module = "rinse", name = "Cleaned", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
struct Cleaned {
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
    lines: usize,
    removed: Vec<RemovedLine>,
}

impl Cleaned {
    fn of(input: &str, cleaned: &rinse::Cleaned) -> Cleaned {
        let doc = cleaned.language();
        // Byte offsets to str (code point) indices, walking forward once.
        let mut at_byte = 0;
        let mut at_char = 0;
        let mut char_index = |byte: usize| {
            at_char += input[at_byte..byte].chars().count();
            at_byte = byte;
            at_char
        };
        let removed = cleaned
            .removed()
            .map(|line| {
                let why = line.removal.as_ref().expect("removed lines have a removal");
                let start = char_index(line.span.start);
                let end = char_index(line.span.end);
                RemovedLine {
                    number: line.number,
                    text: line.text.to_string(),
                    reason: why.name().to_owned(),
                    pack: why.pack().map(str::to_owned),
                    start,
                    end,
                    byte_span: (line.span.start, line.span.end),
                }
            })
            .collect();
        Cleaned {
            text: cleaned.text(),
            language: doc.code(),
            language_639_1: doc.code_639_1(),
            script: doc.script.map(rinse::lang::script_name),
            confidence: doc.reported_confidence(),
            lines: cleaned.lines().len(),
            removed,
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

    /// Number of removed lines.
    #[getter]
    fn lines_removed(&self) -> usize {
        self.removed.len()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let mut preview: String = self.text.chars().take(60).collect();
        if preview.len() < self.text.len() {
            preview.push('…');
        }
        Ok(format!(
            "Cleaned(language={}, lines={}, lines_removed={}, text={})",
            py_repr(py, self.language)?,
            self.lines,
            self.removed.len(),
            py_repr(py, &preview)?
        ))
    }
}

/// Arrow strings to clean: the array, and the nulls of an enclosing struct
/// (a record batch's column) that also make a row null.
struct Texts {
    strings: Strings,
    outer_nulls: Option<arrow_buffer::NullBuffer>,
}

enum Strings {
    Utf8(StringArray),
    LargeUtf8(LargeStringArray),
    Utf8View(StringViewArray),
}

impl Texts {
    fn len(&self) -> usize {
        match &self.strings {
            Strings::Utf8(a) => a.len(),
            Strings::LargeUtf8(a) => a.len(),
            Strings::Utf8View(a) => a.len(),
        }
    }

    fn get(&self, i: usize) -> Option<&str> {
        if self.outer_nulls.as_ref().is_some_and(|n| n.is_null(i)) {
            return None;
        }
        fn value<O: OffsetSizeTrait>(a: &GenericStringArray<O>, i: usize) -> Option<&str> {
            a.is_valid(i).then(|| a.value(i))
        }
        match &self.strings {
            Strings::Utf8(a) => value(a, i),
            Strings::LargeUtf8(a) => value(a, i),
            Strings::Utf8View(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }

    /// Cleans every row (in parallel) into an array of the input's type; a
    /// row over `max_doc_bytes` is an error naming it, before any work.
    fn clean(&self, cleaner: &rinse::Cleaner, max_doc_bytes: u64) -> Result<ArrayRef, String> {
        for i in 0..self.len() {
            if let Some(text) = self.get(i) {
                check_size(text, max_doc_bytes).map_err(|e| format!("row {i}: {e}"))?;
            }
        }
        let rows: Vec<Option<String>> = (0..self.len())
            .into_par_iter()
            .map(|i| self.get(i).map(|t| cleaner.clean_text(t)))
            .collect();
        let bytes: usize = rows.iter().flatten().map(String::len).sum();
        Ok(match self.strings {
            Strings::Utf8(_) => {
                if bytes > i32::MAX as usize {
                    return Err(format!(
                        "the clean texts hold {bytes} bytes, more than a `string` array can \
                         (2 GiB): pass a `large_string` array or smaller batches"
                    ));
                }
                Arc::new(build_strings::<i32>(rows, bytes))
            }
            Strings::LargeUtf8(_) => Arc::new(build_strings::<i64>(rows, bytes)),
            Strings::Utf8View(_) => {
                let mut b = StringViewBuilder::with_capacity(rows.len());
                for row in rows {
                    b.append_option(row);
                }
                Arc::new(b.finish())
            }
        })
    }
}

fn build_strings<O: OffsetSizeTrait>(
    rows: Vec<Option<String>>,
    bytes: usize,
) -> GenericStringArray<O> {
    let mut b = GenericStringBuilder::<O>::with_capacity(rows.len(), bytes);
    for row in rows {
        b.append_option(row);
    }
    b.finish()
}

/// The string column to clean: `array` itself, or its field `column` when it
/// is a struct (a record batch exported through the C data interface).
fn texts_of(array: ArrayRef, column: Option<&str>) -> PyResult<Texts> {
    let text_type = output_type(array.data_type(), column)?;
    let (array, outer_nulls) = match column {
        Some(name) => {
            let s = array
                .as_any()
                .downcast_ref::<StructArray>()
                .expect("checked: a struct");
            let child = s.column_by_name(name).expect("checked: the column exists");
            (child.clone(), s.nulls().cloned())
        }
        None => (array, None),
    };
    let any = array.as_any();
    let strings = match text_type {
        DataType::Utf8 => Strings::Utf8(any.downcast_ref::<StringArray>().expect("utf8").clone()),
        DataType::LargeUtf8 => Strings::LargeUtf8(
            any.downcast_ref::<LargeStringArray>()
                .expect("large utf8")
                .clone(),
        ),
        DataType::Utf8View => Strings::Utf8View(
            any.downcast_ref::<StringViewArray>()
                .expect("utf8 view")
                .clone(),
        ),
        _ => unreachable!("output_type accepts string types only"),
    };
    Ok(Texts {
        strings,
        outer_nulls,
    })
}

/// Imports an object implementing `__arrow_c_array__` without copying its
/// buffers.
fn import_array(obj: &Bound<'_, PyAny>) -> PyResult<ArrayRef> {
    let pair = obj.call_method0("__arrow_c_array__")?;
    let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) = pair.extract()?;
    let schema_ptr = schema
        .pointer_checked(Some(SCHEMA_CAPSULE))?
        .cast::<FFI_ArrowSchema>();
    let array_ptr = array
        .pointer_checked(Some(ARRAY_CAPSULE))?
        .cast::<FFI_ArrowArray>();
    // SAFETY: by the Arrow PyCapsule interface, these capsules hold valid C
    // data interface structs. The array is moved out (its capsule is left
    // holding a released struct, which its destructor skips); the schema is
    // only read, and released by its capsule.
    let data = unsafe {
        let ffi_array = FFI_ArrowArray::from_raw(array_ptr.as_ptr());
        from_ffi(ffi_array, schema_ptr.as_ref())
    }
    .map_err(arrow_err)?;
    Ok(make_array(data))
}

/// Imports every chunk of an object implementing `__arrow_c_stream__`, and
/// the data type of the stream.
fn import_stream(obj: &Bound<'_, PyAny>) -> PyResult<(DataType, Vec<ArrayRef>)> {
    let capsule = obj
        .call_method0("__arrow_c_stream__")?
        .cast_into::<PyCapsule>()?;
    let ptr = capsule
        .pointer_checked(Some(STREAM_CAPSULE))?
        .cast::<FFI_ArrowArrayStream>();
    // SAFETY: by the Arrow PyCapsule interface, the capsule holds a valid
    // stream; it is moved out and released when the reader is dropped.
    let reader = unsafe { ArrayStreamReader::from_raw(ptr.as_ptr()) }.map_err(arrow_err)?;
    let data_type = reader.field().data_type().clone();
    let chunks = reader.collect::<Result<Vec<_>, _>>().map_err(arrow_err)?;
    Ok((data_type, chunks))
}

/// The string type of the column to clean (and of the output): `data_type`
/// itself, or the type of its field `column` when it is a struct (a record
/// batch or a table); an error for anything else.
fn output_type(data_type: &DataType, column: Option<&str>) -> PyResult<DataType> {
    let dt = match (data_type, column) {
        (DataType::Struct(fields), Some(name)) => fields
            .iter()
            .find(|f| f.name() == name)
            .map(|f| f.data_type().clone())
            .ok_or_else(|| {
                let names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
                PyValueError::new_err(format!(
                    "no column '{name}'; the columns are: {}",
                    names.join(", ")
                ))
            })?,
        (DataType::Struct(_), None) => {
            return Err(PyTypeError::new_err(
                "a record batch or table has several columns: name the text column with \
                 column=\"text\"",
            ));
        }
        (other, Some(name)) => {
            return Err(PyTypeError::new_err(format!(
                "column='{name}' needs a record batch or table, not a {other} array"
            )));
        }
        (other, None) => other.clone(),
    };
    match dt {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Ok(dt),
        other => Err(PyTypeError::new_err(format!(
            "expected an Arrow string array (string, large_string or string_view), got {other}"
        ))),
    }
}

/// An Arrow array handed to a consumer through the Arrow PyCapsule interface
/// (``__arrow_c_array__``), once.
#[pyclass(module = "rinse._rinse", name = "_ArrowArrayExport", frozen)]
struct ArrowArrayExport {
    capsules: Mutex<Option<(Py<PyCapsule>, Py<PyCapsule>)>>,
}

#[pymethods]
impl ArrowArrayExport {
    /// The ``(schema, array)`` capsules of the Arrow C data interface.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__(
        &self,
        requested_schema: Option<Bound<'_, PyAny>>,
    ) -> PyResult<(Py<PyCapsule>, Py<PyCapsule>)> {
        // A producer may ignore the requested schema: the array has the
        // input's string type, which is what the caller asked for.
        let _ = requested_schema;
        self.capsules
            .lock()
            .expect("capsule lock")
            .take()
            .ok_or_else(|| PyValueError::new_err("this Arrow array was already consumed"))
    }
}

/// Exports `array` and imports it into pyarrow (zero-copy).
fn to_pyarrow<'py>(pa: &Bound<'py, PyModule>, array: ArrayRef) -> PyResult<Bound<'py, PyAny>> {
    let py = pa.py();
    let (ffi_array, ffi_schema) = to_ffi(&array.to_data()).map_err(arrow_err)?;
    let schema = PyCapsule::new_with_value(py, ffi_schema, SCHEMA_CAPSULE)?;
    let array = PyCapsule::new_with_value(py, ffi_array, ARRAY_CAPSULE)?;
    let export = ArrowArrayExport {
        capsules: Mutex::new(Some((schema.unbind(), array.unbind()))),
    };
    pa.call_method1("array", (Bound::new(py, export)?,))
}

fn pyarrow_type<'py>(pa: &Bound<'py, PyModule>, dt: &DataType) -> PyResult<Bound<'py, PyAny>> {
    let name = match dt {
        DataType::Utf8 => "string",
        DataType::LargeUtf8 => "large_string",
        DataType::Utf8View => "string_view",
        other => unreachable!("checked string type, got {other}"),
    };
    pa.call_method0(name)
}

/// Strings of a Python iterable, without copying them where Python keeps
/// their UTF-8 form.
/// The texts of a batch, each checked against the document limit; an
/// error names the item.
fn texts_from(texts: &Bound<'_, PyAny>, max_doc_bytes: u64) -> PyResult<Vec<PyBackedStr>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "expected a sequence of str, got a single str (use clean() for one text)",
        ));
    }
    let mut out = Vec::with_capacity(texts.len().unwrap_or(0));
    for (i, item) in texts.try_iter()?.enumerate() {
        let item = item?;
        let text = item.extract::<PyBackedStr>().map_err(|_| {
            PyTypeError::new_err(format!(
                "item {i}: expected str, got {}",
                item.get_type()
                    .name()
                    .map_or_else(|_| "?".to_owned(), |n| n.to_string())
            ))
        })?;
        check_size(&text, max_doc_bytes)
            .map_err(|e| RinseError::new_err(format!("item {i}: {e}")))?;
        out.push(text);
    }
    Ok(out)
}

/// An error of `clean_arrow`: a row over the limit is a `RinseError`, as
/// in the other methods; an output too large for its array type a
/// `ValueError`.
fn clean_arrow_err(message: String) -> PyErr {
    if message.contains("larger than max_doc_bytes") {
        RinseError::new_err(message)
    } else {
        PyValueError::new_err(message)
    }
}

/// A document over the limit is an error, before any work on it.
fn check_size(text: &str, max_doc_bytes: u64) -> Result<(), String> {
    if text.len() as u64 > max_doc_bytes {
        return Err(format!(
            "document of {} bytes is larger than max_doc_bytes ({max_doc_bytes})",
            text.len()
        ));
    }
    Ok(())
}

/// `disable`: one name or a list of names.
fn names_from(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    if let Ok(name) = value.extract::<String>() {
        return Ok(vec![name]);
    }
    let not_names = || {
        PyTypeError::new_err(
            "disable: expected a name (str) or a list of names, e.g. \"eng/byline\"",
        )
    };
    value
        .try_iter()
        .map_err(|_| not_names())?
        .map(|item| item?.extract::<String>().map_err(|_| not_names()))
        .collect()
}

/// Cleans documents with a configured set of pattern packs and signals.
///
/// Build it once and reuse it: it holds the loaded packs and the rules
/// compiled so far. Cleaning is thread-safe, and the batch and Arrow methods
/// release the GIL and clean in parallel on all cores (or ``threads``).
///
/// Args:
///     patterns: a folder of ``*.toml`` packs (``str`` or ``os.PathLike``),
///         or a list of folders, added on top of the built-in packs
///         (like ``rinse clean --patterns DIR``); same-named rules replace
///         earlier ones.
///     default_patterns: start from the built-in packs (default ``True``;
///         ``False`` is ``--no-default-patterns``).
///     disable: a name, or a list of names, of rules (``"eng/byline"``) or
///         signals (``"chrome-block"``, see ``rinse.SIGNALS``) to turn off
///         (``--disable``). An unknown name raises ``RinseError``.
///     language_switch: keep the language-switch signal on (default
///         ``True``; ``False`` is ``--no-language-switch``).
///     packs: extra packs given as TOML text, ``{pack_name: toml_source}``,
///         loaded after the folders. Unlike folders they travel with the
///         cleaner when it is pickled (e.g. to Spark executors).
///     threads: size of a thread pool of this cleaner's own for the batch
///         and Arrow methods (default: rayon's global pool, one thread per
///         core, or ``RAYON_NUM_THREADS``).
///     max_doc_bytes: the largest document cleaned, in bytes of UTF-8
///         (default 256 MiB, as ``--max-doc-bytes``): a larger one raises
///         ``RinseError`` before any work on it, so that memory stays
///         bounded.
///
/// Raises:
///     RinseError: a malformed pack, a folder that cannot be read, an
///         unknown name in ``disable``.
#[pyclass(module = "rinse", name = "Cleaner", frozen)]
struct PyCleaner {
    cleaner: rinse::Cleaner,
    config: Config,
    pool: Option<Arc<rayon::ThreadPool>>,
    /// With corpus evidence: (documents, template lines).
    corpus: Option<(u64, usize)>,
}

impl PyCleaner {
    /// Runs `f` in this cleaner's thread pool, or rayon's global one.
    fn run<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        match &self.pool {
            Some(pool) => pool.install(f),
            None => f(),
        }
    }
}

#[pymethods]
impl PyCleaner {
    #[new]
    #[pyo3(signature = (patterns=None, *, default_patterns=true, disable=None, language_switch=true, packs=None, threads=None, max_doc_bytes=rinse::MAX_DOC_BYTES, corpus_model=None, min_docs=rinse::corpus::MIN_DOCS))]
    #[pyo3(
        text_signature = "(patterns=None, *, default_patterns=True, disable=(), language_switch=True, packs=None, threads=None, max_doc_bytes=268435456, corpus_model=None, min_docs=5)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        patterns: Option<&Bound<'_, PyAny>>,
        default_patterns: bool,
        disable: Option<&Bound<'_, PyAny>>,
        language_switch: bool,
        packs: Option<&Bound<'_, PyAny>>,
        threads: Option<usize>,
        max_doc_bytes: u64,
        corpus_model: Option<&Bound<'_, PyAny>>,
        min_docs: u32,
    ) -> PyResult<Self> {
        let disable = names_from(disable)?;
        let corpus_model = corpus_model.map(corpus::model_bytes).transpose()?;
        let mut dirs = Vec::new();
        if let Some(p) = patterns {
            if let Ok(dir) = p.extract::<PathBuf>() {
                dirs.push(dir);
            } else {
                for item in p.try_iter().map_err(|_| {
                    PyTypeError::new_err(
                        "patterns: expected a folder (str or os.PathLike) or a list of folders",
                    )
                })? {
                    dirs.push(item?.extract::<PathBuf>()?);
                }
            }
        }
        // Absolute, so that a pickled cleaner finds them from another
        // working directory.
        let dirs = dirs
            .into_iter()
            .map(|d| std::path::absolute(&d).unwrap_or(d))
            .collect();
        let mut pack_list = Vec::new();
        if let Some(packs) = packs {
            let items = packs.call_method0("items").map_err(|_| {
                PyTypeError::new_err("packs: expected a mapping {pack_name: toml_source}")
            })?;
            for item in items.try_iter()? {
                let (name, source): (String, String) = item?.extract()?;
                pack_list.push((name, source));
            }
        }
        if threads == Some(0) {
            return Err(PyValueError::new_err("threads must be at least 1"));
        }
        let config = Config {
            patterns: dirs,
            default_patterns,
            disable,
            language_switch,
            packs: pack_list,
            threads,
            max_doc_bytes,
            corpus_model,
            min_docs,
        };
        let (cleaner, corpus) = py.detach(|| config.build()).map_err(rinse_err)?;
        let pool = match threads {
            Some(n) => Some(Arc::new(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .thread_name(|i| format!("rinse-{i}"))
                    .build()
                    .map_err(|e| PyValueError::new_err(format!("thread pool: {e}")))?,
            )),
            None => None,
        };
        Ok(PyCleaner {
            cleaner,
            config,
            pool,
            corpus,
        })
    }

    /// Cleans one document and explains every removal.
    ///
    /// Returns:
    ///     Cleaned: ``.text`` (the clean body), ``.language``,
    ///     ``.confidence``, ``.removed`` (the removed lines with the rule or
    ///     signal that removed each) and ``.lines_removed``.
    fn clean(&self, py: Python<'_>, text: PyBackedStr) -> PyResult<Cleaned> {
        check_size(&text, self.config.max_doc_bytes).map_err(RinseError::new_err)?;
        Ok(py.detach(|| Cleaned::of(&text, &self.cleaner.clean(&text))))
    }

    /// Cleans one document and returns the clean body only: the kept lines
    /// as they were in the input (in NFC, trimmed), each followed by ``\n``.
    fn clean_text(&self, py: Python<'_>, text: PyBackedStr) -> PyResult<String> {
        check_size(&text, self.config.max_doc_bytes).map_err(RinseError::new_err)?;
        Ok(py.detach(|| self.cleaner.clean_text(&text)))
    }

    /// Cleans many documents in parallel, with the GIL released; returns the
    /// clean bodies in input order.
    ///
    /// Args:
    ///     texts: an iterable of ``str`` (a list, a tuple, a generator).
    fn clean_batch(&self, py: Python<'_>, texts: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let texts = texts_from(texts, self.config.max_doc_bytes)?;
        Ok(py.detach(|| {
            self.run(|| {
                texts
                    .par_iter()
                    .map(|t| self.cleaner.clean_text(t))
                    .collect()
            })
        }))
    }

    /// Like ``clean_batch``, but returns a ``Cleaned`` result per document
    /// (language, removed lines and the rules or signals that removed them).
    fn clean_batch_results(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<Cleaned>> {
        let texts = texts_from(texts, self.config.max_doc_bytes)?;
        Ok(py.detach(|| {
            self.run(|| {
                texts
                    .par_iter()
                    .map(|t| Cleaned::of(t, &self.cleaner.clean(t)))
                    .collect()
            })
        }))
    }

    /// Cleans an Arrow column of texts in parallel, with the GIL released.
    ///
    /// The input is read in place through the Arrow C data interface (no
    /// copy): a ``pyarrow`` ``StringArray``, ``LargeStringArray`` or
    /// ``StringViewArray`` (or any object with ``__arrow_c_array__``), a
    /// ``ChunkedArray`` (or any ``__arrow_c_stream__``), or a ``RecordBatch``
    /// or ``Table`` with ``column`` naming the text column.
    ///
    /// Returns:
    ///     a pyarrow array of the clean bodies, of the input's string type,
    ///     with nulls where the input has nulls; a ``ChunkedArray`` with the
    ///     same chunks for a chunked input (a ``Table`` column).
    ///
    /// Raises:
    ///     TypeError: not a string column, or ``column`` missing or misplaced.
    ///     ValueError: no such column; more than 2 GiB of clean text in one
    ///         ``string`` array.
    #[pyo3(signature = (data, column=None))]
    fn clean_arrow<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        column: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let pa = py.import("pyarrow").map_err(|_| {
            PyImportError::new_err("clean_arrow returns pyarrow arrays: pip install pyarrow")
        })?;
        if data.hasattr("__arrow_c_array__")? {
            let texts = texts_of(import_array(data)?, column)?;
            let out = py
                .detach(|| self.run(|| texts.clean(&self.cleaner, self.config.max_doc_bytes)))
                .map_err(clean_arrow_err)?;
            to_pyarrow(&pa, out)
        } else if data.hasattr("__arrow_c_stream__")? {
            let (data_type, chunks) = import_stream(data)?;
            let out_type = output_type(&data_type, column)?;
            let texts = chunks
                .into_iter()
                .map(|c| texts_of(c, column))
                .collect::<PyResult<Vec<_>>>()?;
            let cleaned = py
                .detach(|| {
                    self.run(|| {
                        texts
                            .iter()
                            .map(|t| t.clean(&self.cleaner, self.config.max_doc_bytes))
                            .collect::<Result<Vec<_>, _>>()
                    })
                })
                .map_err(clean_arrow_err)?;
            let chunks = cleaned
                .into_iter()
                .map(|a| to_pyarrow(&pa, a))
                .collect::<PyResult<Vec<_>>>()?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("type", pyarrow_type(&pa, &out_type)?)?;
            pa.call_method("chunked_array", (chunks,), Some(&kwargs))
        } else {
            Err(PyTypeError::new_err(format!(
                "clean_arrow expects an Arrow array, chunked array, record batch or table \
                 (an object with __arrow_c_array__ or __arrow_c_stream__), got {}",
                data.get_type().name()?
            )))
        }
    }

    /// A cleaner that also removes the template lines of a corpus: lines
    /// that recur at the edges of at least ``min_docs`` documents of
    /// ``texts`` telling different stories (site menus and footers), as
    /// ``rinse clean FOLDER`` does in batch mode. Copies of one story keep
    /// the lines they share.
    ///
    /// Args:
    ///     texts: the documents of the corpus (an iterable of ``str``),
    ///         usually the ones you are about to clean.
    ///     min_docs: documents a line must recur in to count as template
    ///         (default 5, at least 2; ``--min-docs``).
    ///
    /// Returns:
    ///     Cleaner: a new cleaner with the same packs and signals. It cannot
    ///     be pickled (the corpus statistics stay in this process).
    #[pyo3(signature = (texts, min_docs=rinse::corpus::MIN_DOCS))]
    fn with_corpus(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        min_docs: u32,
    ) -> PyResult<PyCleaner> {
        let texts = texts_from(texts, self.config.max_doc_bytes)?;
        let model = py.detach(|| {
            self.run(|| {
                let docs: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
                rinse::CorpusModel::learn(&self.cleaner, &docs, min_docs)
            })
        });
        // (The model learned here replaces any corpus_model of the config.)
        let config = Config {
            corpus_model: None,
            ..self.config.clone()
        };
        Ok(PyCleaner {
            corpus: Some((model.documents(), model.len())),
            cleaner: self.cleaner.with_corpus(Arc::new(model)),
            config,
            pool: self.pool.clone(),
        })
    }

    /// Names of the rules in use (``pack/rule``), in load order.
    #[getter]
    fn rules(&self) -> Vec<String> {
        self.cleaner
            .rule_set()
            .rules()
            .iter()
            .map(|r| r.id().to_owned())
            .collect()
    }

    /// Names of the packs in use, in load order.
    #[getter]
    fn packs(&self) -> Vec<String> {
        self.cleaner
            .rule_set()
            .packs()
            .iter()
            .map(|p| p.name.clone())
            .collect()
    }

    /// Template lines learned by ``with_corpus`` (``None`` without a corpus).
    #[getter]
    fn corpus_template_lines(&self) -> Option<usize> {
        self.corpus.map(|(_, lines)| lines)
    }

    fn __repr__(&self) -> String {
        let corpus = match self.corpus {
            Some((docs, lines)) => format!(", corpus={lines} template lines from {docs} documents"),
            None => String::new(),
        };
        format!(
            "Cleaner(rules={}, packs={}{corpus})",
            self.cleaner.rule_set().rules().len(),
            self.cleaner.rule_set().packs().len()
        )
    }

    /// Pickling rebuilds the cleaner from its options in the other process
    /// (pattern folders must exist there; inline ``packs`` travel along).
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let me = slf.get();
        if me.corpus.is_some() && me.config.corpus_model.is_none() {
            return Err(PyTypeError::new_err(
                "a Cleaner from with_corpus() cannot be pickled: call with_corpus() where \
                 the cleaner is used, or pass the statistics as Cleaner(corpus_model=…)",
            ));
        }
        let c = &me.config;
        let kwargs = PyDict::new(py);
        kwargs.set_item("patterns", c.patterns.clone())?;
        kwargs.set_item("default_patterns", c.default_patterns)?;
        kwargs.set_item("disable", c.disable.clone())?;
        kwargs.set_item("language_switch", c.language_switch)?;
        let packs = PyDict::new(py);
        for (name, source) in &c.packs {
            packs.set_item(name, source)?;
        }
        kwargs.set_item("packs", packs)?;
        kwargs.set_item("threads", c.threads)?;
        kwargs.set_item("max_doc_bytes", c.max_doc_bytes)?;
        if let Some(bytes) = &c.corpus_model {
            kwargs.set_item("corpus_model", pyo3::types::PyBytes::new(py, bytes))?;
        }
        kwargs.set_item("min_docs", c.min_docs)?;
        let partial = py
            .import("functools")?
            .getattr("partial")?
            .call((slf.get_type(),), Some(&kwargs))?;
        Ok((partial, PyTuple::empty(py)))
    }
}

/// Cleans ``text`` with the built-in packs and all signals and returns the
/// clean body: the kept lines as they were in the input (in NFC, trimmed), each followed by ``\n``. The same
/// as ``rinse::clean`` in Rust and ``rinse clean`` on one file. A text over
/// 256 MiB raises ``RinseError`` (see ``Cleaner(max_doc_bytes=…)``).
#[pyfunction]
fn clean(py: Python<'_>, text: PyBackedStr) -> PyResult<String> {
    check_size(&text, rinse::MAX_DOC_BYTES).map_err(RinseError::new_err)?;
    Ok(py.detach(|| rinse::clean(&text)))
}

/// rinse turns scraped article text into clean article bodies, in any
/// language (native module; import ``rinse``).
#[pymodule]
#[pyo3(name = "_rinse")]
fn rinse_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(clean, m)?)?;
    m.add_class::<PyCleaner>()?;
    m.add_class::<corpus::PyCorpusStats>()?;
    m.add_class::<Cleaned>()?;
    m.add_class::<RemovedLine>()?;
    m.add_class::<ArrowArrayExport>()?;
    m.add("RinseError", py.get_type::<RinseError>())?;
    let signals: Vec<&str> = Signal::ALL.iter().map(|s| s.name()).collect();
    m.add("SIGNALS", PyTuple::new(py, signals)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
