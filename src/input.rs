//! Turning bytes into text: UTF-8 validation and binary detection.

use std::borrow::Cow;

use crate::error::{Error, Result};

/// The default limit on one document's size (256 MiB): the CLI's
/// `--max-doc-bytes`, the Python `Cleaner`'s `max_doc_bytes`. Cleaning
/// holds several times a document in memory; the limit bounds it.
pub const MAX_DOC_BYTES: u64 = 256 << 20;

/// How many leading bytes are inspected for a NUL byte by [`looks_binary`].
pub const BINARY_SNIFF_BYTES: usize = 8192;

/// Decodes `bytes` as UTF-8. Invalid input is an error naming the byte
/// offset, unless `lossy`, which replaces invalid sequences with U+FFFD.
pub fn decode(bytes: &[u8], lossy: bool) -> Result<Cow<'_, str>> {
    // The SIMD check first (several times faster on text that is valid, as
    // nearly all is); the standard one finds where invalid text goes wrong.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Ok(Cow::Borrowed(s));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(_) if lossy => Ok(String::from_utf8_lossy(bytes)),
        Err(e) => Err(Error::InvalidUtf8 {
            offset: e.valid_up_to(),
        }),
    }
}

/// [`decode`] for bytes owned: valid UTF-8 becomes a `String` without a
/// copy.
pub fn decode_vec(bytes: Vec<u8>, lossy: bool) -> Result<String> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: the bytes were just checked to be valid UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    decode(&bytes, lossy).map(Cow::into_owned)
}

/// The offset of a NUL byte among the first [`BINARY_SNIFF_BYTES`] bytes:
/// text never holds one, binary files almost always do.
pub fn looks_binary(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = decode(b"abc\xffdef", false).unwrap_err();
        assert!(matches!(err, Error::InvalidUtf8 { offset: 3 }));
        assert!(err.to_string().contains("byte offset 3"));
        assert_eq!(decode(b"abc\xffdef", true).unwrap(), "abc\u{FFFD}def");
        assert!(matches!(
            decode_vec(b"abc\xffdef".to_vec(), false),
            Err(Error::InvalidUtf8 { offset: 3 })
        ));
        assert_eq!(
            decode_vec(b"abc\xffdef".to_vec(), true).unwrap(),
            "abc\u{FFFD}def"
        );
        assert_eq!(
            decode_vec("текст".as_bytes().to_vec(), false).unwrap(),
            "текст"
        );
    }

    #[test]
    fn binary_is_recognized() {
        assert_eq!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0"), Some(8));
        assert_eq!(looks_binary("текст".as_bytes()), None);
    }
}
