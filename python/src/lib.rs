//! Python bindings of rinse.
//!
//! The Rust library is the single source of behaviour: this crate only
//! converts types (Python strings, sequences and Arrow arrays in; strings,
//! result objects and Arrow arrays out), releases the GIL while rinse works
//! and spreads batches over rayon's threads.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::create_exception;
use pyo3::exceptions::{PyImportError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyDict, PyString, PyTuple};
use rayon::prelude::*;
use rinse::Signal;

mod arrow;
mod corpus;
mod result;

use arrow::{
    ArrowArrayExport, import_array, import_stream, output_type, pyarrow_type, texts_of, to_pyarrow,
};
use result::{Cleaned, Line, RemovedLine};

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

/// What a `Cleaner` was built from: kept to rebuild it in another process
/// (pickling, e.g. Spark shipping a function to its executors).
#[derive(Debug, Clone)]
struct Config {
    /// The options of the cleaner itself, as the command line's.
    cleaner: rinse::CleanerConfig,
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
        self.cleaner.build()
    }
}

/// The texts of a batch, without copying them where Python keeps their
/// UTF-8 form, each checked against the document limit; an error names the
/// item.
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
///     corpus_model: corpus statistics to remove a corpus's template
///         lines with (``CorpusStats``, its bytes, or the path of a file
///         ``rinse learn --corpus-model`` wrote; ``--corpus-model``).
///     min_docs: documents a line must recur in to count as template
///         (default 5; ``--min-docs``).
///     normalize: write kept lines normalized (every space a plain space,
///         invisible characters removed) instead of as they were in the
///         input (``--normalize``).
///     model: the path of a file of article-model weights (the format of
///         ``model/article.toml``) used instead of the built-in ones
///         (``--model``).
///     model_toml: the same weights given as TOML text; they travel with
///         the cleaner when it is pickled.
///
/// Raises:
///     RinseError: a malformed pack or weights file, a folder or file that
///         cannot be read, an unknown name in ``disable``.
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
    #[pyo3(signature = (patterns=None, *, default_patterns=true, disable=None, language_switch=true, packs=None, threads=None, max_doc_bytes=rinse::MAX_DOC_BYTES, corpus_model=None, min_docs=rinse::corpus::MIN_DOCS, normalize=false, model=None, model_toml=None))]
    #[pyo3(
        text_signature = "(patterns=None, *, default_patterns=True, disable=(), language_switch=True, packs=None, threads=None, max_doc_bytes=268435456, corpus_model=None, min_docs=5, normalize=False, model=None, model_toml=None)"
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
        normalize: bool,
        model: Option<PathBuf>,
        model_toml: Option<String>,
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
        let model = match (model, model_toml) {
            (Some(_), Some(_)) => {
                return Err(PyValueError::new_err(
                    "give the weights as model (a file) or model_toml (its text), not both",
                ));
            }
            (Some(path), None) => Some(std::fs::read_to_string(&path).map_err(|e| {
                RinseError::new_err(format!("reading the model {}: {e}", path.display()))
            })?),
            (None, text) => text,
        };
        let config = Config {
            cleaner: rinse::CleanerConfig {
                default_patterns,
                patterns: dirs,
                packs: pack_list,
                disable,
                language_switch,
                model,
                normalize,
            },
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

    /// Cleans one document and explains every line, as ``rinse explain
    /// --json`` does (the same object, without ``file``).
    ///
    /// Returns:
    ///     dict: ``language``, ``language_639_1``, ``script``,
    ///     ``confidence``; ``lines``, one dict per non-blank input line
    ///     (``number``, ``span`` in bytes, ``kept``, ``removed_by``, ``pack``,
    ///     the line's ``language``, ``script``, ``language_source`` and
    ///     ``confidence``, the article model's ``region``, ``score``,
    ///     ``features`` and ``contributions``, ``text``); ``blocks``, the
    ///     blocks the article model removed (``region``, ``first``, ``last``,
    ///     ``score``, ``evidence``).
    fn explain<'py>(&self, py: Python<'py>, text: PyBackedStr) -> PyResult<Bound<'py, PyAny>> {
        check_size(&text, self.config.max_doc_bytes).map_err(RinseError::new_err)?;
        let json = py.detach(|| {
            let cleaned = self.cleaner.clean(&text);
            serde_json::to_string(&rinse::Explanation::new(&cleaned, &self.cleaner))
        });
        let json = json.map_err(|e| RinseError::new_err(e.to_string()))?;
        py.import("json")?.call_method1("loads", (json,))
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
        kwargs.set_item("patterns", c.cleaner.patterns.clone())?;
        kwargs.set_item("default_patterns", c.cleaner.default_patterns)?;
        kwargs.set_item("disable", c.cleaner.disable.clone())?;
        kwargs.set_item("language_switch", c.cleaner.language_switch)?;
        let packs = PyDict::new(py);
        for (name, source) in &c.cleaner.packs {
            packs.set_item(name, source)?;
        }
        kwargs.set_item("packs", packs)?;
        kwargs.set_item("normalize", c.cleaner.normalize)?;
        kwargs.set_item("model_toml", c.cleaner.model.clone())?;
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
    m.add_class::<Line>()?;
    m.add_class::<ArrowArrayExport>()?;
    m.add("RinseError", py.get_type::<RinseError>())?;
    let signals: Vec<&str> = Signal::ALL.iter().map(|s| s.name()).collect();
    m.add("SIGNALS", PyTuple::new(py, signals)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
