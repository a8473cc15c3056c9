//! How a pack pattern is compiled to an NFA, and a compact binary form of
//! that NFA. Shared with the library's build script,
//! which compiles every pattern of the built-in packs once, when rinse is
//! built; at run time an embedded NFA is rebuilt from its bytes, state by
//! state, which costs a small fraction of compiling the pattern again
//! (no parsing, no Unicode class expansion).

use regex_automata::nfa::thompson::{self, NFA, State, Transition, WhichCaptures};
use regex_automata::util::look::Look;
use regex_automata::util::primitives::{PatternID, StateID};
use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition,
};

/// Largest compiled size of one pattern: a pattern beyond it is rejected
/// instead of slowing every line down.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Repetitions bounded above this count are left unbounded in the loose
/// form of a pattern (see `rule::Loose`).
pub const LOOSE_REPEAT_ABOVE: u32 = 8;

/// The NFA of a whole-line pattern: no capture groups, within
/// [`REGEX_SIZE_LIMIT`].
pub fn compile(hir: &Hir) -> Result<NFA, Box<thompson::BuildError>> {
    thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .which_captures(WhichCaptures::None)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT)),
        )
        .build_from_hir(hir)
        .map_err(Box::new)
}

/// `hir` with every repetition bounded above [`LOOSE_REPEAT_ABOVE`] left
/// unbounded: it matches every string `hir` matches.
pub fn loosen(hir: &Hir) -> Hir {
    rebuild(hir, &|h| match h.kind() {
        HirKind::Repetition(r) if r.max.is_some_and(|m| m > LOOSE_REPEAT_ABOVE) => {
            Some(Hir::repetition(Repetition {
                min: r.min,
                max: None,
                greedy: r.greedy,
                sub: r.sub.clone(),
            }))
        }
        _ => None,
    })
}

/// `hir` rebuilt from the leaves up, each node replaced by what `change`
/// makes of it (its parts already rebuilt), or kept when it gives `None`.
fn rebuild(hir: &Hir, change: &dyn Fn(&Hir) -> Option<Hir>) -> Hir {
    let node = match hir.kind() {
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(rebuild(&r.sub, change)),
        }),
        HirKind::Concat(hs) => Hir::concat(hs.iter().map(|h| rebuild(h, change)).collect()),
        HirKind::Alternation(hs) => {
            Hir::alternation(hs.iter().map(|h| rebuild(h, change)).collect())
        }
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(rebuild(&c.sub, change)),
        }),
        _ => hir.clone(),
    };
    change(&node).unwrap_or(node)
}

/// The characters of the narrow zone (see [`narrow`]): Latin, Greek,
/// Cyrillic and their diacritics (U+0000 to U+053F), and general
/// punctuation (U+2000 to U+207F: dashes, curly quotes, ellipsis). Most
/// lines of European-language text stay within it.
pub const NARROW_ZONE: [(char, char); 2] = [('\0', '\u{53F}'), ('\u{2000}', '\u{207F}')];

/// `hir` with every Unicode class cut down to the characters of
/// [`NARROW_ZONE`]. On a line whose characters are all in the zone (see
/// [`in_narrow_zone`]) it matches exactly where `hir` does: every class
/// step reads one of the line's characters, which the class holds if and
/// only if its cut-down form holds it; literals and look-arounds are left
/// as they are. Its NFA is a fraction of the size: a class such as
/// `\p{L}` compiles to every UTF-8 sequence of its characters.
pub fn narrow(hir: &Hir) -> Hir {
    let zone = ClassUnicode::new(NARROW_ZONE.map(|(a, b)| ClassUnicodeRange::new(a, b)));
    rebuild(hir, &|h| match h.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            c.intersect(&zone);
            Some(Hir::class(Class::Unicode(c)))
        }
        _ => None,
    })
}

/// Whether every character of `s` is in [`NARROW_ZONE`].
pub fn in_narrow_zone(s: &str) -> bool {
    if s.is_ascii() {
        return true;
    }
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0..0x80 => i += 1,
            // Two-byte sequences up to U+053F.
            0xC2..=0xD4 => i += 2,
            // U+2000 to U+207F.
            0xE2 if matches!(b.get(i + 1), Some(0x80 | 0x81)) => i += 3,
            _ => return false,
        }
    }
    true
}

// The binary form: the start states, then every state in order (so that
// state IDs are kept), numbers as LEB128 varints. A state refers to
// another by the difference of their IDs (zigzag-coded): most point to a
// near neighbour, so most references take one byte, and the copies of a
// repeated piece of pattern are the same bytes, which compress well.
const BYTE_RANGE: u8 = 0;
const SPARSE: u8 = 1;
const LOOK: u8 = 2;
const UNION: u8 = 3;
const BINARY_UNION: u8 = 4;
const FAIL: u8 = 5;
const MATCH: u8 = 6;

fn put(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Writes a reference from state `from` to state `to`.
fn put_ref(out: &mut Vec<u8>, from: usize, to: StateID) {
    let d = to.as_usize() as i64 - from as i64;
    put(out, ((d << 1) ^ (d >> 63)) as usize);
}

/// Bytes of the dictionary a blob of NFAs is compressed with.
const DICT_BYTES: usize = 512 << 10;

/// The zstd level of a blob's records.
const LEVEL: i32 = 12;

/// Largest record a blob may claim (a pattern's NFA is within
/// [`REGEX_SIZE_LIMIT`], and its binary form is smaller; a built-in pack
/// is a few hundred KB, their literal automaton about 1 MB).
const MAX_FORM_BYTES: u64 = 4 * REGEX_SIZE_LIMIT as u64;

/// Packs records into one blob, record `i` holding `forms[i]`, read back
/// with [`Blob`]: the binary forms of NFAs (see [`encode`]), or any bytes
/// that share much (the built-in packs' sources). The NFAs' forms share most
/// of their bytes (the same Unicode classes, the same pieces of pattern in
/// every language), so the blob is a zstd dictionary trained on them all,
/// then each form compressed with it: for the built-in packs, 79 MB of
/// forms take 4.9 MB (the dictionary included), where deflating each
/// alone took 13 MB. (The pages of the binary a run reads stay in its
/// memory.)
pub fn write_blob(forms: &[Vec<u8>]) -> Vec<u8> {
    // (Too few forms to train on: no dictionary.)
    let dict = zstd::dict::from_samples(forms, DICT_BYTES).unwrap_or_default();
    let mut compressor =
        zstd::bulk::Compressor::with_dictionary(LEVEL, &dict).expect("a zstd compressor");
    let frames: Vec<Vec<u8>> = forms
        .iter()
        .map(|f| compressor.compress(f).expect("zstd compresses"))
        .collect();
    let u32_of = |n: usize| u32::try_from(n).expect("a blob within 4 GB");
    let mut out = Vec::new();
    out.extend_from_slice(&u32_of(forms.len()).to_le_bytes());
    out.extend_from_slice(&u32_of(dict.len()).to_le_bytes());
    out.extend_from_slice(&dict);
    let mut at = 0;
    for frame in &frames {
        out.extend_from_slice(&u32_of(at).to_le_bytes());
        at += frame.len();
    }
    out.extend_from_slice(&u32_of(at).to_le_bytes());
    for frame in frames {
        out.extend_from_slice(&frame);
    }
    out
}

/// A blob written by [`write_blob`], ready to give back its records.
pub struct Blob<'a> {
    records: usize,
    /// Where the record offsets start, then the records.
    offsets: usize,
    frames: usize,
    bytes: &'a [u8],
    dict: Option<zstd::dict::DecoderDictionary<'static>>,
}

impl<'a> Blob<'a> {
    /// The blob in `bytes`; an error when its header is cut short.
    pub fn new(bytes: &'a [u8]) -> Result<Blob<'a>, String> {
        let u32_at = |at: usize| -> Result<usize, String> {
            let b = bytes.get(at..at + 4).ok_or("truncated blob")?;
            Ok(u32::from_le_bytes(b.try_into().expect("4 bytes")) as usize)
        };
        let records = u32_at(0)?;
        let dict_len = u32_at(4)?;
        let dict = bytes
            .get(8..8usize.saturating_add(dict_len))
            .ok_or("truncated blob")?;
        let offsets = 8 + dict_len;
        let frames = offsets.saturating_add(records.saturating_add(1).saturating_mul(4));
        if frames > bytes.len() {
            return Err("truncated blob".into());
        }
        Ok(Blob {
            records,
            offsets,
            frames,
            bytes,
            dict: (!dict.is_empty()).then(|| zstd::dict::DecoderDictionary::copy(dict)),
        })
    }

    /// The NFA of record `i`.
    pub fn nfa(&self, i: usize) -> Result<NFA, String> {
        Reader::new(&self.record(i)?, 0).nfa()
    }

    /// The bytes of record `i`.
    pub fn record(&self, i: usize) -> Result<Vec<u8>, String> {
        if i >= self.records {
            return Err(format!("no record {i} in the blob"));
        }
        let offset = |k: usize| {
            let at = self.offsets + 4 * k;
            u32::from_le_bytes(self.bytes[at..at + 4].try_into().expect("4 bytes")) as usize
        };
        let frame = self
            .bytes
            .get(self.frames.saturating_add(offset(i))..self.frames.saturating_add(offset(i + 1)))
            .ok_or("truncated blob record")?;
        let size = zstd::zstd_safe::get_frame_content_size(frame)
            .ok()
            .flatten()
            .filter(|&n| n <= MAX_FORM_BYTES)
            .ok_or("bad blob record")?;
        let mut out = Vec::with_capacity(size as usize);
        // (One decompression context a thread, made once: making one per
        // record cost as much as a small record's decompression.)
        thread_local! {
            static DCTX: std::cell::RefCell<zstd::zstd_safe::DCtx<'static>> =
                std::cell::RefCell::new(zstd::zstd_safe::DCtx::create());
        }
        let done = DCTX.with_borrow_mut(|dctx| match &self.dict {
            Some(dict) => dctx.decompress_using_ddict(&mut out, frame, dict.as_ddict()),
            None => dctx.decompress(&mut out, frame),
        });
        match done {
            Ok(n) if n as u64 == size => Ok(out),
            Ok(_) => Err("bad blob record: size".into()),
            Err(code) => Err(format!(
                "bad blob record: {}",
                zstd::zstd_safe::get_error_name(code)
            )),
        }
    }
}

/// Appends the binary form of a one-pattern NFA to `out`; `false` (and
/// `out` unchanged) for an NFA this form does not cover (capture states,
/// several patterns).
pub fn encode(nfa: &NFA, out: &mut Vec<u8>) -> bool {
    let start = out.len();
    let Some(pattern_start) = nfa.start_pattern(PatternID::ZERO) else {
        return false;
    };
    if nfa.pattern_len() != 1 || nfa.is_reverse() {
        return false;
    }
    out.push(u8::from(nfa.is_utf8()));
    put(out, nfa.states().len());
    put(out, nfa.start_anchored().as_usize());
    put(out, nfa.start_unanchored().as_usize());
    put(out, pattern_start.as_usize());
    for (id, state) in nfa.states().iter().enumerate() {
        let range = |out: &mut Vec<u8>, t: &Transition| {
            out.push(t.start);
            out.push(t.end);
            put_ref(out, id, t.next);
        };
        match state {
            State::ByteRange { trans } => {
                out.push(BYTE_RANGE);
                range(out, trans);
            }
            State::Sparse(sparse) => {
                out.push(SPARSE);
                put(out, sparse.transitions.len());
                for t in sparse.transitions.iter() {
                    range(out, t);
                }
            }
            State::Look { look, next } => {
                out.push(LOOK);
                put(out, look.as_repr() as usize);
                put_ref(out, id, *next);
            }
            State::Union { alternates } => {
                out.push(UNION);
                put(out, alternates.len());
                for &a in alternates.iter() {
                    put_ref(out, id, a);
                }
            }
            State::BinaryUnion { alt1, alt2 } => {
                out.push(BINARY_UNION);
                put_ref(out, id, *alt1);
                put_ref(out, id, *alt2);
            }
            State::Fail => out.push(FAIL),
            State::Match { pattern_id } if *pattern_id == PatternID::ZERO => out.push(MATCH),
            _ => {
                out.truncate(start);
                return false;
            }
        }
    }
    true
}

/// Reads the binary forms written by [`encode`].
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8], at: usize) -> Reader<'a> {
        Reader { bytes, at }
    }

    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.at).ok_or("truncated NFA")?;
        self.at += 1;
        Ok(b)
    }

    fn num(&mut self) -> Result<usize, String> {
        let mut n = 0usize;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= usize::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(n);
            }
        }
        Err("bad number in NFA".into())
    }

    fn sid(&mut self) -> Result<StateID, String> {
        StateID::new(self.num()?).map_err(|e| e.to_string())
    }

    /// A reference from state `from` (see [`put_ref`]).
    fn target(&mut self, from: usize) -> Result<StateID, String> {
        let z = self.num()? as u64;
        let d = (z >> 1) as i64 ^ -((z & 1) as i64);
        usize::try_from(from as i64 + d)
            .ok()
            .and_then(|id| StateID::new(id).ok())
            .ok_or_else(|| "bad state reference in NFA".to_string())
    }

    /// A count, then that many items read by `item`.
    fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<T, String>,
    ) -> Result<Vec<T>, String> {
        let k = self.num()?;
        // (Sized at once: collecting `Result`s would grow it step by step.)
        let mut items = Vec::with_capacity(k.min(self.bytes.len() - self.at));
        for _ in 0..k {
            items.push(item(self)?);
        }
        Ok(items)
    }

    fn transition(&mut self, from: usize) -> Result<Transition, String> {
        Ok(Transition {
            start: self.byte()?,
            end: self.byte()?,
            next: self.target(from)?,
        })
    }

    /// Rebuilds the NFA that starts at this reader's position.
    pub fn nfa(&mut self) -> Result<NFA, String> {
        let e = |e: thompson::BuildError| e.to_string();
        let mut b = thompson::Builder::new();
        b.set_utf8(self.byte()? == 1);
        let n = self.num()?;
        let start_anchored = self.sid()?;
        let start_unanchored = self.sid()?;
        let pattern_start = self.sid()?;
        b.start_pattern().map_err(e)?;
        for id in 0..n {
            match self.byte()? {
                BYTE_RANGE => {
                    let t = self.transition(id)?;
                    b.add_range(t).map_err(e)?;
                }
                SPARSE => {
                    let ts = self.list(|r| r.transition(id))?;
                    b.add_sparse(ts).map_err(e)?;
                }
                LOOK => {
                    let look = u32::try_from(self.num()?)
                        .ok()
                        .and_then(Look::from_repr)
                        .ok_or("bad look-around in NFA")?;
                    let next = self.target(id)?;
                    b.add_look(next, look).map_err(e)?;
                }
                UNION => {
                    let alts = self.list(|r| r.target(id))?;
                    b.add_union(alts).map_err(e)?;
                }
                BINARY_UNION => {
                    let alts = vec![self.target(id)?, self.target(id)?];
                    b.add_union(alts).map_err(e)?;
                }
                FAIL => {
                    b.add_fail().map_err(e)?;
                }
                MATCH => {
                    b.add_match().map_err(e)?;
                }
                t => return Err(format!("bad NFA state tag {t}")),
            }
        }
        b.finish_pattern(pattern_start).map_err(e)?;
        b.build(start_anchored, start_unanchored).map_err(e)
    }
}
