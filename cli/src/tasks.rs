//! `arithsynth tasks-from-programs`: a task file from hand-written programs.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use arithsynth::dataset::{write_tasks, Example, Task, TaskGrammar};
use arithsynth::eval::reference;
use arithsynth::{Node, Op, OpSet, Vars};
use clap::Args;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Args, Debug)]
pub struct FromProgramsArgs {
    /// Program list: one task a line, `name | vars | program | lo..hi`
    /// (inputs drawn uniformly from lo..=hi); `#` starts a comment.
    #[arg(long)]
    programs: PathBuf,
    /// Output task file (JSON lines).
    #[arg(long)]
    out: PathBuf,
    /// Training examples per task.
    #[arg(long, default_value_t = 8)]
    train: usize,
    /// Held-out examples per task.
    #[arg(long, default_value_t = 32)]
    test: usize,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// One line of a program list, as a task: the grammar is the default
/// operators and literals 0..=3, plus whatever the program uses.
fn task_of_line(line: &str, args: &FromProgramsArgs, rng: &mut ChaCha8Rng) -> Result<Task> {
    let fields: Vec<&str> = line.split('|').map(str::trim).collect();
    let [name, vars, program, range] = fields[..] else {
        bail!(
            "expected `name | vars | program | lo..hi`, got {} fields",
            fields.len()
        );
    };
    let vars = Vars::new(vars.split(',').map(str::trim)).context("variables")?;
    let parsed = arithsynth::Program::parse(program, &vars).context("program")?;
    let (lo, hi) = range.split_once("..").context("range: expected lo..hi")?;
    let (lo, hi): (i64, i64) = (
        lo.trim().parse().context("range: lo")?,
        hi.trim().parse().context("range: hi")?,
    );
    if lo > hi {
        bail!("range: {lo} > {hi}");
    }
    let mut ops: OpSet = Op::DEFAULT.into_iter().collect();
    let mut literals: Vec<i64> = (0..=3).collect();
    for node in parsed.nodes() {
        match *node {
            Node::Op(op) => ops.insert(op),
            Node::Lit(value) => literals.push(value),
            Node::Var(_) => {}
        }
    }
    literals.sort_unstable();
    literals.dedup();
    let mut example = |_| {
        let inputs: Vec<i64> = (0..vars.len()).map(|_| rng.random_range(lo..=hi)).collect();
        let output = reference::eval(&parsed, &inputs);
        Example { inputs, output }
    };
    let train = (0..args.train).map(&mut example).collect();
    let test = (0..args.test).map(&mut example).collect();
    Ok(Task {
        name: name.to_owned(),
        program: Some(parsed.sexpr(&vars).to_string()),
        family: Some("everyday".to_owned()),
        vars,
        train,
        test,
        grammar: Some(TaskGrammar { ops, literals }),
    })
}

pub fn run(args: &FromProgramsArgs) -> Result<()> {
    let text = std::fs::read_to_string(&args.programs)
        .with_context(|| format!("reading {}", args.programs.display()))?;
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let mut tasks = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        tasks.push(
            task_of_line(line, args, &mut rng)
                .with_context(|| format!("{}:{}", args.programs.display(), number + 1))?,
        );
    }
    write_tasks(&args.out, &tasks)?;
    eprintln!("wrote {} tasks to {}", tasks.len(), args.out.display());
    Ok(())
}
