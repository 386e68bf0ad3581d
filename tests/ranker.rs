//! The learned ranker's shipped weights: refitted from the groups they were
//! fitted on, and the figures their docs quote.

use arithsynth::search::rank::{fit, Group, Learned, DEFAULT_WEIGHTS, FEATURES};

fn shipped_groups() -> Vec<Group> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/ranker/groups.jsonl");
    let text = std::fs::read_to_string(path).expect("the shipped groups");
    text.lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let features = value["features"]
                .as_array()
                .expect("features")
                .iter()
                .map(|row| {
                    let row: Vec<f64> = row
                        .as_array()
                        .expect("a row")
                        .iter()
                        .map(|v| v.as_f64().expect("a number"))
                        .collect();
                    <[f64; FEATURES]>::try_from(row).expect("every feature")
                })
                .collect();
            let correct = value["correct"]
                .as_array()
                .expect("labels")
                .iter()
                .map(|v| v.as_bool().expect("a label"))
                .collect();
            Group { features, correct }
        })
        .collect()
}

#[test]
fn the_shipped_weights_are_refitted_from_the_shipped_groups() {
    let groups = shipped_groups();
    let refitted = fit(&groups).unwrap();
    for (k, (a, b)) in refitted.weights().iter().zip(&DEFAULT_WEIGHTS).enumerate() {
        assert!(
            (a - b).abs() <= 1e-6 * (1.0 + b.abs()),
            "weight {k}: refitted {a}, shipped {b}"
        );
    }
}

#[test]
fn the_shipped_weights_score_as_their_docs_say() {
    let groups: Vec<Group> = shipped_groups()
        .into_iter()
        .filter(Group::is_informative)
        .collect();
    assert_eq!(groups.len(), 431);
    let right = |ranker: &Learned, k| groups.iter().filter(|g| g.right_in_top(ranker, k)).count();
    let occam = Learned::new([0.0; FEATURES]);
    assert_eq!((right(&occam, 1), right(&occam, 3)), (361, 414));
    let learned = Learned::default();
    assert_eq!((right(&learned, 1), right(&learned, 3)), (358, 420));
}
