//! Code shared by the `rinse` library and its build script.
//!
//! The build script tabulates what these modules compute (the class, lower
//! case and normalization class of every character of the Basic
//! Multilingual Plane; the analysis and the NFA of every regex of the
//! built-in pattern packs) and the library answers from those tables; the
//! library also calls them at run time for what the tables do not hold (a
//! user's own packs, characters above the plane). Having one crate for both
//! keeps the tables and the code that made them the same code.
//!
//! This is an internal crate of `rinse`: its API follows rinse's needs and
//! is not stable.

pub mod analysis;
pub mod charclass;
pub mod nfa_code;
pub mod plain;
