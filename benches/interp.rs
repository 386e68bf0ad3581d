//! The interpreters: reference vs compiled on random size-15 programs, batched
//! (4,096 rows) and batch-1, and the enumerator's fused step.
//!
//! Throughput is in node·inputs (program size × rows) so that the figures
//! compare with `arithsynth bench interp` and BENCHMARKS.md.

#![allow(
    missing_docs,
    reason = "criterion_group! defines an undocumented function"
)]

use std::hint::black_box;

use arithsynth::dsl::random::{random_inputs, random_programs};
use arithsynth::eval::{apply, reference, Cache, Compiled};
use arithsynth::{Grammar, Op, Vars};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

const SIZE: usize = 15;
const PROGRAMS: usize = 200;

fn grammars() -> [(&'static str, Grammar); 2] {
    let vars = Vars::new(["x", "y"]).unwrap();
    let arith = Grammar::builder()
        .vars(vars.names())
        .ops([Op::Add, Op::Sub, Op::Mul])
        .build()
        .unwrap();
    [("arith", arith), ("default", Grammar::new(vars))]
}

fn batched(c: &mut Criterion) {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for rows in [4096usize, 1] {
        let inputs = random_inputs(2, rows, &mut rng);
        let mut group = c.benchmark_group(format!("interp/rows={rows}"));
        group.sample_size(10);
        group.throughput(Throughput::Elements((PROGRAMS * SIZE * rows) as u64));
        for (name, grammar) in grammars() {
            let programs = random_programs(&grammar, SIZE, PROGRAMS, 1);
            let compiled: Vec<Compiled> = programs.iter().map(Compiled::new).collect();
            let all_rows: Vec<_> = inputs.rows().collect();
            group.bench_function(BenchmarkId::new("reference", name), |b| {
                b.iter(|| {
                    for program in &programs {
                        for row in &all_rows {
                            black_box(reference::eval(program, black_box(row)));
                        }
                    }
                });
            });
            let mut cache = Cache::new();
            let mut out = vec![0; rows];
            group.bench_function(BenchmarkId::new("compiled", name), |b| {
                b.iter(|| {
                    for program in &compiled {
                        program.eval(&mut cache, black_box(&inputs), &mut out);
                        black_box(&out);
                    }
                });
            });
            if rows == 1 {
                let row = all_rows[0].clone();
                group.bench_function(BenchmarkId::new("compiled-row", name), |b| {
                    b.iter(|| {
                        for program in &compiled {
                            black_box(program.eval_row(&mut cache, black_box(&row)));
                        }
                    });
                });
            }
        }
        group.finish();
    }
}

fn fused(c: &mut Criterion) {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let rows = 4096;
    let inputs = random_inputs(2, rows, &mut rng);
    let (a, b) = (inputs.column(0), inputs.column(1));
    let mut out = vec![0; rows];
    let mut group = c.benchmark_group("fused-step");
    group.throughput(Throughput::Elements(rows as u64));
    for op in [Op::Add, Op::Mul, Op::Min, Op::Div, Op::Mod] {
        group.bench_function(op.symbol(), |bench| {
            bench.iter(|| apply(op, &[black_box(a), black_box(b)], &mut out));
        });
    }
    group.finish();
}

criterion_group!(benches, batched, fused);
criterion_main!(benches);
