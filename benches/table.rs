//! The observational-equivalence table A/B: the enumerator's own table
//! against `hashbrown::HashTable` (stored hashes), on the candidates of one
//! level, and a level's columns in one `Vec` against a `bumpalo` arena
//! (`arithsynth::enumerate::ab`).

#![allow(
    missing_docs,
    reason = "criterion_group! defines an undocumented function"
)]

use std::hint::black_box;

use arithsynth::enumerate::ab::{hashbrown, own, store_bumpalo, store_vec, Workload};
use arithsynth::{Grammar, Vars};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn table(c: &mut Criterion) {
    // level 9 of the default grammar over x, y: about a million candidates
    // against 26 thousand known columns, far past the caches
    let grammar = Grammar::new(Vars::new(["x", "y"]).unwrap());
    for (size, limit) in [(7, 2_000_000), (9, 1_500_000)] {
        let workload = Workload::new(&grammar, size, limit).unwrap();
        let (a, b) = (own(&workload), hashbrown(&workload));
        assert_eq!(a.unique, b.unique, "the tables disagree");
        eprintln!(
            "level {size}: {} known, {} candidates, {} unique; table bytes: own {}, hashbrown {}",
            workload.known(),
            workload.candidates(),
            a.unique,
            a.table_bytes,
            b.table_bytes
        );
        let mut group = c.benchmark_group(format!("oe-table-level{size}"));
        group.sample_size(10);
        group.throughput(Throughput::Elements(
            (workload.known() + workload.candidates()) as u64,
        ));
        group.bench_function("own", |bench| bench.iter(|| black_box(own(&workload))));
        group.bench_function("hashbrown", |bench| {
            bench.iter(|| black_box(hashbrown(&workload)))
        });
        group.bench_function("store-vec", |bench| {
            bench.iter(|| black_box(store_vec(&workload)))
        });
        group.bench_function("store-bumpalo", |bench| {
            bench.iter(|| black_box(store_bumpalo(&workload)))
        });
        group.finish();
    }
}

criterion_group!(benches, table);
criterion_main!(benches);
