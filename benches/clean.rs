//! Per-document latency of the library, by stage.
//!
//!     cargo bench --bench clean
//!
//! Short and long documents come from `samples/`. The stages are measured
//! by turning parts off: normalization alone; languages (no packs, no
//! signals); signals without packs; everything.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!("{}/samples/raw/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn cleaners() -> Vec<(&'static str, rinse::Cleaner)> {
    let mut bare = rinse::Cleaner::builder().default_patterns(false);
    for s in rinse::Signal::ALL {
        bare = bare.signal(s, false);
    }
    vec![
        ("languages", bare.build().unwrap()),
        (
            "signals",
            rinse::Cleaner::builder()
                .default_patterns(false)
                .build()
                .unwrap(),
        ),
        ("full", rinse::Cleaner::new()),
    ]
}

fn bench(c: &mut Criterion) {
    let docs = [
        ("short", sample("003_6a20b3f872e24daa.txt")),
        ("long-page", sample("page-eng-library-closures.txt")),
        ("japanese", sample("page-jpn-snow-festival.txt")),
    ];
    let cleaners = cleaners();
    for (name, text) in &docs {
        let mut group = c.benchmark_group(*name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("normalize", |b| {
            b.iter(|| rinse::normalize::lines(text).len())
        });
        for (stage, cleaner) in &cleaners {
            group.bench_function(*stage, |b| b.iter(|| cleaner.clean(text).removed().count()));
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
