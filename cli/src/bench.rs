//! `arithsynth bench …`: measured figures and ratios in one run.
//!
//! Every figure is the median of several timed repetitions on one thread;
//! ratios are taken between medians of the same run, so that a noisy machine
//! shifts both sides alike.

use std::hint::black_box;
use std::time::{Duration, Instant};

use anyhow::{ensure, Result};
use arithsynth::dsl::random::{random_inputs, random_programs};
use arithsynth::enumerate::{Dedup, Enumerator, MemoryParts};
use arithsynth::eval::{self, Cache, Compiled};
use arithsynth::{Grammar, Inputs, Op, Program, Vars};
use clap::Subcommand;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

#[derive(Subcommand, Debug)]
pub enum What {
    /// The interpreters: reference vs compiled, batched and batch-1.
    Interp {
        /// Random programs per grammar.
        #[arg(long, default_value_t = 1000)]
        programs: usize,
        /// Nodes per program.
        #[arg(long, default_value_t = 15)]
        size: usize,
        /// Rows per batch.
        #[arg(long, default_value_t = 4096)]
        rows: usize,
        /// Timed repetitions (the median is reported).
        #[arg(long, default_value_t = 7)]
        reps: usize,
        /// Seed of programs and inputs.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// The enumerator: candidates and unique programs per second, bytes per
    /// banked program.
    Enumerate {
        /// Number of variables (x, y, z, …) of the default grammar.
        #[arg(long, default_value_t = 2)]
        vars: usize,
        /// Largest size enumerated.
        #[arg(long, default_value_t = 9)]
        max_size: usize,
        /// Rows of the probe (the default probe has 16).
        #[arg(long, default_value_t = 16)]
        probe_rows: usize,
        /// Timed repetitions (the median is reported).
        #[arg(long, default_value_t = 5)]
        reps: usize,
        /// Extra random rows for the false-merge count.
        #[arg(long, default_value_t = 64)]
        extra_rows: usize,
        /// Threads compared with one (0: one per core).
        #[arg(long, default_value_t = 2)]
        threads: usize,
        /// Only the comparison of thread counts (for large workloads).
        #[arg(long)]
        threads_only: bool,
    },
    /// The model: training and sampling tokens per second (batch 1, 16 and
    /// 64), and the sketch model's sketches per second (batch 16 and 64).
    #[cfg(feature = "neural")]
    Model {
        /// Training steps timed (default preset's shape and batch).
        #[arg(long, default_value_t = 20)]
        steps: u64,
        /// Data-parallel replicas compared with one.
        #[arg(long, default_value_t = 2)]
        replicas: usize,
    },
}

pub fn run(what: What) -> Result<()> {
    match what {
        What::Interp {
            programs,
            size,
            rows,
            reps,
            seed,
        } => interp(programs, size, rows, reps.max(1), seed),
        What::Enumerate {
            vars,
            max_size,
            probe_rows,
            reps,
            extra_rows,
            threads,
            threads_only,
        } => {
            let grammar = Grammar::new(Vars::standard(vars)?);
            let probe = if probe_rows == arithsynth::enumerate::DEFAULT_PROBE_ROWS {
                Enumerator::default_probe(vars)
            } else {
                random_inputs(vars, probe_rows, &mut ChaCha8Rng::seed_from_u64(0x5eed))
            };
            let threads = if threads == 0 {
                crate::solve::cores()
            } else {
                threads
            };
            compare_threads(&grammar, &probe, max_size, reps.max(1), threads)?;
            if threads_only {
                return Ok(());
            }
            enumerate(vars, max_size, probe_rows, reps.max(1), extra_rows)
        }
        #[cfg(feature = "neural")]
        What::Model { steps, replicas } => model(steps.max(2), replicas.max(1)),
    }
}

/// Programs and program tokens per second drawing `count` programs in
/// batches of `batch`: the median of three draws.
#[cfg(feature = "neural")]
fn sampling_rate(
    sampler: &arithsynth::model::Sampler<'_>,
    examples: &[arithsynth::dataset::Example],
    (batch, count): (usize, usize),
    rng: &mut ChaCha8Rng,
) -> Result<(f64, f64)> {
    let config = arithsynth::model::SamplerConfig {
        batch,
        ..arithsynth::model::SamplerConfig::default()
    };
    let mut tokens = 0;
    let mut failure = None;
    let secs = median_secs(3, || match sampler.sample(examples, count, &config, rng) {
        Ok(samples) => tokens = samples.iter().map(|s| s.program.size() + 1).sum::<usize>(),
        Err(err) => failure = Some(err),
    });
    if let Some(err) = failure {
        return Err(err.into());
    }
    Ok((count as f64 / secs, tokens as f64 / secs))
}

/// Median seconds of `reps` runs of `f`.
fn median_secs(reps: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..reps)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn interp(count: usize, size: usize, rows: usize, reps: usize, seed: u64) -> Result<()> {
    let vars = Vars::new(["x", "y"])?;
    let arith = Grammar::builder()
        .vars(vars.names())
        .ops([Op::Add, Op::Sub, Op::Mul])
        .build()?;
    let default = Grammar::new(vars.clone());
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let inputs = random_inputs(vars.len(), rows, &mut rng);
    println!(
        "arithsynth bench interp: {count} random programs of size {size}, 2 variables, {rows} rows, median of {reps}, one thread"
    );
    println!(
        "{:<22} {:>16} {:>16} {:>9} {:>18}",
        "grammar", "reference n·i/s", "compiled n·i/s", "ratio", "batch-1 nodes/s"
    );
    for (name, grammar) in [("{+,-,*}", &arith), ("default (+-* div mod)", &default)] {
        let programs = random_programs(grammar, size, count, seed);
        ensure!(
            programs.len() == count,
            "the grammar has no program of size {size}"
        );
        let node_inputs = (count * size * rows) as f64;
        let reference = measure_reference(&programs, &inputs, reps.min(3));
        let compiled: Vec<Compiled> = programs.iter().map(Compiled::new).collect();
        let mut cache = Cache::new();
        let mut out = vec![0; rows];
        let batched = median_secs(reps, || {
            for program in &compiled {
                program.eval(&mut cache, &inputs, &mut out);
                black_box(&out);
            }
        });
        // batch-1: each program on the first 64 rows, one row per call
        let single_rows: Vec<_> = inputs.rows().take(64).collect();
        let single = median_secs(reps, || {
            for program in &compiled {
                for row in &single_rows {
                    black_box(program.eval_row(&mut cache, black_box(row)));
                }
            }
        });
        let single_nodes = (count * size * single_rows.len()) as f64;
        let reference_rate = node_inputs / reference;
        let compiled_rate = node_inputs / batched;
        println!(
            "{:<22} {:>16.3e} {:>16.3e} {:>8.1}x {:>18.3e}",
            name,
            reference_rate,
            compiled_rate,
            compiled_rate / reference_rate,
            single_nodes / single
        );
    }
    // the enumerator's fused step: one operator over two held columns
    let (a, b) = (inputs.column(0), inputs.column(1));
    let mut out = vec![0; rows];
    let calls = 10_000;
    print!("fused step (elements/s, {rows} rows):");
    for op in [Op::Add, Op::Mul, Op::Div, Op::Mod] {
        let secs = median_secs(reps, || {
            for _ in 0..calls {
                eval::apply(op, &[black_box(a), black_box(b)], &mut out);
                black_box(&out);
            }
        });
        print!("  {op} {:.3e}", (calls * rows) as f64 / secs);
    }
    println!();
    Ok(())
}

fn measure_reference(programs: &[Program], inputs: &arithsynth::Inputs, reps: usize) -> f64 {
    let rows: Vec<_> = inputs.rows().collect();
    median_secs(reps, || {
        for program in programs {
            for row in &rows {
                black_box(eval::reference::eval(program, black_box(row)));
            }
        }
    })
}

/// One thread against `threads`: the median run of each, the speed-up,
/// bytes per banked program, and a digest of every banked program (node
/// and children, in id order) that must be the same for both.
fn compare_threads(
    grammar: &Grammar,
    probe: &Inputs,
    max_size: usize,
    reps: usize,
    threads: usize,
) -> Result<()> {
    println!(
        "arithsynth bench enumerate (threads): {} variables, through size {max_size}, {} probe rows, median of {reps}",
        grammar.vars().len(),
        probe.len()
    );
    let mut rates = Vec::new();
    for t in [1, threads] {
        let mut runs: Vec<(Duration, u64, u64, MemoryParts, u64)> = (0..reps)
            .map(|_| {
                let mut enumeration = Enumerator::new(grammar.clone())
                    .probe(probe.clone())
                    .max_size(max_size)
                    .threads(t)
                    .start()?;
                let report = enumeration.run(|_, _| std::ops::ControlFlow::Continue(()));
                // FNV-1a over every banked node and its children
                let mut digest: u64 = 0xcbf2_9ce4_8422_2325;
                for id in 0..u32::try_from(enumeration.len())? {
                    let (node, children) = enumeration.node(id);
                    let text = format!("{node:?}{children:?}");
                    for byte in text.bytes() {
                        digest = (digest ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3);
                    }
                }
                Ok((
                    report.elapsed,
                    report.candidates,
                    report.unique,
                    enumeration.memory_parts(),
                    digest,
                ))
            })
            .collect::<Result<_>>()?;
        runs.sort_by_key(|run| run.0);
        let (elapsed, candidates, unique, memory, digest) = runs[runs.len() / 2];
        let rate = candidates as f64 / elapsed.as_secs_f64();
        println!(
            "{t} thread{}: {unique} unique of {candidates} candidates in {:.3} s: {rate:.3e} candidates/s, {:.1} bytes per banked program, digest {digest:016x}",
            if t == 1 { "" } else { "s" },
            elapsed.as_secs_f64(),
            memory.total() as f64 / unique as f64
        );
        println!("  {}", memory_per_program(&memory, unique));
        rates.push((rate, digest, unique));
    }
    let same = rates[0].1 == rates[1].1 && rates[0].2 == rates[1].2;
    println!(
        "speed-up with {threads} threads: {:.2}x; banked programs {}",
        rates[1].0 / rates[0].0,
        if same { "identical" } else { "DIFFERENT" }
    );
    if !same {
        anyhow::bail!("the thread counts banked different programs");
    }
    Ok(())
}

/// The bytes per banked program of each part of an enumeration's memory.
fn memory_per_program(memory: &MemoryParts, unique: u64) -> String {
    let per = |bytes: usize| bytes as f64 / unique.max(1) as f64;
    format!(
        "bytes per program: columns {:.1}, entries {:.1}, children {:.1}, tables {:.1}, buffers {:.1}",
        per(memory.columns),
        per(memory.entries),
        per(memory.children),
        per(memory.tables),
        per(memory.buffers + memory.workers)
    )
}

fn enumerate(
    vars: usize,
    max_size: usize,
    probe_rows: usize,
    reps: usize,
    extra_rows: usize,
) -> Result<()> {
    let grammar = Grammar::new(Vars::standard(vars)?);
    let mut rng = ChaCha8Rng::seed_from_u64(0x5eed);
    let probe = if probe_rows == arithsynth::enumerate::DEFAULT_PROBE_ROWS {
        Enumerator::default_probe(vars)
    } else {
        random_inputs(vars, probe_rows, &mut rng)
    };
    println!(
        "arithsynth bench enumerate: default grammar, {vars} variables, through size {max_size}, {probe_rows} probe rows, median of {reps}, one thread"
    );
    let mut reports: Vec<_> = (0..reps)
        .map(|_| {
            let enumerator = Enumerator::new(grammar.clone())
                .probe(probe.clone())
                .max_size(max_size);
            let mut enumeration = enumerator.start()?;
            let report = enumeration.run(|_, _| std::ops::ControlFlow::Continue(()));
            Ok((report, enumeration.memory_parts()))
        })
        .collect::<Result<_>>()?;
    reports.sort_by_key(|(report, _)| report.elapsed);
    let (report, memory) = &reports[reports.len() / 2];
    let secs = report.elapsed.as_secs_f64();
    println!("{report}");
    println!(
        "candidates/s {:.3e}   unique/s {:.3e}   bytes per banked program {:.1}",
        report.candidates as f64 / secs,
        report.unique as f64 / secs,
        report.memory_bytes as f64 / report.unique as f64
    );
    println!("{}", memory_per_program(memory, report.unique));

    // the same programs inserted one by one: observational equivalence
    // (compile, evaluate on the probe, hash the column) against the
    // e-graph's hash-cons (add the expression)
    let mut enumeration = Enumerator::new(grammar.clone())
        .probe(probe.clone())
        .max_size(max_size)
        .start()?;
    let programs: Vec<Program> = enumeration
        .by_ref()
        .take(200_000)
        .collect::<Vec<_>>()
        .into_iter()
        .map(|id| enumeration.program(id))
        .collect();
    let exprs: Vec<_> = programs
        .iter()
        .map(arithsynth::egraph::to_recexpr)
        .collect();
    let mut cache = Cache::new();
    let mut out = vec![0; probe.len()];
    let oe = median_secs(reps, || {
        let mut seen = std::collections::HashSet::with_capacity(programs.len());
        for program in &programs {
            Compiled::new(program).eval(&mut cache, &probe, &mut out);
            seen.insert(out.clone());
        }
        black_box(seen.len());
    });
    let egg = median_secs(reps, || {
        black_box(arithsynth::egraph::insert_all(&exprs));
    });
    let egg_rate = programs.len() as f64 / egg;
    println!(
        "insertion of the same {} programs, one by one: observational equivalence {:.3e}/s (compile, evaluate, hash), egg hash-cons {:.3e}/s: ratio {:.2}x",
        programs.len(),
        programs.len() as f64 / oe,
        egg_rate,
        egg / oe
    );
    println!(
        "enumerator's observational equivalence ({:.3e} candidates/s) against egg insertion: ratio {:.2}x",
        report.candidates as f64 / secs,
        report.candidates as f64 / secs / egg_rate
    );

    // a search's probe: 8 examples, alone and with the 8 rows beyond them
    // that keep fitting candidates apart (the cost of keeping candidates)
    {
        let examples: Vec<arithsynth::Example> = (0..8)
            .map(|i| arithsynth::Example::new(vec![i * 3 - 10; vars], i))
            .map(|mut e| {
                for (v, value) in e.inputs.iter_mut().enumerate() {
                    *value += v as i64 * 7;
                }
                e
            })
            .collect();
        let spec = arithsynth::search::Spec::new(grammar.clone(), examples, Vec::new())?;
        let run = |beyond: usize| -> Result<(f64, u64, u64)> {
            let mut reports: Vec<_> = (0..reps)
                .map(|_| {
                    let mut enumeration = Enumerator::new(grammar.clone())
                        .probe(spec.train_inputs())
                        .judge_beyond(arithsynth::search::beyond_rows(&spec, beyond))
                        .max_size(max_size)
                        .start()?;
                    Ok(enumeration.run(|_, _| std::ops::ControlFlow::Continue(())))
                })
                .collect::<Result<_>>()?;
            reports.sort_by_key(|report| report.elapsed);
            let report = &reports[reports.len() / 2];
            Ok((
                report.elapsed.as_secs_f64() / report.candidates as f64,
                report.candidates,
                report.unique,
            ))
        };
        let (alone, alone_candidates, alone_unique) = run(0)?;
        println!(
            "a search's probe through size {max_size}: 8 examples {:.3e} candidates/s ({alone_candidates} candidates, {alone_unique} unique)",
            1.0 / alone
        );
        for beyond in [4, 8] {
            let (wider, wider_candidates, wider_unique) = run(beyond)?;
            println!(
                "  with {beyond} rows beyond them {:.3e} candidates/s ({wider_candidates} candidates, {wider_unique} unique): {:.2}x the time per candidate",
                1.0 / wider,
                wider / alone
            );
        }
    }

    // false merges of observational equivalence on the probe
    {
        let mut enumeration = Enumerator::new(grammar.clone())
            .probe(probe.clone())
            .max_size(max_size)
            .dedup(Dedup::ExtraRows { extra_rows })
            .start()?;
        let proven = enumeration.run(|_, _| std::ops::ControlFlow::Continue(()));
        println!(
            "false merges of the {probe_rows}-row probe: {} programs that {extra_rows} more rows tell apart from the kept one of their probe class ({:.2} per 100 of the {} probe classes); {} unique with them",
            proven.splits,
            100.0 * proven.splits as f64 / (proven.unique - proven.splits).max(1) as f64,
            proven.unique - proven.splits,
            proven.unique
        );
    }
    Ok(())
}

/// Training tokens per second of the default preset's shape and batch with
/// `replicas` data-parallel replicas, and the share of the positions
/// computed that were padding.
#[cfg(feature = "neural")]
fn training_rate(steps: u64, replicas: usize) -> Result<(f64, f64)> {
    use arithsynth::model::{train, Model, TrainConfig, TrainStep};

    let config = TrainConfig {
        steps,
        eval_every: u64::MAX,
        replicas,
        ..TrainConfig::default_preset()
    };
    let mut model = Model::new(config.model, &arithsynth::model::Device::Cpu, 1)?;
    // the rate before the last step, which also measures the validation loss
    let (mut rate, mut padding) = (0.0, 0.0);
    train(&mut model, &config, &mut |step: &TrainStep, _: &Model| {
        if step.step + 1 == steps {
            rate = step.tokens_per_second;
            // a sequence's last token is predicted, never fed: not padding
            let fed = step.tokens.saturating_sub(step.step * config.batch as u64);
            padding = 1.0 - fed as f64 / step.positions.max(1) as f64;
        }
        true
    })?;
    Ok((rate, padding))
}

/// FLOP/s of `threads` threads each multiplying an `m`×`k` by a `k`×`n`
/// matrix (f32, CPU) over and over: the machine's practical peak for the
/// model's products.
#[cfg(feature = "neural")]
fn matmul_peak(m: usize, k: usize, n: usize, threads: usize) -> Result<f64> {
    use arithsynth::model::Device;
    use candle_core::Tensor;

    let reps = 40;
    let one = || -> Result<()> {
        let a = Tensor::ones((m, k), candle_core::DType::F32, &Device::Cpu)?;
        let b = Tensor::ones((k, n), candle_core::DType::F32, &Device::Cpu)?;
        for _ in 0..reps {
            std::hint::black_box(a.matmul(&b)?);
        }
        Ok(())
    };
    one()?; // warm
    let start = std::time::Instant::now();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(one)).collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    })?;
    let flops = 2.0 * (m * k * n * reps * threads) as f64;
    Ok(flops / start.elapsed().as_secs_f64())
}

#[cfg(feature = "neural")]
fn model(steps: u64, replicas: usize) -> Result<()> {
    use arithsynth::dataset::Example;
    use arithsynth::model::{Model, Sampler, TrainConfig};

    let device = arithsynth::model::Device::Cpu;
    let config = TrainConfig::default_preset();
    let parameters = Model::new(config.model, &device, 1)?.parameter_count();
    println!(
        "arithsynth bench model: default config {:?}, {parameters} parameters, CPU, \
         RAYON_NUM_THREADS={}",
        config.model,
        std::env::var("RAYON_NUM_THREADS").unwrap_or_default()
    );
    // one replica and `replicas`, interleaved, twice each
    let mut rates = [Vec::new(), Vec::new()];
    let mut padding = [0.0; 2];
    for _ in 0..2 {
        for (i, count) in [1, replicas].into_iter().enumerate() {
            let (rate, pad) = training_rate(steps, count)?;
            rates[i].push(rate);
            padding[i] = pad;
        }
    }
    let best = |rates: &[f64]| rates.iter().copied().fold(0.0, f64::max);
    for ((count, rates), padding) in [1, replicas].iter().zip(&rates).zip(padding) {
        println!(
            "training, {count} replica(s): {:.0} tokens/s (runs: {}; batch {}, {steps} steps; \
             padding {:.1}% of the positions computed)",
            best(rates),
            rates
                .iter()
                .map(|r| format!("{r:.0}"))
                .collect::<Vec<_>>()
                .join(", "),
            config.batch,
            100.0 * padding
        );
    }
    println!(
        "replicas: {:.2}x the tokens/s of one",
        best(&rates[1]) / best(&rates[0]).max(1e-9)
    );
    // the largest product of a step: the feed-forward layer over a batch of
    // 32 sequences of about 80 tokens
    let width = config.model.width;
    let peak = matmul_peak(32 * 80, width, 4 * width, replicas)?;
    // 6 FLOPs per parameter per token (forward 2, backward 4); attention
    // scores not counted
    let achieved = best(&rates[1]) * 6.0 * parameters as f64;
    println!(
        "FLOP/s: training {:.2} GFLOP/s (6 x parameters per token), a {}x{width} by \
         {width}x{} product on {replicas} thread(s) {:.2} GFLOP/s: {:.1}% of it",
        achieved / 1e9,
        32 * 80,
        4 * width,
        peak / 1e9,
        100.0 * achieved / peak.max(1.0)
    );

    let model = Model::embedded(&device)?;
    let grammar = Grammar::new(Vars::new(["x"])?);
    let sampler = Sampler::new(&model, &grammar);
    let examples: Vec<Example> = [-3, 0, 2, 5, 9, 14]
        .into_iter()
        .map(|x: i64| Example {
            inputs: vec![x],
            output: x * x + 1,
        })
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut rates = Vec::new();
    for (batch, count) in [(1usize, 32usize), (16, 256), (64, 512)] {
        let (programs, tokens) = sampling_rate(&sampler, &examples, (batch, count), &mut rng)?;
        rates.push(programs);
        println!(
            "sampling, batch {batch:>2}: {tokens:.0} program tokens/s, {programs:.0} programs/s"
        );
    }
    println!(
        "sampling, batch 64 / batch 16: {:.2}x the programs/s",
        rates[2] / rates[1].max(1e-9)
    );
    // the sketch model, as the hybrid draws its sketches (after the
    // samples, in batches of 64 where batches of 16 were drawn before)
    let sketcher = Model::embedded_sketch(&device)?;
    let sketches = Sampler::with_hole(&sketcher, &grammar, 1);
    let (at16, _) = sampling_rate(&sketches, &examples, (16, 256), &mut rng)?;
    let (at64, _) = sampling_rate(&sketches, &examples, (64, 256), &mut rng)?;
    println!(
        "sketches, batch 16 / 64: {at16:.0} / {at64:.0} programs/s, {:.2}x",
        at64 / at16.max(1e-9)
    );
    Ok(())
}
