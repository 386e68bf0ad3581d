//! The enumerator: candidates per second through a fixed size, and the
//! e-graph's insertion of the same programs.

#![allow(
    missing_docs,
    reason = "criterion_group! defines an undocumented function"
)]

use std::hint::black_box;
use std::ops::ControlFlow;

use arithsynth::egraph::{insert_all, to_recexpr};
use arithsynth::enumerate::Enumerator;
use arithsynth::{Grammar, Vars};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn enumerate(c: &mut Criterion) {
    let grammar = Grammar::new(Vars::new(["x", "y"]).unwrap());
    let run = || {
        let mut enumeration = Enumerator::new(grammar.clone())
            .max_size(7)
            .start()
            .unwrap();
        enumeration.run(|_, _| ControlFlow::Continue(()))
    };
    let report = run();
    let mut group = c.benchmark_group("enumerate");
    group.sample_size(20);
    group.throughput(Throughput::Elements(report.candidates));
    group.bench_function("default-2vars-size7/candidates", |b| {
        b.iter(|| black_box(run()))
    });

    let mut enumeration = Enumerator::new(grammar.clone())
        .max_size(7)
        .start()
        .unwrap();
    let ids: Vec<_> = enumeration.by_ref().collect();
    let exprs: Vec<_> = ids
        .iter()
        .map(|&id| to_recexpr(&enumeration.program(id)))
        .collect();
    group.throughput(Throughput::Elements(exprs.len() as u64));
    group.bench_function("egg-insert-same-programs", |b| {
        b.iter(|| black_box(insert_all(&exprs)))
    });
    group.finish();
}

criterion_group!(benches, enumerate);
criterion_main!(benches);
