//! Experiment 1, density vs support: the same model trained on an iid, a
//! density-shifted and a diverse (farthest-point) training set of equal
//! size, evaluated on a uniform test set and on a far one (the test-pool
//! programs farthest from the iid training set in both spaces together).

use anyhow::Result;
use arithsynth::dataset::split::{split, Placed, SplitKind};
use arithsynth::model::TrainingPrograms;
use arithsynth::space::euclidean;
use arithsynth::{Program, Vars};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::{f3, pass_rates, plot, Lab, Table};

/// The rows of `placed` at `indices`, as a set of their own.
pub fn subset(placed: &Placed, indices: &[usize]) -> Placed {
    Placed {
        programs: indices
            .iter()
            .map(|&i| placed.programs[i].clone())
            .collect(),
        syntactic: indices
            .iter()
            .map(|&i| placed.syntactic[i].clone())
            .collect(),
        semantic: indices
            .iter()
            .map(|&i| placed.semantic[i].clone())
            .collect(),
    }
}

/// Each of `of`'s nearest-neighbour distance to `to` in `coords`.
pub fn nn(coords: &[Vec<f64>], to: &[usize], of: &[usize]) -> Vec<f64> {
    of.iter()
        .map(|&i| {
            to.iter()
                .map(|&j| euclidean(&coords[i], &coords[j]))
                .fold(f64::INFINITY, f64::min)
        })
        .collect()
}

/// Mean of `xs`.
pub fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len().max(1) as f64
}

/// Programs at `indices`, with their variables, for training.
pub fn programs(placed: &Placed, vars: &Vars, indices: &[usize]) -> TrainingPrograms {
    let pairs: Vec<(Vars, Program)> = indices
        .iter()
        .map(|&i| (vars.clone(), placed.programs[i].clone()))
        .collect();
    TrainingPrograms::new(&pairs)
}

pub fn run(lab: &Lab) -> Result<String> {
    let (vars, placed) = lab.universe()?;
    let mut rng = ChaCha8Rng::seed_from_u64(lab.seed);
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.shuffle(&mut rng);
    // a test pool no training set draws from
    let (pool, rest) = order.split_at(placed.len() / 5);
    let train_n = lab.scaled(1000).min(rest.len() / 3);
    let test_n = lab.scaled(200).min(pool.len() / 4);
    let samples = lab.scaled(40).max(10);
    let candidates = subset(&placed, rest);
    let mut trains = Vec::new();
    for kind in [SplitKind::Iid, SplitKind::Density, SplitKind::Diversity] {
        let cut = split(&candidates, kind, train_n, 0, lab.seed)?;
        let name = SplitKind::ALL
            .iter()
            .find(|k| k.0 == kind)
            .map_or("?", |k| k.1);
        trains.push((name, cut.train.iter().map(|&i| rest[i]).collect::<Vec<_>>()));
    }
    let uniform: Vec<usize> = pool[..test_n].to_vec();
    // far: the pool programs farthest from the iid training set, both
    // spaces side by side
    let joint = placed.joint();
    let gaps = nn(&joint, &trains[0].1, &pool[test_n..]);
    let mut far: Vec<(f64, usize)> = gaps
        .into_iter()
        .zip(pool[test_n..].iter().copied())
        .collect();
    far.sort_by(|a, b| b.0.total_cmp(&a.0));
    let far: Vec<usize> = far[..test_n].iter().map(|f| f.1).collect();
    let validation: Vec<usize> = pool[pool.len() - test_n..].to_vec();
    let tests = [("uniform", uniform), ("far", far)];
    let test_tasks: Vec<_> = tests
        .iter()
        .map(|(name, set)| {
            let progs: Vec<&Program> = set.iter().map(|&i| &placed.programs[i]).collect();
            lab.tasks(&vars, &progs, name)
        })
        .collect();
    let mut table = Table::new(&[
        "train set",
        "test set",
        "tasks",
        "pass@1",
        "pass@10",
        "NLL (nats)",
        "syntactic NN",
        "semantic NN",
        "mean size (train)",
    ]);
    let mut by_kind = Vec::new();
    for (name, train) in &trains {
        let model = lab.train(
            name,
            &lab.train_config(),
            &programs(&placed, &vars, train),
            &programs(&placed, &vars, &validation),
            &mut |_, _| Ok(()),
        )?;
        let size = mean(
            &train
                .iter()
                .map(|&i| placed.programs[i].size() as f64)
                .collect::<Vec<_>>(),
        );
        let mut scores = Vec::new();
        for ((test, set), tasks) in tests.iter().zip(&test_tasks) {
            let pass = pass_rates(&model, tasks, samples, lab.seed)?;
            let (one, ten) = (pass.one, pass.ten);
            table.row(vec![
                (*name).to_owned(),
                (*test).to_owned(),
                tasks.len().to_string(),
                f3(one),
                f3(ten),
                format!("{:.2}", pass.nll),
                f3(mean(&nn(&placed.syntactic, train, set))),
                f3(mean(&nn(&placed.semantic, train, set))),
                format!("{size:.2}"),
            ]);
            eprintln!(
                "[{name}] {test}: pass@1 {one:.3} pass@10 {ten:.3} NLL {:.2}",
                pass.nll
            );
            scores.push((one, ten, pass.nll));
        }
        by_kind.push((name.to_string(), scores));
    }
    let groups: Vec<String> = tests.iter().map(|t| format!("{} test", t.0)).collect();
    for (k, file, title, y) in [
        (0, "pass1.png", "pass@1", "% tasks"),
        (1, "pass10.png", "pass@10", "% tasks"),
        (
            2,
            "nll.png",
            "description length",
            "NLL given the examples (nats)",
        ),
    ] {
        let series: Vec<(String, Vec<f64>)> = by_kind
            .iter()
            .map(|(name, s)| {
                (
                    format!("trained on {name}"),
                    s.iter().map(|p| [p.0, p.1, p.2][k]).collect(),
                )
            })
            .collect();
        plot::bars(
            &lab.out.join(file),
            &format!("density vs support: {title} by training set"),
            y,
            &groups,
            &series,
            k < 2,
        )?;
    }
    let md = table.write(&lab.out.join("density.csv"))?;
    Ok(format!(
        "{} programs in the universe; {train_n} training programs per set, {test_n} test \
         tasks per set (8 examples, 32 held out), {samples} samples per task.\n\n{md}\n\
         Plots: pass1.png, pass10.png, nll.png\n",
        placed.len()
    ))
}
