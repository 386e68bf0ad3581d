//! The `arithsynth` command line: a thin front end over the library.

use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use arithsynth::{eval, Grammar, Inputs, OpSet, Program, Vars};
use clap::{Args, Parser, Subcommand};

/// mimalloc keeps freed memory for reuse: candle allocates every tensor
/// afresh, and with the system allocator each large one was a new mapping
/// whose pages the kernel zeroed again (a quarter of a training run's time
/// was in the kernel).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod blocks;
mod curve;
mod enumerate;
#[cfg(feature = "neural")]
mod experiment;
#[cfg(feature = "neural")]
mod neural;
mod ranker;
mod solve;
mod split;
mod strategies;
mod sygus;
mod tasks;

/// Programming by example over integer arithmetic.
#[derive(Parser, Debug)]
#[command(name = "arithsynth", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Parse a program and show it: S-expression, infix, size, depth, and
    /// whether the grammar admits it.
    Parse {
        #[command(flatten)]
        grammar: GrammarArgs,
        /// The program, as an S-expression, e.g. "(+ (* x x) 1)".
        program: String,
    },
    /// Evaluate a program on rows of inputs.
    Eval {
        #[command(flatten)]
        grammar: GrammarArgs,
        /// The program, as an S-expression.
        program: String,
        /// One input row, values in variable order, comma separated
        /// (repeat for more rows), e.g. --row 3,4 --row -1,0.
        #[arg(long = "row", allow_hyphen_values = true)]
        rows: Vec<String>,
    },
    /// Enumerate unique programs (observational equivalence on the probe)
    /// and write them with size, depth and outputs to FILE.parquet or
    /// FILE.jsonl.
    Enumerate {
        #[command(flatten)]
        args: enumerate::EnumerateArgs,
        /// Output file; the format follows the extension.
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Count unique programs per size (observational equivalence on the
    /// probe).
    Count {
        #[command(flatten)]
        args: enumerate::EnumerateArgs,
    },
    /// Train a model on programs of the default grammar.
    #[cfg(feature = "neural")]
    Train {
        #[command(flatten)]
        args: neural::TrainArgs,
    },
    /// Plot a training run's loss curve (training and validation loss by
    /// step) from the lines `train` printed.
    #[cfg(feature = "neural")]
    PlotTrain {
        #[command(flatten)]
        args: neural::PlotTrainArgs,
    },
    /// Sample from a model on a task file and report pass@k (a sample
    /// passes when it matches the training and the held-out examples).
    #[cfg(feature = "neural")]
    EvalModel {
        #[command(flatten)]
        args: neural::EvalModelArgs,
    },
    /// Write a task file of enumerated programs with random examples.
    #[cfg(feature = "neural")]
    MakeTasks {
        #[command(flatten)]
        args: neural::MakeTasksArgs,
    },
    /// Solve a SyGuS-IF v2 problem (integer PBE fragment) and print the
    /// `define-fun` as a SyGuS solver would.
    Sygus {
        #[command(flatten)]
        args: sygus::SygusArgs,
    },
    /// Solve rate against budget per strategy (and cvc5 when installed):
    /// CSV, PNG plot and log-linear fits.
    Curve {
        #[command(flatten)]
        args: curve::CurveArgs,
    },
    /// Cut a train/test split of a program set that isolates one shift
    /// (iid, density, syntactic or semantic support, diversity).
    Split {
        #[command(flatten)]
        args: split::SplitArgs,
    },
    /// Run one of the laboratory's experiments (density, syntactic,
    /// scaling, adaptation, difficulty): a CSV, plots and a Markdown summary
    /// in results/experiments/NAME.
    #[cfg(feature = "neural")]
    Experiment {
        #[command(flatten)]
        args: experiment::ExperimentArgs,
    },
    /// Fit the learned ranker's weights on the fitting candidates of
    /// solved tasks (`solve --strategy hybrid-alternatives` results) and
    /// compare it with Occam's choice, cross-validated.
    FitRanker {
        #[command(flatten)]
        args: ranker::FitRankerArgs,
    },
    /// Write each task of a task file as a SyGuS-IF v2 problem.
    ToSygus {
        #[command(flatten)]
        args: sygus::ToSygusArgs,
    },
    /// Learn building blocks (the subterms that recur) from the programs of
    /// task files, by compression: a library file, one body a line.
    LearnBlocks {
        #[command(flatten)]
        args: blocks::LearnBlocksArgs,
    },
    /// Write a task file from hand-written programs (`name | vars | program
    /// | lo..hi` per line), examples drawn on random inputs.
    TasksFromPrograms {
        #[command(flatten)]
        args: tasks::FromProgramsArgs,
    },
    /// Solve every task of a task file with one strategy; writes one result
    /// line per task and prints a summary.
    Solve {
        // boxed: the largest of the commands' arguments by far
        #[command(flatten)]
        args: Box<solve::SolveArgs>,
    },
    /// Measure an engine and print its figures and ratios.
    Bench {
        #[command(subcommand)]
        what: bench::What,
    },
}

/// Options that define a grammar.
#[derive(Args, Debug)]
pub struct GrammarArgs {
    /// Variable names, comma separated.
    #[arg(long, default_value = "x")]
    vars: String,
    /// Operators, comma separated (`+ - * div mod neg abs min max ite < <= =`);
    /// default: the design's `+,-,*,div,mod`.
    #[arg(long)]
    ops: Option<String>,
    /// Literals, comma separated, or a range `LO..=HI`; default `0..=3`.
    #[arg(long, allow_hyphen_values = true)]
    literals: Option<String>,
}

impl GrammarArgs {
    /// The grammar the flags describe.
    pub(crate) fn grammar(&self) -> Result<Grammar> {
        let vars: Vec<&str> = split_list(&self.vars);
        let mut builder = Grammar::builder().vars(vars);
        if let Some(ops) = &self.ops {
            builder = builder.ops(OpSet::from_names(split_list(ops))?.iter());
        }
        if let Some(literals) = &self.literals {
            builder = builder.literals(parse_literals(literals)?);
        }
        Ok(builder.build()?)
    }
}

fn split_list(text: &str) -> Vec<&str> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

fn parse_literals(text: &str) -> Result<Vec<i64>> {
    if let Some((lo, hi)) = text.split_once("..=") {
        let lo: i64 = lo
            .trim()
            .parse()
            .with_context(|| format!("range start `{lo}`"))?;
        let hi: i64 = hi
            .trim()
            .parse()
            .with_context(|| format!("range end `{hi}`"))?;
        if hi.checked_sub(lo).is_none_or(|span| span >= 1 << 16) {
            bail!("literal range {text} is empty or holds more than 65536 values");
        }
        return Ok((lo..=hi).collect());
    }
    split_list(text)
        .into_iter()
        .map(|item| {
            item.parse()
                .with_context(|| format!("literal `{item}` is not an i64"))
        })
        .collect()
}

fn parse_program(text: &str, vars: &Vars) -> Result<Program> {
    Program::parse(text, vars).with_context(|| format!("cannot parse program {text:?}"))
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Parse { grammar, program } => {
            let grammar = grammar.grammar()?;
            let program = parse_program(&program, grammar.vars())?;
            println!("sexpr   {}", program.sexpr(grammar.vars()));
            println!("infix   {}", program.infix(grammar.vars()));
            println!("size    {}", program.size());
            println!("depth   {}", program.depth());
            match grammar.admits(&program) {
                Ok(()) => println!("grammar admits it"),
                Err(err) => println!("grammar rejects it: {err}"),
            }
        }
        Command::Eval {
            grammar,
            program,
            rows,
        } => {
            let grammar = grammar.grammar()?;
            let vars = grammar.vars();
            let program = parse_program(&program, vars)?;
            let rows = rows
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    split_list(row)
                        .into_iter()
                        .map(|v| {
                            v.parse::<i64>()
                                .with_context(|| format!("row {}: `{v}` is not an i64", i + 1))
                        })
                        .collect::<Result<Vec<i64>>>()
                })
                .collect::<Result<Vec<_>>>()?;
            let inputs = Inputs::from_rows(vars.len(), &rows)?;
            let compiled = eval::Compiled::new(&program);
            let outputs = compiled.eval_to_vec(&mut compiled.create_cache(), &inputs);
            for (row, output) in rows.iter().zip(outputs) {
                let shown: Vec<String> = vars
                    .names()
                    .zip(row)
                    .map(|(n, v)| format!("{n}={v}"))
                    .collect();
                println!("{} -> {output}", shown.join(" "));
            }
        }
        Command::Enumerate { args, out } => enumerate::enumerate(&args, &out)?,
        Command::Count { args } => enumerate::count(&args)?,
        #[cfg(feature = "neural")]
        Command::Train { args } => neural::run_train(&args)?,
        #[cfg(feature = "neural")]
        Command::EvalModel { args } => neural::run_eval_model(&args)?,
        #[cfg(feature = "neural")]
        Command::PlotTrain { args } => neural::run_plot_train(&args)?,
        #[cfg(feature = "neural")]
        Command::MakeTasks { args } => neural::run_make_tasks(&args)?,
        Command::Solve { args } => solve::run_solve(&args)?,
        Command::TasksFromPrograms { args } => tasks::run(&args)?,
        Command::LearnBlocks { args } => blocks::run(&args)?,
        Command::Sygus { args } => sygus::run(&args)?,
        Command::Curve { args } => curve::run(&args)?,
        Command::Split { args } => split::run(&args)?,
        #[cfg(feature = "neural")]
        Command::Experiment { args } => experiment::run(&args)?,
        Command::ToSygus { args } => sygus::run_to_sygus(&args)?,
        Command::FitRanker { args } => ranker::run(&args)?,
        Command::Bench { what } => bench::run(what)?,
    }
    Ok(())
}

/// candle splits every product and element-wise op of the project's small
/// models across all cores, and loses by it: measured with `bench model`,
/// one thread samples at batch 1 about 4x faster and trains faster than
/// two. The binary uses the cores itself instead (`solve --jobs`, training
/// replicas, enumeration threads), so it tells candle to keep to one
/// thread unless the user has said otherwise. Set before any thread starts.
fn one_candle_thread() {
    for var in ["RAYON_NUM_THREADS", "CANDLE_NUM_THREADS"] {
        if std::env::var_os(var).is_none() {
            std::env::set_var(var, "1");
        }
    }
}

fn main() -> ExitCode {
    one_candle_thread();
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
