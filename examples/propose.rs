//! The embedded default model reads examples and proposes programs: beam
//! search, samples, and each program's description length (its negative
//! log-probability given the examples).
//!
//! Run: `cargo run --release --example propose`

use arithsynth::dataset::Example;
use arithsynth::eval::reference;
use arithsynth::model::{Model, Sampler, SamplerConfig};
use arithsynth::{Grammar, Vars};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let device = candle_core::Device::Cpu;
    let model = Model::embedded(&device)?;
    let meta = Model::embedded_meta()?;
    println!(
        "default model: {} parameters, {} training steps, validation loss {:.3}\n",
        model.parameter_count(),
        meta.steps,
        meta.validation_loss.unwrap_or(f64::NAN)
    );
    let vars = Vars::new(["x"])?;
    let grammar = Grammar::new(vars.clone());
    type Formula = fn(i64) -> i64;
    let tasks: [(&str, Formula); 3] = [
        ("x * x + 1", |x| x * x + 1),
        ("3 * x - 2", |x| 3 * x - 2),
        ("x mod 3", |x| x.rem_euclid(3)),
    ];
    let sampler = Sampler::new(&model, &grammar);
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for (name, f) in tasks {
        let examples: Vec<Example> = [-7, -2, 0, 3, 5, 11]
            .into_iter()
            .map(|x| Example {
                inputs: vec![x],
                output: f(x),
            })
            .collect();
        println!(
            "task {name}: {:?}",
            examples
                .iter()
                .map(|e| (e.inputs[0], e.output))
                .collect::<Vec<_>>()
        );
        for beam in sampler.beam(&examples, 5, 16)?.iter().take(5) {
            let fits = examples
                .iter()
                .all(|e| reference::eval(&beam.program, &e.inputs) == e.output);
            println!(
                "  beam   {:<28} description length {:>6.2} nats {}",
                beam.program.sexpr(&vars).to_string(),
                -beam.log_prob,
                if fits { "fits" } else { "" }
            );
        }
        let samples = sampler.sample(&examples, 64, &SamplerConfig::default(), &mut rng)?;
        let fitting = samples
            .iter()
            .filter(|s| {
                examples
                    .iter()
                    .all(|e| reference::eval(&s.program, &e.inputs) == e.output)
            })
            .count();
        println!("  {fitting} of 64 samples fit the examples\n");
    }
    Ok(())
}
