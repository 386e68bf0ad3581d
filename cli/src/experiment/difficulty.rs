//! Experiment 5, difficulty: for each task with a reference program, its
//! size, its log-prob under the untrained prior (every production the
//! grammar allows equally likely) and under the model given the examples
//! (the posterior description length, negated); which of the three best
//! separates the tasks a strategy gets right from those it does not
//! (area under the ROC curve; 0.5 is chance).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use arithsynth::dataset::read_tasks;
use arithsynth::model::Device;
use arithsynth::model::{Model, Sampler};
use arithsynth::search::{Enumerative, Hybrid, Neural, Spec, Strategy};
use arithsynth::{Grammar, Program};

use super::plot::{self, Series};
use super::{f3, Lab, Table};

/// A task's score from its (size, prior, posterior): higher predicts
/// easier.
type Predictor = fn(&(f64, f64, f64)) -> f64;

/// Area under the ROC curve of `score` for `positive` (ties count half):
/// the chance that a random positive scores above a random negative.
pub fn auc(score: &[f64], positive: &[bool]) -> Option<f64> {
    auc_within(score, positive, &vec![0.0; score.len()])
}

/// [`auc`] over the pairs of equal `group` only (e.g. tasks of the same
/// size: what a predictor knows beyond the group).
pub fn auc_within(score: &[f64], positive: &[bool], group: &[f64]) -> Option<f64> {
    let (mut wins, mut pairs) = (0.0, 0.0);
    for (i, &a) in score.iter().enumerate() {
        if !positive[i] {
            continue;
        }
        for (j, &b) in score.iter().enumerate() {
            if positive[j] || group[i] != group[j] {
                continue;
            }
            pairs += 1.0;
            wins += if a > b {
                1.0
            } else if a == b {
                0.5
            } else {
                0.0
            };
        }
    }
    (pairs > 0.0).then(|| wins / pairs)
}

/// Success rate in each fifth of the tasks ordered by `score`, lowest
/// (predicted hardest) first.
fn quintiles(score: &[f64], positive: &[bool]) -> Vec<(f64, f64)> {
    let mut order: Vec<usize> = (0..score.len()).collect();
    order.sort_by(|&a, &b| score[a].total_cmp(&score[b]));
    (0..5)
        .filter_map(|q| {
            let part = &order[q * order.len() / 5..(q + 1) * order.len() / 5];
            (!part.is_empty()).then(|| {
                let hits = part.iter().filter(|&&i| positive[i]).count();
                ((q + 1) as f64, hits as f64 / part.len() as f64)
            })
        })
        .collect()
}

pub fn run(lab: &Lab) -> Result<String> {
    let path = lab
        .tasks
        .clone()
        .unwrap_or_else(|| PathBuf::from("examples/tasks/generated.jsonl"));
    let all = read_tasks(&path)?;
    let model = match &lab.model {
        Some(p) => Model::load(p, &Device::Cpu)?,
        None => Model::embedded(&Device::Cpu)?,
    };
    // the tasks with a reference program the model can write
    let mut tasks = Vec::new();
    let mut features = Vec::new();
    for task in &all {
        let Some(text) = &task.program else { continue };
        let spec = Spec::from_task(task, &Grammar::new(task.vars.clone()))
            .with_context(|| format!("{}: task `{}`", path.display(), task.name))?;
        let program = Program::parse(text, spec.vars())
            .with_context(|| format!("{}: task `{}`: its program", path.display(), task.name))?;
        let sampler = Sampler::new(&model, spec.grammar());
        let (Ok(Some(prior)), Ok(Some(posterior))) = (
            sampler.prior_log_prob(&program, 24),
            sampler.log_prob(&task.train, &program, 24),
        ) else {
            continue;
        };
        features.push((program.size() as f64, prior, posterior));
        tasks.push(task.clone());
    }
    if tasks.len() < 2 {
        bail!(
            "{}: only {} tasks have a reference program the model can write",
            path.display(),
            tasks.len()
        );
    }
    let budget = Duration::from_secs_f64(0.3 * lab.scale);
    let strategies: [(&str, Box<dyn Strategy + Sync + '_>); 3] = [
        ("enumerative", Box::new(Enumerative::default())),
        ("neural", Box::new(Neural::new(&model))),
        ("hybrid", Box::new(Hybrid::neural(&model))),
    ];
    let predictors: [(&str, Predictor); 3] = [
        ("size (smaller)", |f| -f.0),
        ("prior log-prob", |f| f.1),
        ("posterior log-prob", |f| f.2),
    ];
    let mut table = Table::new(&[
        "strategy",
        "correct",
        "AUC size",
        "AUC prior",
        "AUC posterior",
        "best predictor",
        "AUC prior, same size",
        "AUC posterior, same size",
    ]);
    let mut per_task = Table::new(&[
        "task",
        "size",
        "prior",
        "posterior",
        "enumerative",
        "neural",
        "hybrid",
    ]);
    let mut outcomes = Vec::new();
    for (name, strategy) in &strategies {
        let results = lab.solve(&tasks, strategy.as_ref(), budget)?;
        let positive: Vec<bool> = results.iter().map(|r| r.correct).collect();
        let aucs: Vec<Option<f64>> = predictors
            .iter()
            .map(|(_, f)| auc(&features.iter().map(f).collect::<Vec<_>>(), &positive))
            .collect();
        let best = aucs
            .iter()
            .zip(&predictors)
            .filter_map(|(a, p)| a.map(|a| (a, p.0)))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map_or("-", |b| b.1);
        let correct = positive.iter().filter(|&&p| p).count();
        eprintln!("[{name}] correct {correct}/{}: AUC {aucs:?}", tasks.len());
        let sizes: Vec<f64> = features.iter().map(|f| f.0).collect();
        let within: Vec<Option<f64>> = predictors[1..]
            .iter()
            .map(|(_, f)| {
                auc_within(
                    &features.iter().map(f).collect::<Vec<_>>(),
                    &positive,
                    &sizes,
                )
            })
            .collect();
        table.row(
            [name.to_string(), format!("{correct}/{}", tasks.len())]
                .into_iter()
                .chain(aucs.iter().map(|a| a.map_or("-".into(), f3)))
                .chain([best.to_owned()])
                .chain(within.iter().map(|a| a.map_or("-".into(), f3)))
                .collect(),
        );
        let series: Vec<Series> = predictors
            .iter()
            .map(|(p, f)| Series {
                name: (*p).to_owned(),
                points: quintiles(&features.iter().map(f).collect::<Vec<_>>(), &positive),
                fit: false,
                errors: Vec::new(),
            })
            .collect();
        plot::lines(
            &lab.out.join(format!("quintiles-{name}.png")),
            &format!("{name}: success by fifth of the tasks, predicted hardest first"),
            "fifth (1: predicted hardest, 5: predicted easiest)",
            "% correct",
            false,
            &series,
        )?;
        outcomes.push(positive);
    }
    for (i, task) in tasks.iter().enumerate() {
        let f = features[i];
        per_task.row(vec![
            task.name.replace(',', ";"),
            format!("{}", f.0),
            format!("{:.3}", f.1),
            format!("{:.3}", f.2),
            outcomes[0][i].to_string(),
            outcomes[1][i].to_string(),
            outcomes[2][i].to_string(),
        ]);
    }
    per_task.write(&lab.out.join("tasks.csv"))?;
    let md = table.write(&lab.out.join("difficulty.csv"))?;
    Ok(format!(
        "{} tasks of {} with a reference program the model can write; budget {budget:?} per \
         task; model: {}. AUC: the chance that a task the strategy got right scores above one it \
         did not (0.5: no better than chance); \"same size\": only pairs of tasks whose \
         programs have the same size, what the log-prob knows beyond size.\n\n{md}\nPer task: tasks.csv. Plots: \
         quintiles-enumerative.png, quintiles-neural.png, quintiles-hybrid.png\n",
        tasks.len(),
        path.display(),
        lab.model
            .as_ref()
            .map_or("the embedded default".into(), |p| p.display().to_string())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_counts_ordered_pairs_and_ties() {
        assert_eq!(auc(&[3.0, 2.0, 1.0], &[true, false, false]), Some(1.0));
        assert_eq!(auc(&[1.0, 2.0, 3.0], &[true, false, false]), Some(0.0));
        assert_eq!(auc(&[1.0, 1.0], &[true, false]), Some(0.5));
        assert_eq!(auc(&[1.0, 2.0], &[true, true]), None);
        // within groups: the cross-group pair (2 beats 3) is not counted
        let within = auc_within(
            &[1.0, 2.0, 0.0, 3.0],
            &[true, true, false, false],
            &[1.0, 2.0, 1.0, 2.0],
        );
        assert_eq!(within, Some(0.5));
        let q = quintiles(
            &[5.0, 4.0, 3.0, 2.0, 1.0],
            &[true, true, false, false, false],
        );
        assert_eq!(
            q,
            vec![(1.0, 0.0), (2.0, 0.0), (3.0, 0.0), (4.0, 1.0), (5.0, 1.0)]
        );
    }
}
