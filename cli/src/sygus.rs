//! `arithsynth sygus FILE.sl` and `arithsynth to-sygus`.

use std::path::PathBuf;

use anyhow::{Context, Result};
use arithsynth::dataset::read_tasks;
use arithsynth::search::{Budget, Outcome, Spec};
use arithsynth::sygus::{parse_problem, solution_text, write_problem};
use clap::Args;

use crate::solve::parse_duration;
use crate::strategies::Strategies;
use crate::GrammarArgs;

#[derive(Args, Debug)]
pub struct SygusArgs {
    /// SyGuS-IF v2 problem (integer PBE fragment).
    file: PathBuf,
    /// Strategy (see `solve --help`).
    #[arg(long, default_value = "hybrid")]
    strategy: String,
    /// Time limit.
    #[arg(long, default_value = "10s")]
    budget: String,
    /// Checkpoint for the model strategies; default: the embedded model.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Where the grammar allows any constant (`(Constant Int)`, or no
    /// grammar), add up to this many literals that the examples point to
    /// (60, 100, 7) to the search's; 0: the literals `0..=3` stand for
    /// every constant.
    #[arg(long, default_value_t = arithsynth::search::literals::DEFAULT_TASK_LITERALS)]
    task_literals: usize,
    /// The grammar for a synth-fun without one.
    #[command(flatten)]
    grammar: GrammarArgs,
}

/// Solves the problem and prints the `define-fun` as cvc5 does (or
/// `unknown` when the budget runs out, `infeasible` when nothing fits).
pub fn run(args: &SygusArgs) -> Result<()> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))?;
    let problem = parse_problem(&text).with_context(|| format!("{}", args.file.display()))?;
    let default = args.grammar.grammar()?;
    let mut spec = Spec::from_task(&problem.task, &default)
        .with_context(|| format!("{}", args.file.display()))?
        .with_smt_semantics(problem.helpers);
    if problem.any_constant {
        spec = spec.with_task_literals(args.task_literals);
    }
    let strategies = Strategies::new(std::slice::from_ref(&args.strategy), args.model.as_deref())?;
    let budget = Budget::time(parse_duration(&args.budget)?);
    let synthesizer = strategies.build(&default, &budget).swap_remove(0);
    let found = synthesizer.solve_spec(&spec)?;
    // the constraints are the specification: a consistent program is the
    // answer whatever its verdict, which goes to stderr
    let verdict = match found.evidence() {
        Some(bits) => format!("verdict: {} (evidence {bits:.1} bits)", found.verdict()),
        None => format!("verdict: {}", found.verdict()),
    };
    // the spec judged every fit under SMT-LIB's semantics: an answer is
    // one an SMT checker accepts
    let outcome = found.into_outcome();
    match &outcome {
        Outcome::Solved(solution) => println!("{}", solution_text(&problem, &solution.program)),
        Outcome::Unsolved { reason, .. } => {
            println!(
                "{}",
                if *reason == arithsynth::GaveUp::Exhausted {
                    "infeasible"
                } else {
                    "unknown"
                }
            );
        }
    }
    eprintln!("{outcome}");
    eprintln!("{verdict}");
    Ok(())
}

#[derive(Args, Debug)]
pub struct ToSygusArgs {
    /// Task file (JSON lines).
    #[arg(long)]
    tasks: PathBuf,
    /// Folder for the problems, one `NAME.sl` per task.
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    grammar: GrammarArgs,
}

/// Writes each task as a SyGuS problem.
pub fn run_to_sygus(args: &ToSygusArgs) -> Result<()> {
    let tasks = read_tasks(&args.tasks)?;
    let default = args.grammar.grammar()?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    for task in &tasks {
        let grammar = task.grammar(&default)?;
        let path = args.out.join(format!("{}.sl", file_name(&task.name)));
        let mut file = arithsynth::dataset::AtomicFile::create(&path)?;
        std::io::Write::write_all(file.writer(), write_problem(task, &grammar).as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
        file.commit()?;
    }
    eprintln!("wrote {} problems to {}", tasks.len(), args.out.display());
    Ok(())
}

/// A task name as a file name (anything but letters, digits, `-`, `_`
/// becomes `_`).
pub fn file_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
