//! Every rewrite rule, both ways where bidirectional, against the reference
//! interpreter; canonicalization preserves meaning.

use arithsynth::egraph::{canonicalize, from_recexpr, Limits, RULES};
use arithsynth::eval::reference;
use arithsynth::{Node, Program};
use proptest::prelude::*;

/// A rule side as a program over variables a b c t e = v0 … v4.
fn side(pattern: &str) -> Program {
    let text = pattern
        .replace("?a", "v0")
        .replace("?b", "v1")
        .replace("?c", "v2")
        .replace("?t", "v3")
        .replace("?e", "v4");
    from_recexpr(&text.parse().unwrap()).unwrap()
}

#[test]
fn rule_sides_are_programs() {
    assert!(RULES.len() >= 40);
    for (name, left, right, _) in RULES {
        side(left);
        side(right);
        assert!(!name.is_empty());
    }
    assert_eq!(
        arithsynth::egraph::rules().len(),
        RULES.len() + RULES.iter().filter(|r| r.3).count()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_rule_is_sound(
        rule in 0..RULES.len(),
        row in proptest::collection::vec(super::props::value(), 5),
    ) {
        let (name, left, right, both) = RULES[rule];
        let (l, r) = (side(left), side(right));
        // a one-way rule must still agree in value: it replaces one side by
        // the other in a class, so equality is what is checked either way
        prop_assert_eq!(
            reference::eval(&l, &row),
            reference::eval(&r, &row),
            "rule {} ({}) fails on {:?}", name, if both { "both ways" } else { "one way" }, row
        );
    }
}

#[test]
fn rules_hold_on_the_extreme_grid() {
    let extremes = [i64::MIN, i64::MIN + 1, -2, -1, 0, 1, 2, 3, i64::MAX];
    for (name, left, right, _) in RULES {
        let (l, r) = (side(left), side(right));
        for a in extremes {
            for b in extremes {
                for c in [i64::MIN, -1, 0, 2] {
                    let row = [a, b, c, a ^ 5, b.wrapping_add(7)];
                    assert_eq!(
                        reference::eval(&l, &row),
                        reference::eval(&r, &row),
                        "rule {name} on {row:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_false_rule_is_caught() {
    // the check above must be able to fail: (div (* a 2) 2) = a is false
    let l = side("(div (* ?a 2) 2)");
    let r = side("?a");
    assert_ne!(
        reference::eval(&l, &[i64::MAX, 0, 0, 0, 0]),
        reference::eval(&r, &[i64::MAX, 0, 0, 0, 0])
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn canonicalize_preserves_meaning(
        program in super::props::program(2),
        rows in proptest::collection::vec(proptest::collection::vec(super::props::value(), 2), 16),
    ) {
        let limits = Limits::default().with_nodes(2_000).with_iters(4);
        let canonical = canonicalize(&program, &limits);
        prop_assert!(canonical.size() <= program.size());
        for row in rows {
            prop_assert_eq!(reference::eval(&canonical, &row), reference::eval(&program, &row));
        }
    }
}

#[test]
fn case_file_folds_in_the_egraph() {
    for case in super::cases::load() {
        let constant = Program::from_postfix(case.program.nodes().iter().map(|node| match node {
            Node::Var(i) => Node::Lit(case.row[usize::from(*i)]),
            other => *other,
        }))
        .unwrap();
        let folded = canonicalize(&constant, &Limits::default());
        assert_eq!(
            folded,
            Program::lit(case.output),
            "cases.txt line {}",
            case.line
        );
    }
}
