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

/// The format of an input: forced by `--format`, or by its name
/// (`.jsonl`, `.ndjson`, optionally `.gz` or `.zst`, are JSON Lines).
pub fn format_of(path: &Path, forced: FormatArg) -> Format {
    match forced {
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Text => Format::Text,
        FormatArg::Auto => {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let base = name.trim_end_matches(".gz").trim_end_matches(".zst");
            if base.ends_with(".jsonl") || base.ends_with(".ndjson") {
                Format::Jsonl
            } else {
                Format::Text
            }
        }
    }
}

/// Opens an input (`-` for stdin), decompressing by its name.
pub fn open(path: &Path) -> io::Result<Box<dyn BufRead + Send>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(BufReader::with_capacity(1 << 16, io::stdin())));
    }
    let file = File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(io::Error::new(io::ErrorKind::IsADirectory, "is a folder"));
    }
    let raw: Box<dyn Read + Send> = match Compression::of(path) {
        Compression::None => Box::new(file),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file))),
        Compression::Zstd => Box::new(zstd::Decoder::new(file)?),
    };
    Ok(Box::new(BufReader::with_capacity(1 << 16, raw)))
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

/// A new temporary file in the folder of `dest`, hidden, with the usual
/// mode of a new file (0666 less the umask) rather than the owner-only mode
/// of temporary files: the rename keeps it. The folder is made when missing.
fn temp_next_to(dest: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".rinse-").suffix(".tmp");
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
pub const MAX_DOC_BYTES: u64 = 256 << 20;

static MAX_DOC: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(MAX_DOC_BYTES);

/// Sets the largest text document [`read_text`] accepts.
pub fn set_max_doc_bytes(n: u64) {
    MAX_DOC.store(n, std::sync::atomic::Ordering::Relaxed);
}

/// Reads a whole input as text (decompressing by its name); an input larger
/// than the document limit is an error, found without reading it all.
pub fn read_text(path: &Path, lossy: bool) -> Result<String, String> {
    let max = MAX_DOC.load(std::sync::atomic::Ordering::Relaxed);
    let bytes = if path.as_os_str() != "-" && Compression::of(path) == Compression::None {
        read_plain(path, max)
    } else {
        read_stream(path, max)
    }?;
    if bytes.len() as u64 > max {
        return Err(too_large(max));
    }
    rinse::decode_vec(bytes, lossy).map_err(|e| e.to_string())
}

/// Files up to this size are read in one go before the binary check: the
/// check would read their start anyway.
const READ_WHOLE_BYTES: u64 = 1 << 20;

/// Reads an uncompressed file: a small regular file takes one read; a
/// large one, or a pipe, is checked for binary content on its start before
/// it is read whole. At most `max + 1` bytes are read.
fn read_plain(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err(io::Error::new(io::ErrorKind::IsADirectory, "is a folder").to_string());
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
) -> Result<Vec<u8>, String> {
    let binary = |at| format!("binary file (NUL byte at offset {at}), skipped");
    let mut bytes = Vec::with_capacity(capacity);
    if sniff_first {
        (&mut reader)
            .take(rinse::BINARY_SNIFF_BYTES as u64)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        if let Some(at) = rinse::looks_binary(&bytes) {
            return Err(binary(at));
        }
    }
    reader
        .take(limit.saturating_sub(bytes.len() as u64))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if let Some(at) = rinse::looks_binary(&bytes) {
        return Err(binary(at));
    }
    Ok(bytes)
}

/// The error of a document over the limit.
fn too_large(max: u64) -> String {
    format!("larger than the document limit of {max} bytes (--max-doc-bytes), skipped")
}

/// Reads stdin or a compressed file, its start first: a binary file is
/// recognized without reading it all. At most `max + 1` bytes are read.
fn read_stream(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let reader = open(path).map_err(|e| e.to_string())?;
    read_checked(reader, max.saturating_add(1), true, 0)
}

/// Reads up to `max_records` lines (or about `max_bytes`) from a JSON Lines
/// input, with their 1-based line numbers; an empty batch at the end.
pub fn read_batch(
    reader: &mut dyn BufRead,
    first_line: usize,
    max_records: usize,
    max_bytes: usize,
) -> io::Result<Vec<(usize, Vec<u8>)>> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    let mut line_no = first_line;
    while batch.len() < max_records && bytes < max_bytes {
        let mut line = Vec::new();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        if line.last() == Some(&b'\n') {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
        }
        bytes += line.len();
        batch.push((line_no, line));
        line_no += 1;
    }
    Ok(batch)
}
