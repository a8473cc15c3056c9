//! Parquet read with the limits the `parquet` crate does not set, as the
//! command-line tool reads it (and its fuzz target with it): a damaged file
//! fails, named, instead of allocating what its metadata declares or
//! reading at its end for ever. Part of the `cli` feature.

use arrow_array::Array;
use arrow_array::cast::AsArray;
use arrow_schema::DataType;
use parquet::file::reader::{ChunkReader, Length};

/// Most reads at the end of the file one reader may make. A damaged
/// header can declare a list of billions of fields to skip; the `parquet`
/// crate then reads at the end of the file for each one (a 493-byte file
/// held a worker for minutes).
pub const MAX_READS_AT_END: u32 = 64;

/// A Parquet file (a `std::fs::File`, or its bytes in memory) as its
/// reader sees it, with two limits the `parquet` crate does not set: no chunk is asked for past the end of the file
/// (a damaged length would be allocated first), and a reader that keeps
/// reading at the end of the file fails ([`MAX_READS_AT_END`]).
pub struct Source<C>(pub C);

impl<C: ChunkReader> Length for Source<C> {
    fn len(&self) -> u64 {
        self.0.len()
    }
}

impl<C: ChunkReader> ChunkReader for Source<C> {
    type T = AtEnd<C::T>;

    fn get_read(&self, start: u64) -> parquet::errors::Result<Self::T> {
        Ok(AtEnd {
            inner: self.0.get_read(start)?,
            reads: 0,
        })
    }

    fn get_bytes(&self, start: u64, length: usize) -> parquet::errors::Result<bytes::Bytes> {
        let len = self.0.len();
        if start.saturating_add(length as u64) > len {
            return Err(parquet::errors::ParquetError::EOF(format!(
                "a chunk of {length} bytes at {start} would end past the end of the file \
                 ({len} bytes)"
            )));
        }
        self.0.get_bytes(start, length)
    }
}

/// A reader that fails once it has been asked to read at the end more than
/// [`MAX_READS_AT_END`] times.
pub struct AtEnd<R> {
    inner: R,
    reads: u32,
}

impl<R: std::io::Read> std::io::Read for AtEnd<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            self.reads += 1;
            if self.reads > MAX_READS_AT_END {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "a page header reads past the end of the file again and again",
                ));
            }
        }
        Ok(n)
    }
}

/// The texts of a string column of any of Arrow's three string types
/// (`Utf8`, `LargeUtf8`, `Utf8View`; any other type reads as the last).
pub fn texts(column: &dyn Array) -> Vec<Option<&str>> {
    match column.data_type() {
        DataType::Utf8 => column.as_string::<i32>().iter().collect(),
        DataType::LargeUtf8 => column.as_string::<i64>().iter().collect(),
        _ => column.as_string_view().iter().collect(),
    }
}
