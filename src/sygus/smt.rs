//! Whether an answer meets a problem's constraints as an SMT checker judges
//! it: under SMT-LIB's semantics ([`eval::smt`](crate::eval::smt):
//! unbounded integers, a zero divisor unspecified unless the problem
//! defines the helpers `div0` and `mod0`).

use crate::dsl::Program;
use crate::eval::smt;

use super::Problem;

/// Whether `program` meets every constraint of `problem` under SMT-LIB's
/// semantics: 128-bit integers, and a zero divisor unknown unless the
/// problem defines `div0`/`mod0` ([`crate::eval::smt`]).
///
/// ```
/// use arithsynth::sygus::{holds, parse_problem};
/// use arithsynth::{Program, Vars};
///
/// let problem = parse_problem(
///     "(synth-fun f ((x Int)) Int) (constraint (= (f 0) 0)) (constraint (= (f 3) 3)) (check-synth)",
/// )?;
/// let vars = Vars::new(["x"])?;
/// assert!(holds(&problem, &Program::parse("x", &vars)?));
/// // meets (f 0) = 0 only because this crate's `0 mod 0` is 0
/// assert!(!holds(&problem, &Program::parse("(mod x (* 2 x))", &vars)?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn holds(problem: &Problem, program: &Program) -> bool {
    smt::meets(program, &problem.task.train, problem.helpers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sygus::parse_problem;
    use crate::Vars;

    fn problem(constraints: &str) -> Problem {
        parse_problem(&format!(
            "(synth-fun f ((x Int) (y Int)) Int) {constraints} (check-synth)"
        ))
        .unwrap()
    }

    fn program(text: &str) -> Program {
        Program::parse(text, &Vars::new(["x", "y"]).unwrap()).unwrap()
    }

    #[test]
    fn a_zero_divisor_counts_only_where_its_value_is_used() {
        let p = problem("(constraint (= (f 0 5) 0)) (constraint (= (f 4 2) 2))");
        assert!(!holds(&p, &program("(div y x)")));
        // times a known zero: zero whatever (div 5 0) is
        assert!(holds(&p, &program("(+ (* x (div y x)) (div x 2))")));
        // the branch not taken may divide by zero
        assert!(holds(&p, &program("(ite (= x 0) 0 (div x y))")));
        assert!(!holds(&p, &program("(ite (= x 0) (div y x) (div x y))")));
    }

    #[test]
    fn integers_do_not_wrap() {
        let p = problem("(constraint (= (f 9223372036854775807 1) (- 2)))");
        // 2 * (2^63 - 1) wraps to -2 in 64 bits, not in SMT-LIB's integers
        assert_eq!(
            crate::eval::reference::eval(&program("(* x 2)"), &[i64::MAX, 1]),
            -2
        );
        assert!(!holds(&p, &program("(* x 2)")));
        // past 64 bits on the way, right in the end
        let q = problem("(constraint (= (f 9223372036854775807 1) 9223372036854775806))");
        assert!(holds(&q, &program("(- (+ x x) (+ x y))")));
    }

    #[test]
    fn the_helpers_define_a_zero_divisor() {
        let text = "(define-fun div0 ((a Int) (b Int)) Int (ite (= b 0) 0 (div a b)))
            (synth-fun f ((x Int) (y Int)) Int ((Start Int)) ((Start Int (x y (div0 Start Start)))))
            (constraint (= (f 3 0) 0)) (check-synth)";
        let p = parse_problem(text).unwrap();
        assert!(p.helpers);
        assert!(holds(&p, &program("(div x y)")));
    }
}
