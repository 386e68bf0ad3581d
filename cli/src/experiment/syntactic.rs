//! Experiment 2, syntactic extrapolation: a model trained on a ball of the
//! syntactic space, evaluated on held-out programs inside the ball and on
//! programs beyond it (semantically near the training set); the semantic
//! ball and an iid split for contrast.

use anyhow::Result;
use arithsynth::dataset::split::{split, SplitKind};
use arithsynth::Program;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::density::{mean, nn, programs};
use super::{f3, pass_rates, plot, Lab, Table};

pub fn run(lab: &Lab) -> Result<String> {
    let (vars, placed) = lab.universe()?;
    let train_n = lab.scaled(1500).min(placed.len() / 3);
    let test_n = lab.scaled(200).min(placed.len() / 20);
    let samples = lab.scaled(40).max(10);
    let mut table = Table::new(&[
        "split",
        "test set",
        "tasks",
        "pass@1",
        "pass@10",
        "NLL (nats)",
        "syntactic NN",
        "semantic NN",
    ]);
    let mut bars = Vec::new();
    let mut drops = String::new();
    for (kind, name) in [
        (SplitKind::SyntacticSupport, "syntactic"),
        (SplitKind::SemanticSupport, "semantic"),
        (SplitKind::Iid, "iid"),
    ] {
        // the training set plus test_n programs of the same distribution,
        // held out as the in-distribution test
        let cut = split(&placed, kind, train_n + test_n, test_n, lab.seed)?;
        let mut train = cut.train.clone();
        train.shuffle(&mut ChaCha8Rng::seed_from_u64(lab.seed ^ 0x1d));
        let inside = train.split_off(train_n);
        let model = lab.train(
            name,
            &lab.train_config(),
            &programs(&placed, &vars, &train),
            &programs(&placed, &vars, &inside),
            &mut |_, _| Ok(()),
        )?;
        let tests = [("in-distribution", &inside), ("shifted", &cut.test)];
        let mut ones = Vec::new();
        let mut nlls = Vec::new();
        for (test, set) in tests {
            let progs: Vec<&Program> = set.iter().map(|&i| &placed.programs[i]).collect();
            let tasks = lab.tasks(&vars, &progs, test);
            let pass = pass_rates(&model, &tasks, samples, lab.seed)?;
            let (one, ten) = (pass.one, pass.ten);
            eprintln!(
                "[{name}] {test}: pass@1 {one:.3} pass@10 {ten:.3} NLL {:.2}",
                pass.nll
            );
            table.row(vec![
                name.to_owned(),
                test.to_owned(),
                tasks.len().to_string(),
                f3(one),
                f3(ten),
                format!("{:.2}", pass.nll),
                f3(mean(&nn(&placed.syntactic, &train, set))),
                f3(mean(&nn(&placed.semantic, &train, set))),
            ]);
            ones.push(one);
            nlls.push(pass.nll);
        }
        let drop = if ones[0] > 0.0 {
            1.0 - ones[1] / ones[0]
        } else {
            f64::NAN
        };
        drops += &format!(
            "- {name}: pass@1 {:.3} in distribution, {:.3} shifted: relative drop {:.0} %; \
             description length {:.2} → {:.2} nats\n",
            ones[0],
            ones[1],
            100.0 * drop,
            nlls[0],
            nlls[1]
        );
        bars.push((name.to_owned(), ones, nlls));
    }
    let groups: Vec<String> = bars.iter().map(|b| format!("{} split", b.0)).collect();
    let series = vec![
        (
            "in-distribution test".to_owned(),
            bars.iter().map(|b| b.1[0]).collect(),
        ),
        (
            "shifted test".to_owned(),
            bars.iter().map(|b| b.1[1]).collect(),
        ),
    ];
    plot::bars(
        &lab.out.join("pass1.png"),
        "extrapolation: pass@1 inside vs beyond the training region",
        "% tasks (pass@1)",
        &groups,
        &series,
        true,
    )?;
    let series = vec![
        (
            "in-distribution test".to_owned(),
            bars.iter().map(|b| b.2[0]).collect(),
        ),
        (
            "shifted test".to_owned(),
            bars.iter().map(|b| b.2[1]).collect(),
        ),
    ];
    plot::bars(
        &lab.out.join("nll.png"),
        "extrapolation: description length of the test programs",
        "NLL given the examples (nats)",
        &groups,
        &series,
        false,
    )?;
    let md = table.write(&lab.out.join("syntactic.csv"))?;
    Ok(format!(
        "{} programs in the universe; {train_n} training programs per split, {test_n} test \
         tasks per test set, {samples} samples per task. For the support splits \"shifted\" \
         is beyond the ball's radius; for iid it is another random draw.\n\n{md}\n{drops}\n\
         Plots: pass1.png, nll.png\n",
        placed.len()
    ))
}
