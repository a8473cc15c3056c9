//! `rinse clean --diff`: what would be removed, as a unified diff whose hunk
//! headers name the rule or signal.

use std::fmt::Write;

/// The diff of one document; empty when nothing would be removed. `name`
/// labels the document (a path, or `path:LINE` for a record).
pub fn render(name: &str, cleaned: &rinse::Cleaned) -> String {
    let lines = cleaned.lines();
    if lines.iter().all(|l| l.kept()) {
        return String::new();
    }
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    let mut kept = 0;
    let mut i = 0;
    while i < lines.len() {
        let Some(reason) = lines[i].removal.as_ref() else {
            kept += 1;
            i += 1;
            continue;
        };
        // A hunk: consecutive lines removed for the same reason.
        let start = i;
        while i < lines.len() && lines[i].removal.as_ref() == Some(reason) {
            i += 1;
        }
        let _ = writeln!(
            out,
            "@@ -{},{} +{},0 @@ {}",
            lines[start].number,
            i - start,
            kept,
            reason.name()
        );
        for line in &lines[start..i] {
            let _ = writeln!(out, "-{}", line.text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn hunks_name_their_reason() {
        let c = rinse::Cleaner::new();
        let cleaned = c.clean("Title\nSynopsis\nKey Takeaways\n- a point\nBody sentence.\n");
        let diff = super::render("x.txt", &cleaned);
        assert_eq!(
            diff,
            "--- a/x.txt\n+++ b/x.txt\n@@ -2,3 +1,0 @@ eng/summary-box\n-Synopsis\n-Key Takeaways\n-- a point\n"
        );
        assert_eq!(
            super::render("y", &c.clean("Nothing to remove here.\n")),
            ""
        );
    }
}
