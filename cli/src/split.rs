//! `arithsynth split`: a train/test split of a program set that isolates
//! one shift, as two task files and the measured distances.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use arithsynth::dataset::coordinates::write_coordinates;
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
    /// Output folder: train.jsonl, test.jsonl, split.json,
    /// coordinates.parquet (every program's place in both spaces and its
    /// role), and a scatter plot per space (scatter-syntactic.png,
    /// scatter-semantic.png).
    #[arg(long)]
    out: PathBuf,
}

/// A 2-D scatter of the first two coordinates, coloured by split (other
/// programs grey, training blue, test red).
fn scatter(
    coords: &[Vec<f64>],
    train: &[usize],
    test: &[usize],
    title: &str,
    path: &std::path::Path,
) -> Result<()> {
    use plotters::prelude::*;
    let plot = |e: &dyn std::fmt::Display| anyhow::anyhow!("{}: {e}", path.display());
    let labels = crate::curve::register_font();
    let xy = |i: usize| {
        (
            coords[i].first().copied().unwrap_or(0.0),
            coords[i].get(1).copied().unwrap_or(0.0),
        )
    };
    let (mut lo, mut hi) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
    for i in 0..coords.len() {
        let (x, y) = xy(i);
        lo = (lo.0.min(x), lo.1.min(y));
        hi = (hi.0.max(x), hi.1.max(y));
    }
    if coords.is_empty() || lo.0 >= hi.0 || lo.1 >= hi.1 {
        hi = (lo.0 + 1.0, lo.1 + 1.0);
    }
    let root = BitMapBackend::new(path, (800, 800)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| plot(&e))?;
    let mut builder = ChartBuilder::on(&root);
    builder.margin(20);
    if labels {
        builder
            .caption(title, ("sans-serif", 20))
            .x_label_area_size(30)
            .y_label_area_size(50);
    }
    let mut chart = builder
        .build_cartesian_2d(lo.0..hi.0, lo.1..hi.1)
        .map_err(|e| plot(&e))?;
    if labels {
        chart.configure_mesh().draw().map_err(|e| plot(&e))?;
    }
    let mut role = vec![0u8; coords.len()];
    train.iter().for_each(|&i| role[i] = 1);
    test.iter().for_each(|&i| role[i] = 2);
    let colours = [
        RGBColor(200, 200, 200),
        RGBColor(40, 90, 200),
        RGBColor(220, 40, 40),
    ];
    for (kind, colour) in colours.iter().enumerate() {
        chart
            .draw_series(
                (0..coords.len())
                    .filter(|&i| usize::from(role[i]) == kind)
                    .map(|i| Circle::new(xy(i), 2, colour.filled())),
            )
            .map_err(|e| plot(&e))?;
    }
    root.present().map_err(|e| plot(&e))?;
    Ok(())
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
    write_coordinates(
        &args.out.join("coordinates.parquet"),
        &placed,
        &vars,
        Some(&cut),
    )?;
    let stats = json!({
        "kind": name, "programs": placed.len(), "train": cut.train.len(), "test": cut.test.len(),
        "syntactic_nn_mean": cut.syntactic.mean, "syntactic_nn_median": cut.syntactic.median,
        "semantic_nn_mean": cut.semantic.mean, "semantic_nn_median": cut.semantic.median,
        "ball_centre": cut.ball.map(|b| placed.programs[b.0].sexpr(&vars).to_string()),
        "ball_radius": cut.ball.map(|b| b.1),
        "density_centre": cut.centre.map(|c| placed.programs[c].sexpr(&vars).to_string()),
    });
    for (coords, space) in [
        (&placed.syntactic, "syntactic"),
        (&placed.semantic, "semantic"),
    ] {
        let png = args.out.join(format!("scatter-{space}.png"));
        scatter(
            coords,
            &cut.train,
            &cut.test,
            &format!("{name} split, {space} space (grey: other, blue: train, red: test)"),
            &png,
        )?;
        eprintln!("plot: {}", png.display());
    }
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
