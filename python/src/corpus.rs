//! Corpus statistics in Python: counted per partition (or per process),
//! merged, shipped as bytes, and applied by `Cleaner(corpus_model=…)`: the
//! same evidence as `rinse learn --corpus-model` and `rinse clean
//! --corpus-model`, and the same file format.

use std::path::PathBuf;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};
use rayon::prelude::*;

use crate::{RinseError, texts_from};

/// Line statistics of a corpus, for batch mode anywhere: count the
/// documents of each partition with ``add``, combine partitions with
/// ``merge`` (or ``|``), and give the result (or its bytes) to
/// ``Cleaner(corpus_model=…)``. Only hashes of lines are kept, never text;
/// memory is bounded (rare lines are forgotten first).
///
/// Pickles as its bytes (``to_bytes``), the file format of ``rinse learn
/// --corpus-model``.
#[pyclass(module = "rinse", name = "CorpusStats")]
#[derive(Default)]
pub struct PyCorpusStats {
    pub stats: rinse::CorpusStats,
}

#[pymethods]
impl PyCorpusStats {
    #[new]
    fn new() -> Self {
        PyCorpusStats::default()
    }

    /// Counts the lines of ``texts`` (an iterable of ``str``), in parallel
    /// with the GIL released.
    fn add(&mut self, py: Python<'_>, texts: &Bound<'_, PyAny>) -> PyResult<()> {
        let texts = texts_from(texts, rinse::MAX_DOC_BYTES)?;
        let counted = py.detach(|| {
            texts
                .par_iter()
                .fold(rinse::CorpusStats::default, |mut s, t| {
                    s.add_document(t);
                    s
                })
                .reduce(rinse::CorpusStats::default, |mut a, b| {
                    a.merge(b);
                    a
                })
        });
        self.stats.merge(counted);
        Ok(())
    }

    /// Adds the counts of ``other`` (another partition's statistics).
    fn merge(&mut self, other: &PyCorpusStats) {
        self.stats.merge(other.stats.clone());
    }

    /// The merge of two statistics, as a new object.
    fn __or__(&self, other: &PyCorpusStats) -> PyCorpusStats {
        let mut stats = self.stats.clone();
        stats.merge(other.stats.clone());
        PyCorpusStats { stats }
    }

    /// Documents counted.
    #[getter]
    fn documents(&self) -> u64 {
        self.stats.documents()
    }

    /// How many lines are template from ``min_docs`` documents on.
    #[pyo3(signature = (min_docs=rinse::corpus::MIN_DOCS))]
    fn template_lines(&self, min_docs: u32) -> usize {
        self.stats.model_with(min_docs).len()
    }

    /// The statistics as bytes: the file format of ``rinse learn
    /// --corpus-model`` (versioned, checksummed).
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.stats.to_bytes())
    }

    /// Statistics from ``to_bytes`` or a ``--corpus-model`` file's
    /// content. Raises ``RinseError`` for anything else.
    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<PyCorpusStats> {
        let stats =
            rinse::CorpusStats::from_bytes(data).map_err(|e| RinseError::new_err(e.to_string()))?;
        Ok(PyCorpusStats { stats })
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let from_bytes = slf.get_type().getattr("from_bytes")?;
        let bytes = slf.borrow().to_bytes(py);
        Ok((from_bytes, PyTuple::new(py, [bytes])?))
    }

    fn __repr__(&self) -> String {
        format!("CorpusStats(documents={})", self.stats.documents())
    }
}

/// The bytes of a `corpus_model` argument: a `CorpusStats`, bytes, or the
/// path of a `--corpus-model` file (read within the format's bound).
pub fn model_bytes(value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(stats) = value.cast::<PyCorpusStats>() {
        return Ok(stats.borrow().stats.to_bytes());
    }
    if let Ok(bytes) = value.extract::<Vec<u8>>()
        && !value.is_instance_of::<pyo3::types::PyString>()
    {
        return Ok(bytes);
    }
    let path: PathBuf = value.extract().map_err(|_| {
        PyTypeError::new_err(
            "corpus_model: expected a CorpusStats, bytes, or the path of a corpus model file",
        )
    })?;
    // (Read and checked here, so that a bad file fails at construction;
    // kept as bytes, so that the cleaner pickles with its model.)
    let stats =
        rinse::CorpusStats::read_file(&path).map_err(|e| RinseError::new_err(e.to_string()))?;
    Ok(stats.to_bytes())
}
