//! `arithsynth solve` run as a user runs it: separate processes, the same
//! result file every time under a candidate budget, whatever the thread
//! count.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../../tests/scratch.rs"]
mod scratch;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn temp_dir(name: &str) -> scratch::Scratch {
    scratch::temp_dir("arithsynth-cli", name)
}

/// The result file's lines without their wall-clock fields.
fn results_without_time(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| {
            let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
            let object = value.as_object_mut().unwrap();
            assert!(object.remove("time_ms").is_some(), "{line}");
            assert!(object.remove("wall_ms").is_some(), "{line}");
            value
        })
        .collect()
}

fn solve(tasks: &Path, strategy: &str, jobs: &str, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_arithsynth"))
        .args(["solve", "--tasks"])
        .arg(tasks)
        .args(["--strategy", strategy, "--budget", "none"])
        .args(["--candidates", "40000", "--samples", "24", "--seed", "5"])
        .args(["--jobs", jobs, "--out"])
        .arg(out)
        .status()
        .unwrap();
    assert!(status.success(), "{strategy} --jobs {jobs}: {status}");
}

/// Runs `solve` with the enumerative strategy under a candidate budget on
/// `tasks`, with `extra` arguments, into `out`: the first result line and
/// what it printed.
fn solve_one(
    tasks: &Path,
    candidates: &str,
    extra: &[&str],
    out: &Path,
) -> (serde_json::Value, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_arithsynth"))
        .args(["solve", "--strategy", "enumerative", "--budget", "none"])
        .args(["--candidates", candidates, "--tasks"])
        .arg(tasks)
        .args(extra)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    (
        results_without_time(out).remove(0),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn solve_twice_writes_the_same_results() {
    let dir = temp_dir("solve");
    // six everyday tasks: some solved, some not within the budget
    let everyday =
        std::fs::read_to_string(workspace().join("examples/tasks/everyday.jsonl")).unwrap();
    let tasks = dir.join("tasks.jsonl");
    let lines: Vec<&str> = everyday.lines().take(6).collect();
    std::fs::write(&tasks, lines.join("\n") + "\n").unwrap();
    let strategies: &[&str] = if cfg!(feature = "neural") {
        &["enumerative", "hybrid", "neural"]
    } else {
        &["enumerative"]
    };
    for strategy in strategies {
        let first = dir.join(format!("{strategy}-1.jsonl"));
        let second = dir.join(format!("{strategy}-2.jsonl"));
        let one_thread = dir.join(format!("{strategy}-3.jsonl"));
        solve(&tasks, strategy, "2", &first);
        solve(&tasks, strategy, "2", &second);
        solve(&tasks, strategy, "1", &one_thread);
        let first = results_without_time(&first);
        assert_eq!(first.len(), 6);
        // the searches (not the weak model's 24 samples) solve some
        assert!(
            *strategy == "neural" || first.iter().any(|r| r["solved"] == true),
            "{strategy}: nothing solved: {first:?}"
        );
        assert_eq!(first, results_without_time(&second), "{strategy}");
        assert_eq!(first, results_without_time(&one_thread), "{strategy}");
        // a verdict on every line, evidence with every program
        for line in &first {
            let verdict = line["verdict"].as_str().unwrap();
            match line["solved"].as_bool().unwrap() {
                true => {
                    assert!(["generalizes", "fits-only"].contains(&verdict), "{line}");
                    let bits = line["evidence_bits"].as_f64().unwrap();
                    assert_eq!(verdict == "generalizes", bits >= -8.0, "{line}");
                }
                false => {
                    assert_eq!(verdict, "not-found", "{line}");
                    assert!(line["evidence_bits"].is_null(), "{line}");
                }
            }
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_search_without_any_limit_is_refused() {
    let dir = temp_dir("limit");
    let tasks = dir.join("tasks.jsonl");
    std::fs::write(
        &tasks,
        r#"{"name": "double", "vars": ["x"], "train": [[[1], 2], [[5], 10]]}"#,
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_arithsynth"))
        .args([
            "solve",
            "--strategy",
            "enumerative",
            "--budget",
            "none",
            "--tasks",
        ])
        .arg(&tasks)
        .arg("--out")
        .arg(dir.join("out.jsonl"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--budget none needs --candidates"),
        "{stderr}"
    );
    assert!(!dir.join("out.jsonl").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Two examples that `x + x` and `x * x` (and more) both fit.
const AMBIGUOUS: &str = r#"{"name": "square", "vars": ["x"], "train": [[[0], 0], [[2], 4]], "test": [[[3], 9], [[-5], 25], [[10], 100]], "program": "(* x x)"}"#;

#[test]
fn an_oracle_answers_the_questions_that_tell_the_fits_apart() {
    let dir = temp_dir("oracle");
    let tasks = dir.join("tasks.jsonl");
    std::fs::write(&tasks, format!("{AMBIGUOUS}\n")).unwrap();
    let run = |extra: &[&str], out: &str| solve_one(&tasks, "100000", extra, &dir.join(out));
    // without questions, the first of the smallest fits: x + x, wrong
    let (plain, _) = run(&[], "plain.jsonl");
    assert_eq!(plain["test_ok"], false, "{plain}");
    // the task's own program answers: one question reaches x * x
    let (asked, stdout) = run(&["--oracle", "task"], "oracle.jsonl");
    assert_eq!(asked["program"], "(* x x)", "{asked}");
    assert_eq!(asked["test_ok"], true);
    assert!(asked["questions"].as_u64().unwrap() >= 1);
    assert!(stdout.contains("questions asked"), "{stdout}");
    // a person at the terminal, answering on standard input
    let mut child = Command::new(env!("CARGO_BIN_EXE_arithsynth"))
        .args(["solve", "--strategy", "enumerative", "--budget", "none"])
        .args(["--candidates", "100000", "--ask", "--tasks"])
        .arg(&tasks)
        .arg("--out")
        .arg(dir.join("ask.jsonl"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        // f(-1) = 1 (x * x), then stop with an empty line if asked again
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"not a number\n1\n\n").unwrap();
    }
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    // where x + x and x * x part, within -3..=3 (the small range the two
    // examples widen to), the smallest magnitude first
    assert!(stdout.contains("f(-1) = ?"), "{stdout}");
    // the best so far (x + x, simplified), and what it gives on the
    // question's input
    assert!(stdout.contains("2 * x, which gives f(-1) = -2"), "{stdout}");
    assert!(stdout.contains("is not an integer"), "{stdout}");
    let asked = results_without_time(&dir.join("ask.jsonl")).remove(0);
    assert_eq!(asked["program"], "(* x x)", "{asked}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Examples that `x` fits, from a rule (round down to tens) that differs
/// between them.
const TENS_ONLY: &str = r#"{"name": "round-down-to-tens", "vars": ["x"], "train": [[[10], 10], [[20], 20], [[30], 30]], "test": [[[11], 10], [[27], 20]], "program": "(- x (mod x 10))"}"#;

#[test]
fn check_questions_test_the_one_fit_within_the_examples_range() {
    let dir = temp_dir("checks");
    let tasks = dir.join("tasks.jsonl");
    std::fs::write(&tasks, format!("{TENS_ONLY}\n")).unwrap();
    let run = |extra: &[&str], out: &str| {
        let extra = [&["--oracle", "task"], extra].concat();
        solve_one(&tasks, "2000000", &extra, &dir.join(out)).0
    };
    // the fits agree: without checks, no question and `x`, wrong at 11
    let plain = run(&["--no-checks", "--max-questions", "1"], "plain.jsonl");
    assert_eq!(plain["program"], "x", "{plain}");
    assert_eq!(plain["questions"], 0);
    // a check at 11 tells, and the search starts again with it
    let checked = run(&["--max-questions", "1"], "checked.jsonl");
    assert_eq!(checked["questions"], 1, "{checked}");
    assert_ne!(checked["program"], "x", "{checked}");
    // x - x mod 2, 5 or 10 fit then: one more question tells them apart
    let told = run(&["--max-questions", "2"], "told.jsonl");
    assert!(
        ["(- x (mod x 10))", "(* 10 (div x 10))"].contains(&told["program"].as_str().unwrap()),
        "{told}"
    );
    assert_eq!(told["test_ok"], true, "{told}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn kept_alternatives_are_listed_ranked_and_fit_a_ranker() {
    let dir = temp_dir("ranker");
    let tasks = dir.join("tasks.jsonl");
    std::fs::write(&tasks, format!("{AMBIGUOUS}\n")).unwrap();
    let out = dir.join("out.jsonl");
    let status = Command::new(env!("CARGO_BIN_EXE_arithsynth"))
        .args(["solve", "--strategy", "enumerative", "--budget", "none"])
        .args(["--candidates", "50000", "--window", "2", "--keep", "8"])
        .args(["--ranker", "learned", "--tasks"])
        .arg(&tasks)
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let line = &results_without_time(&out)[0];
    let ranked = line["ranked"].as_array().expect("alternatives listed");
    assert!(ranked.len() > 1, "{line}");
    assert_eq!(ranked[0]["program"], line["program"]);
    // best first under the learned ranker
    let scores: Vec<f64> = ranked
        .iter()
        .map(|c| c["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(ranked.iter().any(|c| c["test_ok"] == true), "{line}");
    assert!(ranked.iter().any(|c| c["test_ok"] == false), "{line}");

    // the shipped training results refit without a model
    let ranker = workspace().join("examples/ranker");
    let output = Command::new(env!("CARGO_BIN_EXE_arithsynth"))
        .args(["fit-ranker", "--no-model", "--tasks"])
        .arg(ranker.join("tasks.jsonl"))
        .arg("--results")
        .arg(ranker.join("results.jsonl"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("431 with a right and a wrong one"),
        "{stdout}"
    );
    assert!(stdout.contains("pub const DEFAULT_WEIGHTS"), "{stdout}");

    // results that are not the tasks' own are refused, naming the line
    let output = Command::new(env!("CARGO_BIN_EXE_arithsynth"))
        .args(["fit-ranker", "--no-model", "--tasks"])
        .arg(&tasks)
        .arg("--results")
        .arg(ranker.join("results.jsonl"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 1"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn task_literals_reach_constants_the_grammar_lacks() {
    let dir = temp_dir("task-literals");
    // minutes past the hour and a weekday, over the literals 0..=3 only
    let tasks = dir.join("tasks.jsonl");
    let row = |name: &str, vars: &str, rows: Vec<(Vec<i64>, i64)>| {
        let (train, test) = rows.split_at(8);
        serde_json::json!({"name": name, "vars": serde_json::from_str::<serde_json::Value>(vars).unwrap(),
            "train": train, "test": test, "grammar": {"literals": [0, 1, 2, 3]}})
        .to_string()
    };
    let minutes: Vec<(Vec<i64>, i64)> = (0..20)
        .map(|i| (vec![i * 97 + 13], (i * 97 + 13) % 60))
        .collect();
    let days: [[i64; 2]; 20] = [
        [121, 303],
        [278, 66],
        [189, 309],
        [242, 320],
        [297, 33],
        [310, 6],
        [240, 132],
        [282, 119],
        [98, 367],
        [240, 276],
        [281, 243],
        [203, 327],
        [77, 118],
        [325, 77],
        [267, 199],
        [379, 7],
        [343, 397],
        [32, 81],
        [388, 302],
        [21, 154],
    ];
    let weekday: Vec<(Vec<i64>, i64)> = days
        .iter()
        .map(|&[d, k]| (vec![d, k], (d + k) % 7))
        .collect();
    let lines = [
        row("minutes", r#"["t"]"#, minutes),
        row("weekday", r#"["d", "k"]"#, weekday),
    ];
    std::fs::write(&tasks, lines.join("\n") + "\n").unwrap();
    let run = |literals: &str| {
        let out = dir.join(format!("out-{literals}.jsonl"));
        let status = Command::new(env!("CARGO_BIN_EXE_arithsynth"))
            .args(["solve", "--tasks"])
            .arg(&tasks)
            .args([
                "--strategy",
                "enumerative",
                "--budget",
                "none",
                "--candidates",
                "300000",
            ])
            .args(["--task-literals", literals, "--out"])
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
        results_without_time(&out)
    };
    let with = run("3");
    assert_eq!(with[0]["program"], "(mod t 60)", "{with:?}");
    assert!(
        with[0]["task_literals"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!(60)),
        "{with:?}"
    );
    assert_eq!(with[1]["program"], "(mod (+ d k) 7)", "{with:?}");
    assert!(with.iter().all(|r| r["test_ok"] == true), "{with:?}");
    // without them, 60 costs nodes the same budget does not reach
    let without = run("0");
    assert!(
        without.iter().all(|r| r.get("task_literals").is_none()),
        "{without:?}"
    );
    assert!(
        without
            .iter()
            .all(|r| r["size"].as_u64() != Some(3) && r["size"].as_u64() != Some(5)),
        "{without:?}"
    );
}

#[test]
fn sygus_any_constant_reaches_the_examples_constants() {
    let dir = temp_dir("sygus-constants");
    let file = dir.join("minutes.sl");
    let constraints: String = [75, 130, 1999, 61, 600, 44, 1234, 359]
        .iter()
        .map(|t| format!("(constraint (= (f {t}) {}))\n", t % 60))
        .collect();
    let grammar = "((S Int)) ((S Int (t (Constant Int) (+ S S) (mod S S))))";
    std::fs::write(
        &file,
        format!(
            "(set-logic LIA)\n(synth-fun f ((t Int)) Int {grammar})\n{constraints}(check-synth)\n"
        ),
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_arithsynth"))
        .arg("sygus")
        .arg(&file)
        .args(["--strategy", "enumerative", "--budget", "20s"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let answer = String::from_utf8(output.stdout).unwrap();
    // as cvc5 prints it: the define-fun in a list
    assert_eq!(
        answer.trim(),
        "(\n(define-fun f ((t Int)) Int (mod t 60))\n)"
    );
    // the verdict on stderr: 60 was read off the examples and paid for
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("verdict: generalizes (evidence "),
        "{stderr}"
    );
}

/// The command line is a thin layer over the front door: under a
/// candidate budget, `arithsynth solve` gives the program that
/// `Synthesizer` gives, task by task, for every method.
#[test]
fn the_command_line_gives_the_front_doors_program() {
    use arithsynth::search::Spec;
    use arithsynth::Synthesizer;

    let dir = temp_dir("front-door");
    let everyday =
        std::fs::read_to_string(workspace().join("examples/tasks/everyday.jsonl")).unwrap();
    let tasks_file = dir.join("tasks.jsonl");
    let lines: Vec<&str> = everyday.lines().take(8).collect();
    std::fs::write(&tasks_file, lines.join("\n") + "\n").unwrap();
    let tasks = arithsynth::dataset::read_tasks(&tasks_file).unwrap();
    let default = arithsynth::Grammar::new(arithsynth::Vars::new(["x"]).unwrap());
    let methods: &[&str] = if cfg!(feature = "neural") {
        &["enumerative", "hybrid", "neural"]
    } else {
        &["enumerative"]
    };
    for method in methods {
        let out = dir.join(format!("{method}.jsonl"));
        let status = Command::new(env!("CARGO_BIN_EXE_arithsynth"))
            .args(["solve", "--strategy", method, "--budget", "none"])
            .args(["--candidates", "60000", "--samples", "16", "--seed", "3"])
            .args(["--task-literals", "0", "--jobs", "2", "--tasks"])
            .arg(&tasks_file)
            .arg("--out")
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success(), "{method}: {status}");
        let lines = results_without_time(&out);
        let synthesizer = Synthesizer::with_grammar(default.clone())
            .strategy(method)
            .unwrap()
            .no_time_limit()
            .candidate_limit(60_000)
            .sample_limit(16)
            .seed(3);
        let mut found = 0;
        for (task, line) in tasks.iter().zip(&lines) {
            let spec = Spec::from_task(task, &default).unwrap();
            let synthesis = synthesizer.solve_spec(&spec).unwrap();
            let program = synthesis.sexpr().map(|p| p.to_string());
            assert_eq!(
                line["program"].as_str(),
                program.as_deref(),
                "{method}, task {}",
                task.name
            );
            assert_eq!(line["candidates"].as_u64(), Some(synthesis.candidates()));
            found += usize::from(program.is_some());
        }
        // the comparison is of programs, not of two empty results
        assert!(found >= 2, "{method}: {found} found");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Without a grammar, the smallest fit of |x| on these examples is
/// `(mod x (* 2 x))`, right at x = 0 only by this crate's `0 mod 0 = 0`,
/// which SMT-LIB leaves unspecified: the answer printed is one an SMT
/// checker accepts.
#[test]
fn sygus_answers_hold_under_smt_semantics() {
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/sygus/arithsynth-nogrammar-abs.sl");
    let output = Command::new(env!("CARGO_BIN_EXE_arithsynth"))
        .arg("sygus")
        .arg(&file)
        .args(["--strategy", "enumerative", "--budget", "10s"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let answer = String::from_utf8(output.stdout).unwrap();
    let problem =
        arithsynth::sygus::parse_problem(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let program = arithsynth::sygus::parse_solution(&answer, &problem)
        .unwrap_or_else(|err| panic!("{answer}: {err}"));
    assert!(arithsynth::sygus::holds(&problem, &program), "{answer}");
}

/// `solve --blocks FILE` hands the hybrid a library of the user's: the
/// smaller of two hundreds digits is found over the block within
/// candidates that do not reach it without; a library that does not read
/// is an error that names the file and the line.
#[test]
fn a_blocks_file_reaches_past_the_plain_search_and_a_bad_one_is_named() {
    let dir = temp_dir("blocks");
    let rows = |pairs: &[(i64, i64)]| -> Vec<serde_json::Value> {
        pairs
            .iter()
            .map(|&(n, k)| {
                let digit = |v: i64| v.div_euclid(100).rem_euclid(10);
                serde_json::json!([[n, k], digit(n).min(digit(k))])
            })
            .collect()
    };
    let task = serde_json::json!({
        "name": "min-hundreds",
        "vars": ["n", "k"],
        "grammar": {"literals": [0, 1, 10, 100], "ops": ["+", "-", "*", "div", "mod", "min"]},
        "train": rows(&[(4821, 1375), (967, 2504), (3310, 8842), (7159, 6213), (2648, 9981),
            (5502, 4730), (8094, 3167), (1436, 7558), (6775, 1209), (9263, 5886)]),
        "test": rows(&[(12345, 999), (450, 77), (100, 1000), (8888, 7777)]),
    });
    let tasks = dir.join("tasks.jsonl");
    std::fs::write(&tasks, format!("{task}\n")).unwrap();
    let library = dir.join("blocks.txt");
    let run = |extra: &[&str], out: &Path| {
        Command::new(env!("CARGO_BIN_EXE_arithsynth"))
            .args([
                "solve",
                "--strategy",
                "hybrid-no-learning",
                "--budget",
                "none",
            ])
            .args(["--candidates", "300000", "--task-literals", "0", "--tasks"])
            .arg(&tasks)
            .args(extra)
            .arg("--out")
            .arg(out)
            .output()
            .unwrap()
    };
    std::fs::write(&library, "# hundreds\n(mod (div a 100) 10)\n").unwrap();
    let with = dir.join("with.jsonl");
    let output = run(&["--blocks", library.to_str().unwrap()], &with);
    assert!(output.status.success(), "{output:?}");
    let line = results_without_time(&with).remove(0);
    assert_eq!(line["test_ok"], true, "{line}");
    let without = dir.join("without.jsonl");
    assert!(run(&[], &without).status.success());
    let plain = results_without_time(&without).remove(0);
    assert_ne!(plain["test_ok"], true, "{plain}");
    std::fs::write(&library, "(mod (div a 100) 10)\n(+ q 1\n").unwrap();
    let output = run(
        &["--blocks", library.to_str().unwrap()],
        &dir.join("bad.jsonl"),
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("blocks.txt") && stderr.contains("line 2"),
        "{stderr}"
    );
    assert!(!dir.join("bad.jsonl").exists());
}

#[cfg(feature = "neural")]
#[test]
fn a_sketch_model_is_trained_with_holes_and_only_one_is_taken_as_such() {
    let dir = temp_dir("sketch-model");
    let rows = |ns: &[i64]| -> Vec<serde_json::Value> {
        ns.iter()
            .map(|&n| serde_json::json!([[n, n % 24], (n / 10) % 10 + 3 * (n % 24)]))
            .collect()
    };
    let task = serde_json::json!({
        "name": "tens-and-hours-0",
        "vars": ["n", "h"],
        "program": "(+ (mod (div n 10) 10) (* 3 h))",
        "grammar": {"literals": [0, 1, 3, 10], "ops": ["+", "-", "*", "div", "mod"]},
        "train": rows(&[4821, 967, 3310, 7159, 2648, 5502]),
        "test": rows(&[1436, 6775]),
    });
    let tasks = dir.join("tasks.jsonl");
    std::fs::write(&tasks, format!("{task}\n")).unwrap();
    let model = dir.join("sketch.safetensors");
    let output = Command::new(env!("CARGO_BIN_EXE_arithsynth"))
        .args([
            "train", "--preset", "tiny", "--steps", "3", "--holes", "0.8",
        ])
        .args(["--formula-share", "1", "--variable-ranges", "--formulas"])
        .arg(&tasks)
        .arg("--out")
        .arg(&model)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("sketch.json")).unwrap()).unwrap();
    // the vocabulary with a hole, and the objective in the record
    assert_eq!(meta["vocab"], 163, "{meta}");
    let trained_with = meta["trained_with"].as_str().unwrap();
    assert!(
        trained_with.contains("holes: 0.8") && trained_with.contains("--variable-ranges"),
        "{trained_with}"
    );
    let solve = |sketcher: &Path, out: &Path| {
        Command::new(env!("CARGO_BIN_EXE_arithsynth"))
            .args(["solve", "--strategy", "hybrid", "--budget", "none"])
            .args(["--candidates", "20000", "--tasks"])
            .arg(&tasks)
            .arg("--sketch-model")
            .arg(sketcher)
            .arg("--out")
            .arg(out)
            .output()
            .unwrap()
    };
    let out = dir.join("results.jsonl");
    let output = solve(&model, &out);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(results_without_time(&out).len(), 1);
    // a model without a hole token is named, and nothing is written
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/default.safetensors");
    let refused = dir.join("refused.jsonl");
    let output = solve(&default, &refused);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("default.safetensors") && stderr.contains("not a sketch model"),
        "{stderr}"
    );
    assert!(!refused.exists());
}
