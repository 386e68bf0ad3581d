//! `arithsynth split`: a train/test split of a program set that isolates
//! one shift, as two task files and the measured distances.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use arithsynth::dataset::split::{split, tasks, Placed, SplitKind};
use arithsynth::dataset::{read_program_set, write_tasks, AtomicFile};
use arithsynth::{Program, Vars};
use clap::Args;
use serde_json::json;

#[derive(Args, Debug)]
pub struct SplitArgs {
    /// Program set (`enumerate`'s .parquet or .jsonl).
    #[arg(long)]
    programs: PathBuf,
    /// Variable names the programs use, comma separated.
    #[arg(long, default_value = "x")]
    vars: String,
    /// iid, density, syntactic, semantic or diversity.
    #[arg(long)]
    kind: String,
    /// Training programs.
    #[arg(long, default_value_t = 1000)]
    train: usize,
    /// Test programs.
    #[arg(long, default_value_t = 200)]
    test: usize,
    /// Dimensions of each space's embedding.
    #[arg(long, default_value_t = 8)]
    dims: usize,
    /// Examples per task: searched with, and held out.
    #[arg(long, default_value_t = 8)]
    examples: usize,
    /// Held-out examples per task.
    #[arg(long, default_value_t = 32)]
    held_out: usize,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder: train.jsonl, test.jsonl, split.json.
    #[arg(long)]
    out: PathBuf,
}

pub fn run(args: &SplitArgs) -> Result<()> {
    let Some(&(kind, name)) = SplitKind::ALL.iter().find(|(_, n)| *n == args.kind) else {
        bail!(
            "--kind {}: expected one of {}",
            args.kind,
            SplitKind::ALL.map(|k| k.1).join(", ")
        );
    };
    let vars = Vars::new(args.vars.split(',').map(str::trim)).context("--vars")?;
    let records = read_program_set(&args.programs)?;
    let programs: Vec<Program> = records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Program::parse(&r.program, &vars)
                .with_context(|| format!("{} record {}", args.programs.display(), i + 1))
        })
        .collect::<Result<_>>()?;
    let placed = Placed::new(programs, vars.len(), args.dims);
    let cut = split(&placed, kind, args.train, args.test, args.seed)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let train = tasks(
        &placed,
        &cut.train,
        &vars,
        args.examples,
        args.held_out,
        &format!("{name}-train"),
        args.seed,
    );
    let test = tasks(
        &placed,
        &cut.test,
        &vars,
        args.examples,
        args.held_out,
        &format!("{name}-test"),
        args.seed ^ 1,
    );
    write_tasks(&args.out.join("train.jsonl"), &train)?;
    write_tasks(&args.out.join("test.jsonl"), &test)?;
    let stats = json!({
        "kind": name, "programs": placed.len(), "train": cut.train.len(), "test": cut.test.len(),
        "syntactic_nn_mean": cut.syntactic.mean, "syntactic_nn_median": cut.syntactic.median,
        "semantic_nn_mean": cut.semantic.mean, "semantic_nn_median": cut.semantic.median,
        "ball_centre": cut.ball.map(|b| placed.programs[b.0].sexpr(&vars).to_string()),
        "ball_radius": cut.ball.map(|b| b.1),
        "density_centre": cut.centre.map(|c| placed.programs[c].sexpr(&vars).to_string()),
    });
    let path = args.out.join("split.json");
    let mut file = AtomicFile::create(&path)?;
    std::io::Write::write_all(
        file.writer(),
        serde_json::to_string_pretty(&stats)?.as_bytes(),
    )?;
    file.commit()?;
    println!("{}", serde_json::to_string_pretty(&stats)?);
    Ok(())
}
