//! The promises rinse keeps whatever the input, as checks shared by its
//! property tests (`tests/invariants.rs`, `tests/properties.rs`) and its
//! fuzz targets (`fuzz/`): one definition, so that the tests and the
//! fuzzer hold rinse to the same thing.
//!
//! Each check returns `Err` with a message naming the promise that broke;
//! a fuzz target panics with it, a property test fails the case with it.
//! `fuzz/GUARANTEES.md` lists the promises and the tests that hold them.

use rinse::Cleaner;
use unicode_normalization::is_nfc;

/// Returns `Err(message)` from the enclosing check unless `cond` holds.
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

/// Checks every promise about cleaning `text` with `cleaner`, and returns
/// the clean body:
///
/// * kept lines are the input lines in output form (NFC, trimmed: see
///   `rinse::normalize::output_line`), in order (a subsequence): nothing
///   invented, nothing rewritten;
/// * the body is NFC, has no blank or untrimmed line and no carriage
///   return, and ends with `\n`;
/// * line numbers increase; every line report's span is a char range of
///   the input holding one line, its text is that line in output form and
///   its normalized text that line normalized; blank lines are not
///   reported;
/// * normalization is idempotent;
/// * cleaning the body again changes nothing.
pub fn check_clean(cleaner: &Cleaner, text: &str) -> Result<String, String> {
    let cleaned = cleaner.clean(text);
    let body = cleaned.text();
    check_subsequence(&rinse::normalize::tidy(text), &body)?;
    check_body_shape(&body)?;
    let mut last = 0;
    for line in cleaned.lines() {
        ensure!(
            line.number > last,
            "line numbers increase: {} after {last}",
            line.number
        );
        last = line.number;
        let Some(raw) = text.get(line.span.clone()) else {
            return Err(format!(
                "span {:?} is not a char range of the input",
                line.span
            ));
        };
        ensure!(
            !raw.contains(['\n', '\r']),
            "a span holds one line: {raw:?}"
        );
        ensure!(
            rinse::normalize::normalize_line(raw) == line.normalized,
            "line {}'s normalized text {:?} is not its span normalized",
            line.number,
            line.normalized
        );
        ensure!(
            rinse::normalize::output_line(raw) == line.text,
            "line {}'s text {:?} is not its span in output form",
            line.number,
            line.text
        );
        ensure!(
            !line.normalized.is_empty(),
            "blank line {} is reported",
            line.number
        );
    }
    let normalized = rinse::normalize::normalize(text);
    ensure!(
        rinse::normalize::normalize(&normalized) == normalized,
        "normalization is not idempotent"
    );
    let again = cleaner.clean_text(&body);
    ensure!(
        again == body,
        "cleaning the clean body again changed it: {again:?}"
    );
    Ok(body)
}

/// Checks that the lines of `body` are a subsequence of the lines of
/// `input`.
pub fn check_subsequence(input: &str, body: &str) -> Result<(), String> {
    let mut input = input.lines();
    for line in body.lines() {
        ensure!(
            input.any(|l| l == line),
            "output line {line:?} is not an input line (in order)"
        );
    }
    Ok(())
}

/// Checks that `body` is a well-formed clean body: NFC, lines non-blank and
/// in output form (trimmed), each ended by `\n`, no carriage return.
pub fn check_body_shape(body: &str) -> Result<(), String> {
    ensure!(is_nfc(body), "the body is not NFC");
    ensure!(
        body.is_empty() || body.ends_with('\n'),
        "the body does not end with \\n"
    );
    ensure!(!body.contains('\r'), "a carriage return in the body");
    for line in body.split_terminator('\n') {
        ensure!(
            !rinse::normalize::normalize_line(line).is_empty(),
            "a blank line in the body"
        );
        ensure!(
            rinse::normalize::output_line(line) == line,
            "line {line:?} is not in output form"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // The checks must fail on what breaks a promise, not only pass on
    // rinse's output.
    #[test]
    fn invented_or_reordered_lines_fail() {
        assert!(check_subsequence("a\nb\nc\n", "a\nc\n").is_ok());
        assert!(check_subsequence("a\nb\nc\n", "c\na\n").is_err());
        assert!(check_subsequence("a\nb\n", "a\nx\n").is_err());
    }

    #[test]
    fn malformed_bodies_fail() {
        assert!(check_body_shape("One line.\nTwo.\n").is_ok());
        assert!(check_body_shape("").is_ok());
        for bad in ["no end", "a\n\nb\n", " padded\n", "a\r\n", "e\u{301}\n"] {
            assert!(check_body_shape(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn rinse_keeps_its_promises_on_a_small_document() {
        let text = "Headline\r\nSynopsis\n\n  A line\u{a0}with a no-break space.  \nA last line.";
        let body = check_clean(&Cleaner::new(), text).unwrap();
        assert!(body.ends_with("A last line.\n"), "{body:?}");
    }
}
