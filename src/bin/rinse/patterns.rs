//! `rinse patterns list` and `rinse patterns test`.

use std::io::Write;

use anyhow::Context;

use crate::cli::PatternsCommand;
use crate::{EXIT_OK, EXIT_SOME_FAILED};

pub fn run(cmd: PatternsCommand) -> anyhow::Result<u8> {
    match cmd {
        PatternsCommand::List { packs } => {
            let cleaner = packs.cleaner()?;
            list(cleaner.rule_set())
        }
        PatternsCommand::Test { dir, packs } => {
            let set = match dir {
                Some(dir) => {
                    let mut set = rinse::RuleSet::new();
                    set.add_dir(&dir)
                        .with_context(|| format!("loading packs from {}", dir.display()))?;
                    set
                }
                None => packs.cleaner()?.rule_set().clone(),
            };
            test(&set)
        }
    }
}

fn list(set: &rinse::RuleSet) -> anyhow::Result<u8> {
    let mut out = std::io::stdout().lock();
    for pack in set.packs() {
        let origins: Vec<String> = pack
            .origins
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        writeln!(
            out,
            "{}: {} [{}]",
            pack.name,
            pack.description,
            origins.join(", ")
        )?;
        for rule in set.rules().iter().filter(|r| r.pack() == pack.name) {
            let langs = match rule.languages() {
                None => "*".to_owned(),
                Some(l) => l.iter().map(|l| l.code()).collect::<Vec<_>>().join(","),
            };
            writeln!(
                out,
                "  {:<36} {:<9} {:<10} {}",
                rule.id(),
                rule.kind().name(),
                rule.position().to_string(),
                langs
            )?;
        }
    }
    Ok(EXIT_OK)
}

fn test(set: &rinse::RuleSet) -> anyhow::Result<u8> {
    let failures = set.check_examples();
    let examples: usize = set.rules().iter().map(|r| r.examples().len()).sum();
    let near: usize = set.rules().iter().map(|r| r.near_misses().len()).sum();
    let mut out = std::io::stdout().lock();
    for f in &failures {
        write!(out, "{f}")?;
    }
    writeln!(
        out,
        "{} packs, {} rules, {examples} examples, {near} near-misses: {}",
        set.packs().len(),
        set.rules().len(),
        if failures.is_empty() {
            "all pass".to_owned()
        } else {
            format!("{} FAILED", failures.len())
        }
    )?;
    Ok(if failures.is_empty() {
        EXIT_OK
    } else {
        EXIT_SOME_FAILED
    })
}
