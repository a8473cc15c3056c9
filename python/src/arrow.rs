//! Arrow in and out: the string column to clean imported through the Arrow
//! C data and stream interfaces (zero-copy), cleaned into a string array of
//! the same type, and handed back to pyarrow. The `unsafe` blocks are the
//! FFI handovers, each with what makes it sound.

use std::ffi::CStr;
use std::sync::{Arc, Mutex};

use arrow_array::builder::{GenericStringBuilder, StringViewBuilder};
use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi, to_ffi};
use arrow_array::ffi_stream::{ArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::{
    Array, ArrayReader, ArrayRef, GenericStringArray, LargeStringArray, OffsetSizeTrait,
    StringArray, StringViewArray, StructArray, make_array,
};
use arrow_schema::{ArrowError, DataType};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use rayon::prelude::*;

use crate::check_size;

const SCHEMA_CAPSULE: &CStr = c"arrow_schema";
const ARRAY_CAPSULE: &CStr = c"arrow_array";
const STREAM_CAPSULE: &CStr = c"arrow_array_stream";

fn arrow_err(e: ArrowError) -> PyErr {
    PyValueError::new_err(format!("Arrow: {e}"))
}

/// Arrow strings to clean: the array, and the nulls of an enclosing struct
/// (a record batch's column) that also make a row null.
pub(crate) struct Texts {
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
    pub(crate) fn clean(
        &self,
        cleaner: &rinse::Cleaner,
        max_doc_bytes: u64,
    ) -> Result<ArrayRef, String> {
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
pub(crate) fn texts_of(array: ArrayRef, column: Option<&str>) -> PyResult<Texts> {
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
pub(crate) fn import_array(obj: &Bound<'_, PyAny>) -> PyResult<ArrayRef> {
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
pub(crate) fn import_stream(obj: &Bound<'_, PyAny>) -> PyResult<(DataType, Vec<ArrayRef>)> {
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
pub(crate) fn output_type(data_type: &DataType, column: Option<&str>) -> PyResult<DataType> {
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
pub(crate) struct ArrowArrayExport {
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
pub(crate) fn to_pyarrow<'py>(
    pa: &Bound<'py, PyModule>,
    array: ArrayRef,
) -> PyResult<Bound<'py, PyAny>> {
    let py = pa.py();
    let (ffi_array, ffi_schema) = to_ffi(&array.to_data()).map_err(arrow_err)?;
    let schema = PyCapsule::new_with_value(py, ffi_schema, SCHEMA_CAPSULE)?;
    let array = PyCapsule::new_with_value(py, ffi_array, ARRAY_CAPSULE)?;
    let export = ArrowArrayExport {
        capsules: Mutex::new(Some((schema.unbind(), array.unbind()))),
    };
    pa.call_method1("array", (Bound::new(py, export)?,))
}

pub(crate) fn pyarrow_type<'py>(
    pa: &Bound<'py, PyModule>,
    dt: &DataType,
) -> PyResult<Bound<'py, PyAny>> {
    let name = match dt {
        DataType::Utf8 => "string",
        DataType::LargeUtf8 => "large_string",
        DataType::Utf8View => "string_view",
        other => unreachable!("checked string type, got {other}"),
    };
    pa.call_method0(name)
}
