//! The README's Rust examples are the crate docs' doctests, line for line,
//! so that what a newcomer reads is what the tests run.

/// The code blocks of Markdown lines whose opening fence is one of `open`.
fn blocks<'a>(lines: impl Iterator<Item = &'a str>, open: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    let mut current: Option<(bool, Vec<&str>)> = None;
    for line in lines {
        let fence = line.trim_start();
        match &mut current {
            None if fence.starts_with("```") => {
                current = Some((open.contains(&fence), Vec::new()));
            }
            Some((wanted, body)) if fence == "```" => {
                if *wanted {
                    found.push(body.join("\n"));
                }
                current = None;
            }
            Some((_, body)) => body.push(line),
            None => {}
        }
    }
    found
}

#[test]
fn every_readme_example_is_a_doctest() {
    let readme = blocks(include_str!("../README.md").lines(), &["```rust"]);
    assert!(readme.len() >= 3, "{readme:?}");
    // the crate docs, with rustdoc's hidden lines left out
    let docs = include_str!("../src/lib.rs")
        .lines()
        .filter_map(|line| line.strip_prefix("//!"))
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .filter(|line| !line.starts_with("# ") && *line != "#");
    let doctests = blocks(docs, &["```", "```rust"]);
    for example in &readme {
        assert!(
            doctests.contains(example),
            "this README example is not a crate doctest:\n{example}\n\ndoctests:\n{doctests:#?}"
        );
    }
}
