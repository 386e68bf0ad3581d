//! `learn-blocks`: a library of building blocks learned from the programs
//! of task files (`arithsynth::search::blocks`).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use arithsynth::dataset::{read_tasks, AtomicFile};
use arithsynth::search::blocks::Library;
use arithsynth::Program;
use clap::Args;

#[derive(Args, Debug)]
pub struct LearnBlocksArgs {
    /// Task files whose `program` fields are the corpus, comma separated
    /// (e.g. `examples/tasks/large-train.jsonl`; never a set you measure
    /// on).
    #[arg(long, value_delimiter = ',', required = true)]
    tasks: Vec<PathBuf>,
    /// Most blocks learned.
    #[arg(long, default_value_t = 24)]
    max: usize,
    /// The library file to write (whole or not at all), e.g.
    /// `models/blocks.txt`.
    #[arg(long)]
    out: PathBuf,
}

/// Learns the blocks and writes them, one body a line.
pub fn run(args: &LearnBlocksArgs) -> Result<()> {
    let mut corpus = Vec::new();
    for path in &args.tasks {
        for task in read_tasks(path)? {
            let Some(text) = &task.program else {
                continue;
            };
            let program = Program::parse(text, &task.vars)
                .with_context(|| format!("{}: task `{}`", path.display(), task.name))?;
            corpus.push(program);
        }
    }
    if corpus.is_empty() {
        bail!("no task in {:?} has a program to learn from", args.tasks);
    }
    let library = Library::learn(&corpus, args.max);
    let mut file = AtomicFile::create(&args.out)?;
    file.writer().write_all(library.to_text().as_bytes())?;
    file.commit()?;
    println!(
        "{} blocks from {} programs -> {}",
        library.blocks().len(),
        corpus.len(),
        args.out.display()
    );
    Ok(())
}
