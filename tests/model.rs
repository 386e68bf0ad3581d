//! Checkpoints: save → load gives identical logits; bad files give typed
//! errors naming the file.

use arithsynth::model::{Config, Model, ModelError, Tokenizer, Vocabulary};
use candle_core::{Device, Tensor};

use crate::scratch;

fn temp_dir(name: &str) -> scratch::Scratch {
    scratch::temp_dir("arithsynth-model", name)
}

fn checkpoint_error(result: Result<Model, ModelError>) -> String {
    match result {
        Err(err @ ModelError::Checkpoint { .. }) => err.to_string(),
        Err(other) => panic!("expected a checkpoint error, got {other}"),
        Ok(_) => panic!("a bad checkpoint loaded"),
    }
}

#[test]
fn save_then_load_gives_identical_logits() {
    let dir = temp_dir("roundtrip");
    let path = dir.join("m.safetensors");
    let model = Model::new(Config::tiny(), &Device::Cpu, 11).unwrap();
    model.save(&path, Some(1.5), None).unwrap();
    let loaded = Model::load(&path, &Device::Cpu).unwrap();
    let ids = Tensor::new(&[[1u32, 20, 3, 30, 4, 9, 5, 6]], &Device::Cpu).unwrap();
    let logits = |m: &Model| -> Vec<f32> {
        m.logits(&ids)
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1()
            .unwrap()
    };
    let (a, b) = (logits(&model), logits(&loaded));
    assert_eq!(a, b);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Checkpoints written before literals in digits (a vocabulary one token
/// smaller) still load, keep their vocabulary, and say what they cannot
/// write; a vocabulary of neither size is a typed error.
#[test]
fn checkpoints_of_the_older_vocabulary_load() {
    let dir = temp_dir("vocabulary");
    let path = dir.join("old.safetensors");
    let old =
        Model::with_vocabulary(Config::tiny(), Vocabulary::SmallLiterals, &Device::Cpu, 4).unwrap();
    old.save(&path, None, None).unwrap();
    let json = std::fs::read_to_string(path.with_extension("json")).unwrap();
    assert!(json.contains("\"vocab\": 161"), "{json}");
    let loaded = Model::load(&path, &Device::Cpu).unwrap();
    assert_eq!(loaded.tokenizer().vocabulary(), Vocabulary::SmallLiterals);
    let vars = arithsynth::Vars::new(["x"]).unwrap();
    let program = arithsynth::Program::parse("(div x 100)", &vars).unwrap();
    let err = loaded.tokenizer().encode_program(&program).unwrap_err();
    assert!(err.to_string().contains("-16..=16"), "{err}");
    assert!(Tokenizer::default().encode_program(&program).is_ok());
    // a new model has the larger vocabulary, and loading it keeps it
    let path = dir.join("new.safetensors");
    Model::new(Config::tiny(), &Device::Cpu, 4)
        .unwrap()
        .save(&path, None, None)
        .unwrap();
    let loaded = Model::load(&path, &Device::Cpu).unwrap();
    assert_eq!(loaded.tokenizer().vocabulary(), Vocabulary::AnyLiteral);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_checkpoints_are_typed_errors() {
    let dir = temp_dir("bad");
    let path = dir.join("m.safetensors");
    let model = Model::new(Config::tiny(), &Device::Cpu, 1).unwrap();
    model.save(&path, None, None).unwrap();
    let weights = std::fs::read(&path).unwrap();
    let json = std::fs::read_to_string(path.with_extension("json")).unwrap();
    let cpu = &Device::Cpu;

    // truncated weights
    let err = checkpoint_error(Model::from_bytes(
        &json,
        &weights[..weights.len() / 2],
        cpu,
        &path,
    ));
    assert!(
        err.contains("m.safetensors") && err.contains("not a complete safetensors file"),
        "{err}"
    );
    // not JSON
    assert!(checkpoint_error(Model::from_bytes("{", &weights, cpu, &path)).contains("bad JSON"));
    // another vocabulary
    let other_vocab = json.replace("\"vocab\": ", "\"vocab\": 1");
    assert!(
        checkpoint_error(Model::from_bytes(&other_vocab, &weights, cpu, &path))
            .contains("vocabulary")
    );
    // a config that does not match the weights
    let wider = json.replace("\"width\": 32", "\"width\": 64");
    let err = checkpoint_error(Model::from_bytes(&wider, &weights, cpu, &path));
    assert!(err.contains("weights, the file"), "{err}");
    // a config that makes no model
    let no_heads = json.replace("\"heads\": 2", "\"heads\": 0");
    assert!(
        checkpoint_error(Model::from_bytes(&no_heads, &weights, cpu, &path))
            .contains("makes no model")
    );
    // a config asking for more weights than the file holds is refused
    // before anything is allocated for it
    let huge = json
        .replace("\"width\": 32", "\"width\": 4096")
        .replace("\"layers\": 1", "\"layers\": 64");
    let err = checkpoint_error(Model::from_bytes(&huge, &weights, cpu, &path));
    assert!(err.contains("weights, the file"), "{err}");
    let two_layers = json.replace("\"layers\": 1", "\"layers\": 2");
    let err = checkpoint_error(Model::from_bytes(&two_layers, &weights, cpu, &path));
    assert!(err.contains("weights, the file"), "{err}");
    // same count of weights, but a tensor renamed or transposed
    let original = candle_core::safetensors::load_buffer(&weights, cpu).unwrap();
    let edited = |edit: &dyn Fn(&mut std::collections::HashMap<String, Tensor>)| {
        let mut tensors = original.clone();
        edit(&mut tensors);
        let file = dir.join("edited.safetensors");
        candle_core::safetensors::save(&tensors, &file).unwrap();
        checkpoint_error(Model::from_bytes(
            &json,
            &std::fs::read(&file).unwrap(),
            cpu,
            &path,
        ))
    };
    let err = edited(&|t| {
        let qkv = t.remove("block0.qkv.weight").unwrap();
        t.insert("block0.qkv.renamed".into(), qkv);
    });
    assert!(err.contains("missing tensor `block0.qkv.weight`"), "{err}");
    let err = edited(&|t| {
        let qkv = t["block0.qkv.weight"].t().unwrap().contiguous().unwrap();
        t.insert("block0.qkv.weight".into(), qkv);
    });
    assert!(
        err.contains("tensor `block0.qkv.weight` has shape"),
        "{err}"
    );
    // a missing file
    assert!(
        checkpoint_error(Model::load(&dir.join("none.safetensors"), cpu)).contains("none.json")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn embedded_default_model_loads() {
    let model = Model::embedded(&Device::Cpu).unwrap();
    let meta = Model::embedded_meta().unwrap();
    assert_eq!(model.config(), &meta.config);
    assert_eq!(model.steps(), meta.steps);
    assert!(meta.steps >= 500, "the shipped model is trained");
    assert!(meta.validation_loss.is_some_and(|loss| loss < 2.0));
}
