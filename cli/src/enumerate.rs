//! `arithsynth enumerate` and `arithsynth count`.

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use arithsynth::dataset::{ProgramRecord, ProgramSetWriter};
use arithsynth::enumerate::{Dedup, Enumerator, StopReason};
use arithsynth::Inputs;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::GrammarArgs;

/// Options shared by `enumerate` and `count`.
#[derive(Args, Debug)]
pub struct EnumerateArgs {
    #[command(flatten)]
    grammar: GrammarArgs,
    /// Largest program size.
    #[arg(long, default_value_t = 7)]
    max_size: usize,
    /// Probe inputs: rows separated by `;`, values by `,` (e.g. "1,2;3,4").
    /// Default: 16 fixed pseudo-random rows in -32..=32.
    #[arg(long, allow_hyphen_values = true)]
    probe: Option<String>,
    /// Memory limit in MiB for the bank and its table.
    #[arg(long, default_value_t = 4096)]
    memory_mib: usize,
    /// Time limit in seconds.
    #[arg(long)]
    time_limit: Option<f64>,
    /// Judge programs on this many extra random rows too (dedup policy
    /// `ExtraRows`): classes of the probe that these rows split are kept apart,
    /// and counted.
    #[arg(long)]
    extra_rows: Option<usize>,
    /// Threads (0: one per core); the programs, their order and the counts
    /// do not depend on it.
    #[arg(long, default_value_t = 1)]
    threads: usize,
}

impl EnumerateArgs {
    fn enumerator(&self) -> Result<Enumerator> {
        let grammar = self.grammar.grammar()?;
        let mut enumerator = Enumerator::new(grammar.clone())
            .max_size(self.max_size)
            .memory_limit(self.memory_mib.saturating_mul(1 << 20))
            .threads(self.threads);
        if let Some(text) = &self.probe {
            let rows = text
                .split(';')
                .filter(|row| !row.trim().is_empty())
                .enumerate()
                .map(|(i, row)| {
                    crate::split_list(row)
                        .into_iter()
                        .map(|v| {
                            v.parse::<i64>().with_context(|| {
                                format!("probe row {}: `{v}` is not an i64", i + 1)
                            })
                        })
                        .collect::<Result<Vec<i64>>>()
                })
                .collect::<Result<Vec<_>>>()?;
            enumerator = enumerator
                .probe(Inputs::from_rows(grammar.vars().len(), &rows).context("--probe")?);
        }
        if let Some(extra_rows) = self.extra_rows {
            enumerator = enumerator.dedup(Dedup::ExtraRows { extra_rows });
        }
        if let Some(secs) = self.time_limit {
            let limit = Duration::try_from_secs_f64(secs)
                .context("--time-limit must be a non-negative number of seconds")?;
            enumerator = enumerator.time_limit(limit);
        }
        Ok(enumerator)
    }
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
            .expect("a valid template"),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Stops the run on Ctrl-C instead of killing it, so that no temporary
/// file stays behind.
fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let handler = flag.clone();
    // a second handler cannot be installed: then Ctrl-C just kills
    let _ = ctrlc::set_handler(move || handler.store(true, Ordering::Relaxed));
    flag
}

pub fn enumerate(args: &EnumerateArgs, out: &Path) -> Result<()> {
    let mut enumeration = args.enumerator()?.start()?;
    let mut writer = ProgramSetWriter::create(out)?;
    let bar = progress_bar();
    let interrupted = interrupt_flag();
    let mut failure = None;
    let report = enumeration.run(|enumeration, id| {
        let record = ProgramRecord {
            program: enumeration
                .program(id)
                .sexpr(enumeration.vars())
                .to_string(),
            size: u32::try_from(enumeration.size(id)).unwrap_or(u32::MAX),
            depth: u32::try_from(enumeration.depth(id)).unwrap_or(u32::MAX),
            outputs: enumeration.column(id).to_vec(),
        };
        if let Err(err) = writer.write(&record) {
            failure = Some(err);
            return ControlFlow::Break(());
        }
        if id % 4096 == 0 {
            let secs = bar.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "size {}, {} programs kept, {:.0} candidates/s",
                enumeration.size(id),
                enumeration.len(),
                enumeration.candidates() as f64 / secs
            ));
        }
        if interrupted.load(Ordering::Relaxed) {
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    });
    bar.finish_and_clear();
    if let Some(err) = failure {
        return Err(err.into());
    }
    if report.stop_reason == Some(StopReason::Cancelled) {
        anyhow::bail!("interrupted: {} not written", out.display());
    }
    let written = writer.written();
    writer.finish()?;
    eprintln!("{report}");
    eprintln!("wrote {written} programs to {}", out.display());
    Ok(())
}

pub fn count(args: &EnumerateArgs) -> Result<()> {
    let mut enumeration = args.enumerator()?.start()?;
    let bar = progress_bar();
    let interrupted = interrupt_flag();
    let report = enumeration.run(|enumeration, id| {
        if id % 65536 == 0 {
            bar.set_message(format!(
                "size {}, {} programs",
                enumeration.size(id),
                enumeration.len()
            ));
        }
        if interrupted.load(Ordering::Relaxed) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    bar.finish_and_clear();
    println!("{report}");
    Ok(())
}
