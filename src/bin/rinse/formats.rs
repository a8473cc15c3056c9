//! Input and output formats: plain text or JSON Lines, plain, gzip or zstd,
//! and outputs that appear atomically.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;

use crate::cli::FormatArg;

/// What the records of a file are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One document per file.
    Text,
    /// One JSON record per line.
    Jsonl,
    /// A Parquet file: one document per row.
    Parquet,
}

/// How a file is compressed, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Compression {
    pub fn of(path: &Path) -> Compression {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".gz") {
            Compression::Gzip
        } else if name.ends_with(".zst") {
            Compression::Zstd
        } else {
            Compression::None
        }
    }
}

/// File names (after `.gz` or `.zst`) read as JSON Lines by default.
pub const JSONL_NAMES: &[&str] = &[".jsonl", ".ndjson", ".json"];

/// The format of an input: forced by `--format`, or by its name (`.jsonl`,
/// `.ndjson` and `.json`, optionally `.gz` or `.zst`, are JSON Lines; a
/// `.json` file that is not one object per line is an error when read,
/// see [`Records`]).
pub fn format_of(path: &Path, forced: FormatArg) -> Format {
    match forced {
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Text => Format::Text,
        FormatArg::Parquet => Format::Parquet,
        FormatArg::Auto => {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let base = name.trim_end_matches(".gz").trim_end_matches(".zst");
            if name.ends_with(".parquet") || name.ends_with(".pq") {
                Format::Parquet
            } else if JSONL_NAMES.iter().any(|x| base.ends_with(x)) {
                Format::Jsonl
            } else {
                Format::Text
            }
        }
    }
}

/// The first bytes of a gzip stream and of a zstd frame.
const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];

/// The compression whose magic bytes `start` begins with, if any.
fn compressed_as(start: &[u8]) -> Option<Compression> {
    if start.starts_with(GZIP_MAGIC) {
        Some(Compression::Gzip)
    } else if start.starts_with(ZSTD_MAGIC) {
        Some(Compression::Zstd)
    } else {
        None
    }
}

/// The error of a file whose content is not what its name says.
fn misnamed(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

/// Opens an input (`-` for stdin), decompressing by its name. A file
/// named `.gz` or `.zst` must start like one; a file with another name
/// must not (compressed data is never read as text).
pub fn open(path: &Path) -> io::Result<Box<dyn BufRead + Send>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(BufReader::with_capacity(1 << 16, io::stdin())));
    }
    let file = File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(io::Error::new(io::ErrorKind::IsADirectory, "is a folder"));
    }
    let mut file = BufReader::with_capacity(1 << 16, file);
    let start = file.fill_buf()?;
    let named = Compression::of(path);
    let found = compressed_as(start);
    match (named, found) {
        (Compression::None, Some(c)) => {
            return Err(misnamed(&format!(
                "{} data in a file not named {} (rename it, or decompress it first)",
                c.name(),
                c.extension()
            )));
        }
        (Compression::Gzip | Compression::Zstd, None) if !start.is_empty() => {
            return Err(misnamed(&format!(
                "not {} data, though named {}",
                named.name(),
                named.extension()
            )));
        }
        _ => {}
    }
    let raw: Box<dyn Read + Send> = match named {
        Compression::None => return Ok(Box::new(file)),
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(file)),
        Compression::Zstd => Box::new(zstd::Decoder::with_buffer(file)?),
    };
    Ok(Box::new(BufReader::with_capacity(1 << 16, raw)))
}

impl Compression {
    fn name(self) -> &'static str {
        match self {
            Compression::None => "uncompressed",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Compression::None => "",
            Compression::Gzip => ".gz",
            Compression::Zstd => ".zst",
        }
    }
}

/// An output file that appears only when complete: written to a temporary
/// file next to it, compressed by its name, renamed into place by
/// [`AtomicFile::commit`]. Dropped without commit, it leaves nothing.
pub struct AtomicFile {
    encoder: Encoder,
    fsync: bool,
}

enum Encoder {
    Plain(BufWriter<tempfile::NamedTempFile>),
    Gzip(flate2::write::GzEncoder<BufWriter<tempfile::NamedTempFile>>),
    Zstd(zstd::Encoder<'static, BufWriter<tempfile::NamedTempFile>>),
}

/// A new temporary file in the folder of `dest`, hidden, named after this
/// process (so that a later run can tell it was left by a dead one), with the usual
/// mode of a new file (0666 less the umask) rather than the owner-only mode
/// of temporary files: the rename keeps it. The folder is made when missing.
fn temp_next_to(dest: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let prefix = crate::sweep::temp_prefix();
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(crate::sweep::TEMP_SUFFIX);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    // The folder usually exists (a batch writes many files to each): it is
    // made only when the file cannot be created without it.
    match builder.tempfile_in(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir)?;
            builder.tempfile_in(dir)
        }
        other => other,
    }
}

impl AtomicFile {
    pub fn create(dest: &Path, fsync: bool) -> io::Result<AtomicFile> {
        let tmp = temp_next_to(dest)?;
        let file = BufWriter::with_capacity(1 << 16, tmp);
        let encoder = match Compression::of(dest) {
            Compression::None => Encoder::Plain(file),
            Compression::Gzip => Encoder::Gzip(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::default(),
            )),
            Compression::Zstd => Encoder::Zstd(zstd::Encoder::new(file, 3)?),
        };
        Ok(AtomicFile { encoder, fsync })
    }

    /// Finishes the compression and renames the file into place.
    pub fn commit(self, dest: &Path) -> io::Result<()> {
        let file = match self.encoder {
            Encoder::Plain(f) => f,
            Encoder::Gzip(e) => e.finish()?,
            Encoder::Zstd(e) => e.finish()?,
        };
        let tmp = file.into_inner().map_err(|e| e.into_error())?;
        if self.fsync {
            tmp.as_file().sync_data()?;
        }
        tmp.persist(dest).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.encoder {
            Encoder::Plain(f) => f.write(buf),
            Encoder::Gzip(e) => e.write(buf),
            Encoder::Zstd(e) => e.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.encoder {
            Encoder::Plain(f) => f.flush(),
            Encoder::Gzip(e) => e.flush(),
            Encoder::Zstd(e) => e.flush(),
        }
    }
}

/// Writes `data` to `dest` atomically (compressed by its name).
pub fn write_atomically(dest: &Path, data: &[u8], fsync: bool) -> io::Result<()> {
    if Compression::of(dest) == Compression::None {
        // One write of the whole text, without a buffer between.
        let mut file = temp_next_to(dest)?;
        file.write_all(data)?;
        if fsync {
            file.as_file().sync_data()?;
        }
        return file.persist(dest).map(drop).map_err(|e| e.error);
    }
    let mut file = AtomicFile::create(dest, fsync)?;
    file.write_all(data)?;
    file.commit(dest)
}

/// Default of `--max-doc-bytes`: the largest text document read whole.
/// Cleaning holds about four times a document in memory, so this bounds
/// memory by about 1 GB per worker even for a file that is one huge line.
pub const MAX_DOC_BYTES: u64 = rinse::MAX_DOC_BYTES;

static MAX_DOC: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(MAX_DOC_BYTES);

/// Sets the largest text document [`read_text`] accepts.
pub fn set_max_doc_bytes(n: u64) {
    MAX_DOC.store(n, std::sync::atomic::Ordering::Relaxed);
}

/// Why a whole input could not be taken, or its output not written: what
/// kind of problem it is (for the report) and the message.
#[derive(Debug)]
pub struct FileError {
    pub kind: crate::report::Kind,
    pub message: String,
}

impl FileError {
    /// A problem of the output.
    pub fn output(message: String) -> FileError {
        FileError {
            kind: crate::report::Kind::Output,
            message,
        }
    }
}

/// Any other message is a problem of the input.
impl From<String> for FileError {
    fn from(message: String) -> FileError {
        FileError {
            kind: crate::report::Kind::Input,
            message,
        }
    }
}

/// Where only the message counts (`explain`, the corpus pass).
impl From<FileError> for String {
    fn from(e: FileError) -> String {
        e.message
    }
}

/// Reads a whole input as text (decompressing by its name); an input larger
/// than the document limit is an error, found without reading it all.
pub fn read_text(path: &Path, lossy: bool) -> Result<String, FileError> {
    let max = MAX_DOC.load(std::sync::atomic::Ordering::Relaxed);
    let bytes = if path.as_os_str() != "-" && Compression::of(path) == Compression::None {
        read_plain(path, max)
    } else {
        read_stream(path, max)
    }?;
    if bytes.len() as u64 > max {
        return Err(too_large(max));
    }
    Ok(rinse::decode_vec(bytes, lossy).map_err(|e| utf8_error(&e))?)
}

/// Files up to this size are read in one go before the binary check: the
/// check would read their start anyway.
const READ_WHOLE_BYTES: u64 = 1 << 20;

/// Reads an uncompressed file: a small regular file takes one read; a
/// large one, or a pipe, is checked for binary content on its start before
/// it is read whole. At most `max + 1` bytes are read.
fn read_plain(path: &Path, max: u64) -> Result<Vec<u8>, FileError> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err(io::Error::new(io::ErrorKind::IsADirectory, "is a folder")
            .to_string()
            .into());
    }
    // A regular file is read to the size it had when opened, which spares
    // the read that would find its end; anything else to its end.
    let regular = meta.is_file();
    if regular && meta.len() > max {
        return Err(too_large(max));
    }
    // (Sniffing first only matters when reading the rest costs: a large
    // file, or a pipe.)
    let (limit, capacity) = if regular {
        (meta.len(), meta.len() as usize)
    } else {
        (max.saturating_add(1), 0)
    };
    read_checked(file, limit, limit > READ_WHOLE_BYTES || !regular, capacity)
}

/// Reads at most `limit` bytes; a NUL byte near the start makes it a binary
/// file, an error. With `sniff_first`, the start is read and checked
/// before the rest.
fn read_checked(
    mut reader: impl Read,
    limit: u64,
    sniff_first: bool,
    capacity: usize,
) -> Result<Vec<u8>, FileError> {
    let check = |bytes: &[u8]| {
        if let Some(c) = compressed_as(bytes) {
            return Err(format!(
                "{} data, not text (decompress it first, or name it {})",
                c.name(),
                c.extension()
            ));
        }
        match rinse::looks_binary(bytes) {
            Some(at) => Err(format!("binary file (NUL byte at offset {at}), skipped")),
            None => Ok(()),
        }
    };
    let mut bytes = Vec::with_capacity(capacity);
    if sniff_first {
        (&mut reader)
            .take(rinse::BINARY_SNIFF_BYTES as u64)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        check(&bytes)?;
    }
    reader
        .take(limit.saturating_sub(bytes.len() as u64))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    check(&bytes)?;
    Ok(bytes)
}

/// A decoding error, with the CLI's way out.
pub fn utf8_error(e: &rinse::Error) -> String {
    format!("{e} (use --lossy to replace invalid bytes)")
}

/// The error of a document over the limit.
fn too_large(max: u64) -> FileError {
    FileError {
        kind: crate::report::Kind::TooLarge,
        message: format!(
            "larger than the document limit of {max} bytes (--max-doc-bytes), skipped"
        ),
    }
}

/// Reads stdin or a compressed file, its start first: a binary file is
/// recognized without reading it all. At most `max + 1` bytes are read.
fn read_stream(path: &Path, max: u64) -> Result<Vec<u8>, FileError> {
    let reader = open(path).map_err(|e| e.to_string())?;
    read_checked(reader, max.saturating_add(1), true, 0)
}

/// What [`records`] gives for each record: its id (with an id field) and
/// its text, or why it has none.
pub type RecordText = Result<(Option<String>, String), String>;

/// Calls `f` with each record of a JSON Lines input, one by one: its line
/// number and [`RecordText`]. Blank lines are skipped; a record over the
/// document limit is read past, never held. An input that cannot be read,
/// or an error `f` returns, ends the walk.
pub fn records(
    path: &Path,
    lossy: bool,
    text_field: &str,
    id_field: Option<&str>,
    f: &mut dyn FnMut(usize, RecordText) -> Result<(), String>,
) -> Result<(), String> {
    let mut reader = open(path).map_err(|e| e.to_string())?;
    let mut no = 0;
    while let Some(line) = rinse::read_record(&mut reader, max_doc_bytes())
        .map_err(|e| format!("read error after line {no}: {e}"))?
    {
        no += 1;
        let record = match line {
            rinse::RecordLine::Line(raw) if raw.trim_ascii().is_empty() => continue,
            rinse::RecordLine::Line(raw) => rinse::decode(&raw, lossy)
                .map(|l| l.into_owned())
                .map_err(|e| utf8_error(&e)),
            rinse::RecordLine::TooLarge(len) => Err(record_too_large(len)),
        };
        let text = record.and_then(|r| {
            let id = id_field.and_then(|f| rinse::record_id(&r, f));
            rinse::record_text(&r, text_field)
                .map(|t| (id, t.into_owned()))
                .map_err(|e| e.to_string())
        });
        f(no, text)?;
    }
    Ok(())
}

/// The document limit in force (see [`set_max_doc_bytes`]).
pub fn max_doc_bytes() -> u64 {
    MAX_DOC.load(std::sync::atomic::Ordering::Relaxed)
}

/// The error of a record over the document limit.
pub fn record_too_large(len: u64) -> String {
    format!(
        "record of {len} bytes is larger than the document limit of {} bytes \
         (--max-doc-bytes); left out",
        max_doc_bytes()
    )
}

/// Reads up to `max_records` lines (or about `max_bytes`) from a JSON Lines
/// input, with their 1-based line numbers; an empty batch at the end. Each
/// line holds at most the document limit (see [`rinse::read_record`]).
pub fn read_batch(
    reader: &mut dyn BufRead,
    first_line: usize,
    max_records: usize,
    max_bytes: usize,
) -> io::Result<Vec<(usize, rinse::RecordLine)>> {
    let max = max_doc_bytes();
    let mut batch = Vec::new();
    let mut bytes = 0;
    let mut line_no = first_line;
    while batch.len() < max_records && bytes < max_bytes {
        let Some(line) = rinse::read_record(reader, max)? else {
            break;
        };
        if let rinse::RecordLine::Line(l) = &line {
            bytes += l.len();
        }
        batch.push((line_no, line));
        line_no += 1;
    }
    Ok(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_data_is_recognized_by_its_first_bytes() {
        assert_eq!(compressed_as(&[0x1f, 0x8b, 8, 0]), Some(Compression::Gzip));
        assert_eq!(
            compressed_as(&[0x28, 0xb5, 0x2f, 0xfd, 0]),
            Some(Compression::Zstd)
        );
        assert_eq!(compressed_as(b"plain text"), None);
    }
}
