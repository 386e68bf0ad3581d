//! `arithsynth solve`: run a strategy on every task of a file.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use arithsynth::dataset::shard::Shard;
use arithsynth::dataset::{read_tasks, AtomicFile, Task};
use arithsynth::search::evidence::{self, Evidence};
#[cfg(feature = "neural")]
use arithsynth::search::Strategy;
use arithsynth::search::{Budget, Learned, Occam, Outcome, Prior, Spec};
use arithsynth::{Synthesizer, Verdict};
use clap::Args;
use indicatif::ProgressBar;
use rayon::prelude::*;
use serde_json::json;

use crate::strategies::Strategies;
use crate::GrammarArgs;

#[derive(Args, Debug)]
pub struct SolveArgs {
    /// Task file (JSON lines).
    #[arg(long)]
    tasks: PathBuf,
    /// Strategy: enumerative, neural, hybrid, or a hybrid ablation
    /// (hybrid-costs, hybrid-costs-seeds, hybrid-seeds, hybrid-no-holes,
    /// hybrid-check-only, hybrid-alternatives, hybrid-no-completion,
    /// hybrid-no-unify, hybrid-first-fit, hybrid-no-learning, hybrid-blocks,
    /// hybrid-sketches, hybrid-sketches-blocks).
    #[arg(long, default_value = "hybrid")]
    strategy: String,
    /// Time per task, e.g. 10s, 300ms, or `none` (then --candidates
    /// must be given: a repeatable run).
    #[arg(long, default_value = "10s")]
    budget: String,
    /// Candidates per task (repeatable runs use this instead of time).
    #[arg(long)]
    candidates: Option<u64>,
    /// Model samples per task.
    #[arg(long)]
    samples: Option<u64>,
    /// Checkpoint for the model strategies; default: the embedded model.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Tasks solved at once (default: one per core). The results do not
    /// depend on it under a candidate budget.
    #[arg(long)]
    jobs: Option<usize>,
    /// Threads each task's enumeration runs on (0: one per core); for one
    /// hard task, `--jobs 1 --threads 0` puts every core on it. The results
    /// do not depend on it under a candidate budget.
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Seed of the model's samples: same tasks, budget and seed, same
    /// results (under --budget none --candidates N).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Ask a person at the terminal for the output on inputs where the
    /// fitting programs disagree ("f(15) = ?"), then (unless --no-checks)
    /// on inputs that check the best, showing it; an empty line stops;
    /// tasks one at a time.
    #[arg(long, conflicts_with = "oracle")]
    ask: bool,
    /// Answer those questions from a program (an S-expression over the
    /// task's variables), or `task` for each task's own reference program:
    /// how many questions reach the right program.
    #[arg(long)]
    oracle: Option<String>,
    /// Most questions per task (with --ask or --oracle).
    #[arg(long, default_value_t = 3)]
    max_questions: usize,
    /// Ask only where the fitting programs disagree. By default, once they
    /// agree (or one is left), the remaining questions check the best one
    /// on inputs that are not examples, smallest magnitudes first, within
    /// the examples' range (f(0), f(-1), … where the range holds them); a
    /// wrong answer starts a new search with it.
    #[arg(long)]
    no_checks: bool,
    /// How fitting programs are ordered: `prior` (a prior of programs
    /// people write: the smallest first, a constant divided by an
    /// expression of the inputs priced up, a ceiling division priced
    /// down), `occam` (the smallest first) or `learned` (the shipped weights of features and the model's
    /// log-probability, fitted on enumerated training tasks by
    /// `fit-ranker`). Only programs a strategy keeps are ranked: the
    /// hybrid keeps up to 16, `hybrid-alternatives` up to 8,
    /// `hybrid-first-fit` and `enumerative` one.
    #[arg(long, default_value = "prior", value_parser = ["prior", "occam", "learned"])]
    ranker: String,
    /// Keep fitting programs up to this many nodes past the smallest (Δ;
    /// with --keep and --extra-effort: the alternatives any strategy
    /// keeps; default: each strategy's own).
    #[arg(long)]
    window: Option<usize>,
    /// Most fitting programs kept (K).
    #[arg(long)]
    keep: Option<usize>,
    /// Share of the candidates the first fit took that the search may
    /// spend past it, looking for more.
    #[arg(long)]
    extra_effort: Option<f64>,
    /// Add up to this many literals that each task's training examples
    /// point to (60 for minutes, 100 for a percentage, 7 for a weekday) to
    /// its grammar, as SyGuS solvers take constants from the examples; 0:
    /// the grammar's literals only (a program found may otherwise use a
    /// literal the grammar does not list). A result line names the
    /// literals added (`task_literals`). Deliberately not the library's
    /// default (`Synthesizer::task_literals`, 0): task files hold formulas
    /// people write, with the constants they use.
    #[arg(long, default_value_t = arithsynth::search::literals::DEFAULT_TASK_LITERALS)]
    task_literals: usize,
    /// Learned building blocks for the hybrid (a file `learn-blocks`
    /// writes, one body a line over `a`, `b`, `c`), used whatever the
    /// variant: their instances are leaves of its enumeration and parts of
    /// its completion. Default: the embedded library, in `hybrid-blocks`
    /// only.
    #[arg(long, value_name = "FILE")]
    blocks: Option<PathBuf>,
    /// A sketch model for the hybrid (a checkpoint `train --holes`
    /// writes), used whatever the variant: its sketches' holes are filled
    /// from the enumeration. Default: the embedded sketch model, in
    /// `hybrid-sketches` and `hybrid-sketches-blocks` only.
    #[arg(long, value_name = "FILE")]
    sketch_model: Option<PathBuf>,
    /// Result file (JSON lines).
    #[arg(long)]
    out: PathBuf,
    /// Solve only shard I of N (from 0): the tasks whose position in the
    /// file (from 0) is I mod N, in file order. Task k's result is line
    /// k / N of shard k mod N's results.
    #[arg(long, value_name = "I/N")]
    shard: Option<Shard>,
    #[command(flatten)]
    grammar: GrammarArgs,
}

/// A time limit: a duration, or `none`.
pub fn parse_time_limit(text: &str) -> Result<Option<Duration>> {
    if text.trim() == "none" {
        Ok(None)
    } else {
        parse_duration(text).map(Some)
    }
}

pub fn parse_duration(text: &str) -> Result<Duration> {
    let text = text.trim();
    let (number, scale) = if let Some(ms) = text.strip_suffix("ms") {
        (ms, 1e-3)
    } else if let Some(s) = text.strip_suffix('s') {
        (s, 1.0)
    } else {
        (text, 1.0)
    };
    let value: f64 = number
        .trim()
        .parse()
        .with_context(|| format!("`{text}` is not a duration like 10s or 300ms"))?;
    Duration::try_from_secs_f64(value * scale)
        .with_context(|| format!("`{text}` is not a non-negative duration"))
}

fn result_line(
    task: &Task,
    outcome: &Outcome,
    evidence: Option<Evidence>,
    spec: &Spec,
    strategy: &str,
) -> serde_json::Value {
    match outcome {
        Outcome::Solved(s) => {
            // how much the examples support the program, and the verdict
            // at the library's threshold (`Synthesis::verdict`)
            let evidence = evidence.unwrap_or_else(|| evidence::evidence(spec, &s.program));
            let code = evidence.code().as_str();
            let evidence = evidence.bits();
            let mut line = json!({
                "name": task.name, "solved": true,
                "program": s.program.sexpr(spec.vars()).to_string(),
                "verdict": Verdict::of(Some(evidence)).as_str(),
                "evidence_bits": (evidence * 10.0).round() / 10.0,
                "evidence_code": code,
                "test_ok": s.test_ok, "strategy": strategy,
                "time_ms": s.elapsed.as_secs_f64() * 1e3,
                "candidates": s.candidates, "samples": s.samples,
                "size": s.program.size(),
            });
            if s.ranked.len() > 1 {
                // every fitting program kept, best first, for rankers to be
                // compared on (`fit-ranker`)
                line["ranked"] = s
                    .ranked
                    .iter()
                    .map(|c| {
                        json!({
                            "program": c.program.sexpr(spec.vars()).to_string(),
                            "test_ok": spec.test_ok(&c.program),
                            "score": c.score,
                        })
                    })
                    .collect();
            }
            line
        }
        Outcome::Unsolved {
            best,
            elapsed,
            candidates,
            samples,
            reason,
        } => json!({
            "name": task.name, "solved": false, "program": null, "test_ok": null,
            "verdict": Verdict::NotFound.as_str(), "evidence_bits": null,
            "strategy": strategy, "time_ms": elapsed.as_secs_f64() * 1e3,
            "candidates": candidates, "samples": samples,
            "gave_up": reason.to_string(),
            "best": best.as_ref().map(|(p, _)| p.sexpr(spec.vars()).to_string()),
            "best_matched": best.as_ref().map(|(_, m)| *m),
        }),
    }
}

/// A task's result line, whether it was solved and correct, and its time.
pub type TaskResult = (serde_json::Value, Option<bool>, Option<bool>, f64);

/// Who answers the questions that tell fitting programs apart.
#[derive(Clone, Debug)]
pub enum Questions {
    /// Nobody: one search per task.
    None,
    /// A program (`None`: each task's reference program), up to a number
    /// of questions, with check questions or not.
    Oracle(Option<String>, usize, bool),
    /// A person at the terminal, up to a number of questions, with check
    /// questions or not.
    Ask(usize, bool),
}

/// The output of `oracle` (or the task's program) on `inputs`.
fn oracle_answer(task: &Task, oracle: Option<&str>, inputs: &[i64]) -> Result<i64> {
    let text = oracle
        .or(task.program.as_deref())
        .with_context(|| format!("task `{}` has no program to answer from", task.name))?;
    let program = arithsynth::Program::parse(text, &task.vars)
        .with_context(|| format!("task `{}`: the oracle", task.name))?;
    Ok(arithsynth::eval::reference::eval(&program, inputs))
}

/// Asks at the terminal; `None` when the person stops (an empty line or
/// end of input).
fn ask_person(task: &Task, best: Option<String>, inputs: &[i64]) -> Result<Option<i64>> {
    use std::io::BufRead;
    let call = inputs
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if let Some(best) = best {
        println!("{}: the best so far is {best}", task.name);
    }
    loop {
        print!("f({call}) = ? ");
        std::io::stdout()
            .flush()
            .context("writing to the terminal")?;
        let mut line = String::new();
        if std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the answer")?
            == 0
        {
            return Ok(None);
        }
        let line = line.trim();
        if line.is_empty() {
            return Ok(None);
        }
        match line.parse::<i64>() {
            Ok(value) => return Ok(Some(value)),
            Err(_) => println!("`{line}` is not an integer (an empty line stops)"),
        }
    }
}

/// Solves one spec through the front door; with questions, a
/// [`Session`](arithsynth::Session) asks while the candidates disagree
/// (then, with checks, on small inputs that are not examples), each answer
/// refining the spec (and searching again when no candidate gives it).
/// Returns the final spec, outcome, evidence and questions asked.
fn solve_asking(
    task: &Task,
    spec: &Spec,
    synthesizer: &Synthesizer,
    questions: &Questions,
) -> Result<(Spec, Outcome, Option<Evidence>, usize)> {
    let context = || format!("task `{}`", task.name);
    let (limit, checks) = match questions {
        Questions::None => {
            let found = synthesizer.solve_spec(spec).with_context(context)?;
            let evidence = found.evidence_terms();
            return Ok((spec.clone(), found.into_outcome(), evidence, 0));
        }
        Questions::Oracle(_, limit, checks) | Questions::Ask(limit, checks) => (*limit, *checks),
    };
    let mut session = synthesizer
        .session_spec(spec.clone())
        .with_context(context)?;
    let mut asked = 0;
    while asked < limit {
        let Some(program) = session.synthesis().program().cloned() else {
            break;
        };
        let question = session
            .question()
            .or_else(|| checks.then(|| session.check()).flatten());
        let Some(inputs) = question else {
            break;
        };
        let answer = match questions {
            Questions::None => break,
            Questions::Oracle(oracle, ..) => oracle_answer(task, oracle.as_deref(), &inputs)?,
            Questions::Ask(..) => {
                let call: Vec<String> = inputs.iter().map(i64::to_string).collect();
                let best = format!(
                    "{}, which gives f({}) = {}",
                    program.infix(session.spec().vars()),
                    call.join(", "),
                    arithsynth::eval::reference::eval(&program, &inputs)
                );
                match ask_person(task, Some(best), &inputs)? {
                    Some(answer) => answer,
                    None => break,
                }
            }
        };
        asked += 1;
        session
            .answer(&inputs, answer)
            .with_context(|| format!("task `{}`: the answer", task.name))?;
    }
    let spec = session.spec().clone();
    let found = session.into_synthesis();
    let evidence = found.evidence_terms();
    Ok((spec, found.into_outcome(), evidence, asked))
}

/// The machine's cores (1 where it cannot tell). Not rayon's default pool
/// size: the binary sets `RAYON_NUM_THREADS=1` for candle's sake.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// Solves every spec with `strategy` within `budget` on `jobs` threads (0:
/// one per core), ticking `bar`: the lab's experiments, which compare
/// strategies of their own (the command line's `solve`, `sygus` and `curve`
/// go through the front door: [`solve_all_asking`]). Fits are ranked by
/// size ([`Occam`]).
#[cfg(feature = "neural")]
pub fn solve_all(
    tasks: &[Task],
    specs: &[Spec],
    strategy: &(dyn Strategy + Sync),
    budget: &Budget,
    jobs: usize,
    bar: &ProgressBar,
) -> Result<Vec<TaskResult>> {
    solve_each(
        tasks,
        specs,
        strategy.name(),
        false,
        jobs,
        bar,
        &|task, spec| {
            let mut outcome = strategy
                .solve(spec, budget)
                .with_context(|| format!("task `{}`", task.name))?;
            let evidence = if let Outcome::Solved(solution) = &mut outcome {
                solution.rerank(spec, &Occam);
                Some(evidence::evidence_within(
                    spec,
                    &solution.program,
                    evidence::THRESHOLD_BITS,
                    &budget.deadline(),
                    evidence::FUNCTION_CODE_MEMORY,
                    budget
                        .candidates
                        .map(|limit| limit.saturating_sub(solution.candidates)),
                ))
            } else {
                None
            };
            Ok((spec.clone(), outcome, evidence, 0))
        },
    )
}

/// Solves every spec through `synthesizer` (its limits, ranker and
/// strategy) on `jobs` threads, with questions answered by `questions`.
pub fn solve_all_asking(
    tasks: &[Task],
    specs: &[Spec],
    synthesizer: &Synthesizer,
    jobs: usize,
    bar: &ProgressBar,
    questions: &Questions,
) -> Result<Vec<TaskResult>> {
    let asking = !matches!(questions, Questions::None);
    let name = synthesizer.strategy_name();
    solve_each(tasks, specs, name, asking, jobs, bar, &|task, spec| {
        solve_asking(task, spec, synthesizer, questions)
    })
}

/// What solving one task gives: the spec it ended with (answers added),
/// the outcome, the answer's evidence, and the questions asked.
type SolveOne<'a> =
    dyn Fn(&Task, &Spec) -> Result<(Spec, Outcome, Option<Evidence>, usize)> + Sync + 'a;

/// Runs `solve` on every task on `jobs` threads: one result line each.
fn solve_each(
    tasks: &[Task],
    specs: &[Spec],
    strategy: &str,
    asking: bool,
    jobs: usize,
    bar: &ProgressBar,
    solve: &SolveOne<'_>,
) -> Result<Vec<TaskResult>> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(if jobs == 0 { cores() } else { jobs })
        .build()
        .context("cannot start worker threads")?;
    pool.install(|| {
        tasks
            .par_iter()
            .zip(specs)
            .map(|(task, given)| {
                // the task's whole call, reranking and questions included:
                // what a user waits for (`time_ms` is the search's own clock)
                let started = std::time::Instant::now();
                let (spec, outcome, evidence, asked) = solve(task, given)?;
                bar.inc(1);
                let mut line = result_line(task, &outcome, evidence, &spec, strategy);
                line["wall_ms"] = json!(started.elapsed().as_secs_f64() * 1e3);
                if asking {
                    line["questions"] = json!(asked);
                    // the answers, in the order asked: [inputs, output]
                    let answers: Vec<_> = spec.train()[given.train().len()..]
                        .iter()
                        .map(|e| json!([e.inputs, e.output]))
                        .collect();
                    line["answers"] = json!(answers);
                }
                let (solved, correct, time) = match &outcome {
                    Outcome::Solved(s) => (Some(true), s.test_ok, s.elapsed.as_secs_f64()),
                    Outcome::Unsolved { elapsed, .. } => (Some(false), None, elapsed.as_secs_f64()),
                };
                Ok((line, solved, correct, time))
            })
            .collect()
    })
}

/// The specs of the tasks, each under `default` unless it names a grammar.
pub fn specs(tasks: &[Task], default: &arithsynth::Grammar) -> Result<Vec<Spec>> {
    tasks
        .iter()
        .map(|task| Spec::from_task(task, default).with_context(|| format!("task `{}`", task.name)))
        .collect()
}

pub fn run_solve(args: &SolveArgs) -> Result<()> {
    let tasks = read_tasks(&args.tasks)?;
    if tasks.is_empty() {
        bail!("{} holds no task", args.tasks.display());
    }
    let tasks = args.shard.unwrap_or_default().tasks(tasks);
    let default = args.grammar.grammar()?;
    let budget = Budget {
        time: parse_time_limit(&args.budget)?,
        candidates: args.candidates,
        samples: args.samples,
        ..Budget::default()
    };
    if budget.time.is_none() && budget.candidates.is_none() {
        bail!("--budget none needs --candidates: a search needs some limit");
    }
    let plain = specs(&tasks, &default)?;
    let specs: Vec<Spec> = plain
        .iter()
        .map(|spec| spec.clone().with_task_literals(args.task_literals))
        .collect();
    // the literals each task's examples added, for its result line
    let added: Vec<Vec<i64>> = plain
        .iter()
        .zip(&specs)
        .map(|(before, after)| {
            let before = before.grammar().literals();
            after
                .grammar()
                .literals()
                .iter()
                .copied()
                .filter(|l| before.binary_search(l).is_err())
                .collect()
        })
        .collect();
    let questions = match (&args.oracle, args.ask) {
        (Some(oracle), _) => Questions::Oracle(
            (oracle != "task").then(|| oracle.clone()),
            args.max_questions,
            !args.no_checks,
        ),
        (None, true) => Questions::Ask(args.max_questions, !args.no_checks),
        (None, false) => Questions::None,
    };
    let mut strategies =
        Strategies::new(std::slice::from_ref(&args.strategy), args.model.as_deref())?
            .with_seed(args.seed)
            .with_threads(args.threads)
            .with_blocks_file(args.blocks.as_deref())?
            .with_sketch_model(args.sketch_model.as_deref())?;
    let alternatives = arithsynth::search::CandidateConfig::alternatives();
    if args.window.is_some() || args.keep.is_some() || args.extra_effort.is_some() {
        let effort = args.extra_effort.unwrap_or(alternatives.extra_effort);
        if !(effort.is_finite() && effort >= 0.0) {
            bail!("--extra-effort must be a non-negative number, not {effort}");
        }
        strategies = strategies.with_candidates(arithsynth::search::CandidateConfig {
            window: args.window.unwrap_or(alternatives.window),
            max_candidates: args.keep.unwrap_or(alternatives.max_candidates).max(1),
            extra_effort: effort,
            ..alternatives
        });
    }
    // (questions need fitting alternatives: a session keeps the ranked
    // ones when the strategy keeps only its first fit)
    let synthesizer = strategies.build(&default, &budget).swap_remove(0);
    let bar = if args.ask {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(tasks.len() as u64)
    };
    let jobs = if args.ask { 1 } else { args.jobs.unwrap_or(0) };
    let synthesizer = if args.ranker == "learned" {
        // the shipped weights, with the model they were fitted with
        #[cfg(feature = "neural")]
        let learned = Learned::default().with_model(std::sync::Arc::new(
            crate::neural::load_model(args.model.as_deref(), &arithsynth::model::Device::Cpu)?,
        ));
        #[cfg(not(feature = "neural"))]
        let learned = Learned::default();
        synthesizer.ranker(learned)
    } else if args.ranker == "occam" {
        synthesizer.ranker(Occam)
    } else {
        synthesizer.ranker(Prior)
    };
    let results = solve_all_asking(&tasks, &specs, &synthesizer, jobs, &bar, &questions)?;
    bar.finish_and_clear();
    let mut file = AtomicFile::create(&args.out)?;
    let (mut solved, mut fitted, mut correct, mut times) = (0, 0, 0, Vec::new());
    let mut asked: Vec<u64> = Vec::new();
    for (result, added) in results.into_iter().zip(&added) {
        let (mut line, s, c, time) = result;
        if !added.is_empty() {
            line["task_literals"] = serde_json::json!(added);
        }
        if let Some(n) = line["questions"].as_u64() {
            asked.push(n);
        }
        writeln!(file.writer(), "{line}")
            .with_context(|| format!("writing {}", args.out.display()))?;
        // a program only fitted is not counted as solved
        let generalizes = line["verdict"] == Verdict::Generalizes.as_str();
        solved += usize::from(s == Some(true) && generalizes);
        fitted += usize::from(s == Some(true) && !generalizes);
        correct += usize::from(c == Some(true) && generalizes);
        times.push(time);
    }
    file.commit()?;
    times.sort_by(f64::total_cmp);
    println!(
        "strategy {}, ranker {}, budget {:?} per task, {} tasks",
        synthesizer.strategy_name(),
        args.ranker,
        budget,
        tasks.len()
    );
    println!(
        "solved on train   {solved:>5} ({:.1}%), generalizes",
        100.0 * solved as f64 / tasks.len().max(1) as f64
    );
    println!(
        "fits only         {fitted:>5} ({:.1}%), a program the examples do not support",
        100.0 * fitted as f64 / tasks.len().max(1) as f64
    );
    println!(
        "correct on test   {correct:>5} ({:.1}%), of those that generalize",
        100.0 * correct as f64 / tasks.len().max(1) as f64
    );
    if let Some(median) = times.get(times.len() / 2) {
        println!("median time       {median:.3} s");
    }
    if !asked.is_empty() {
        asked.sort_unstable();
        let at = |q: f64| {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss,
                reason = "a rank"
            )]
            let index = ((asked.len() - 1) as f64 * q).round() as usize;
            asked[index]
        };
        println!(
            "questions asked   median {}, 95th percentile {}, most {}",
            at(0.5),
            at(0.95),
            asked[asked.len() - 1]
        );
    }
    println!("results in {}", args.out.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Command {
        #[command(flatten)]
        solve: SolveArgs,
    }

    fn solve_lines(
        tasks: &std::path::Path,
        out: &std::path::Path,
        shard: Option<&str>,
    ) -> Vec<serde_json::Value> {
        let mut argv = vec![
            "solve".to_owned(),
            "--tasks".into(),
            tasks.display().to_string(),
        ];
        argv.extend(
            [
                "--strategy",
                "enumerative",
                "--budget",
                "none",
                "--candidates",
                "20000",
            ]
            .map(String::from),
        );
        argv.extend([
            "--jobs".into(),
            "1".into(),
            "--out".into(),
            out.display().to_string(),
        ]);
        if let Some(shard) = shard {
            argv.extend(["--shard".into(), shard.to_owned()]);
        }
        let command = Command::try_parse_from(argv).expect("valid flags");
        run_solve(&command.solve).expect("solves");
        std::fs::read_to_string(out)
            .expect("written")
            .lines()
            .map(|line| {
                let mut value: serde_json::Value = serde_json::from_str(line).expect("json");
                let object = value.as_object_mut().expect("object");
                object.remove("time_ms");
                object.remove("wall_ms");
                value
            })
            .collect()
    }

    #[test]
    fn shards_interleave_to_the_whole_run() {
        let dir = std::env::temp_dir().join(format!("arithsynth-shard-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let tasks = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/tasks/everyday.jsonl");
        let whole = solve_lines(&tasks, &dir.join("whole.jsonl"), None);
        let count = 3;
        let shards: Vec<Vec<serde_json::Value>> = (0..count)
            .map(|i| {
                solve_lines(
                    &tasks,
                    &dir.join(format!("{i}.jsonl")),
                    Some(&format!("{i}/{count}")),
                )
            })
            .collect();
        let merged: Vec<serde_json::Value> = (0..whole.len())
            .map(|k| shards[k % count][k / count].clone())
            .collect();
        assert_eq!(merged, whole);
        assert_eq!(shards.iter().map(Vec::len).sum::<usize>(), whole.len());
        std::fs::remove_dir_all(&dir).expect("cleaned up");
    }
}
