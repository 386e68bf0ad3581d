#!/usr/bin/env python3
"""What a tool that depends on arithsynth builds: crates and clean build time.

Makes a one-line binary crate in a temporary folder that depends on the
arithsynth at PATH (default: this checkout), counts its unique dependencies
(`cargo tree -e normal,build`), and times `cargo build --release` from an
empty target folder: CPU time (user + system of the build's processes) and
wall time.

    python3 scripts/tool_build_cost.py [PATH] [--no-default-features]
"""

import pathlib
import resource
import subprocess
import sys
import tempfile
import time

args = [a for a in sys.argv[1:] if not a.startswith("--")]
path = pathlib.Path(args[0] if args else pathlib.Path(__file__).parent.parent).resolve()
features = ", default-features = false" if "--no-default-features" in sys.argv else ""

with tempfile.TemporaryDirectory() as folder:
    tool = pathlib.Path(folder)
    (tool / "src").mkdir()
    (tool / "src" / "main.rs").write_text(
        'fn main() { println!("{}", arithsynth::Grammar::new('
        'arithsynth::Vars::new(["x"]).unwrap()).literals().len()); }\n'
    )
    (tool / "Cargo.toml").write_text(
        f'[package]\nname = "tool"\nversion = "0.1.0"\nedition = "2021"\n'
        f'[dependencies]\narithsynth = {{ path = "{path}"{features} }}\n[workspace]\n'
    )
    lock = path / "Cargo.lock"
    if lock.exists():
        (tool / "Cargo.lock").write_text(lock.read_text())
    tree = subprocess.run(
        ["cargo", "tree", "-e", "normal,build", "--prefix", "none"],
        cwd=tool, check=True, capture_output=True, text=True,
    ).stdout
    crates = {
        line.replace(" (*)", "").replace(" (proc-macro)", "")
        for line in tree.splitlines()
        if line and not line.startswith(("tool ", "arithsynth "))
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.time()
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=tool, check=True)
    wall = time.time() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"{path}{features}: {len(crates)} crates, clean release build {cpu:.0f} s CPU, {wall:.0f} s wall")
