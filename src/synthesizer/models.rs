//! Which model a synthesizer uses, loaded once.

use std::sync::{Arc, OnceLock};

use crate::model::{Device, Model, ModelError};
use crate::search::SearchError;

/// Loads an embedded model on a device.
type Loader = fn(&Device) -> Result<Model, ModelError>;

/// An embedded model on a device (loaded on first use), or the caller's.
#[derive(Clone)]
pub(super) enum ModelSource {
    Embedded {
        device: Device,
        loaded: Arc<OnceLock<Arc<Model>>>,
        load: Loader,
    },
    Given(Arc<Model>),
}

impl std::fmt::Debug for ModelSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelSource::Embedded { device, loaded, .. } => f
                .debug_struct("Embedded")
                .field("device", device)
                .field("loaded", &loaded.get().is_some())
                .finish(),
            ModelSource::Given(model) => f
                .debug_struct("Given")
                .field("parameters", &model.parameter_count())
                .finish(),
        }
    }
}

impl Default for ModelSource {
    fn default() -> Self {
        ModelSource::embedded(Device::Cpu, Model::embedded)
    }
}

impl ModelSource {
    /// The embedded model `load` gives, on `device`.
    pub(super) fn embedded(device: Device, load: Loader) -> ModelSource {
        ModelSource::Embedded {
            device,
            loaded: Arc::default(),
            load,
        }
    }

    /// The embedded sketch model on the CPU.
    pub(super) fn sketch() -> ModelSource {
        ModelSource::embedded(Device::Cpu, Model::embedded_sketch)
    }

    /// This source on `device`, where it is an embedded model.
    pub(super) fn on(self, device: &Device) -> ModelSource {
        match self {
            ModelSource::Embedded { load, .. } => ModelSource::embedded(device.clone(), load),
            given @ ModelSource::Given(_) => given,
        }
    }

    /// Whether the caller gave this model.
    pub(super) fn is_given(&self) -> bool {
        matches!(self, ModelSource::Given(_))
    }

    pub(super) fn get(&self) -> Result<Arc<Model>, SearchError> {
        match self {
            ModelSource::Given(model) => Ok(Arc::clone(model)),
            ModelSource::Embedded {
                device,
                loaded,
                load,
            } => {
                if let Some(model) = loaded.get() {
                    return Ok(Arc::clone(model));
                }
                let model = Arc::new(load(device)?);
                // a racing thread may have set it first: either copy
                // is the same model
                Ok(Arc::clone(loaded.get_or_init(|| model)))
            }
        }
    }
}

impl super::Synthesizer {
    /// The model for neural and hybrid search. Default: the embedded
    /// default model ([`Model::embedded`]), loaded on first use and shared
    /// by clones of this synthesizer.
    pub fn model(mut self, model: Arc<Model>) -> super::Synthesizer {
        self.model = ModelSource::Given(model);
        self
    }

    /// The sketch model the hybrid draws sketches from (a model of the
    /// sketch vocabulary, [`Vocabulary::Sketch`](crate::model::Vocabulary::Sketch));
    /// given one, the hybrid's sketches part is on whatever the variant.
    /// Default: the embedded sketch model ([`Model::embedded_sketch`]),
    /// used by the variants `hybrid-sketches` and `hybrid-sketches-blocks`
    /// only.
    pub fn sketch_model(mut self, model: Arc<Model>) -> super::Synthesizer {
        self.sketcher = ModelSource::Given(model);
        self
    }

    /// The device for the embedded models. Default: the CPU.
    pub fn device(mut self, device: Device) -> super::Synthesizer {
        self.model = ModelSource::default().on(&device);
        self.sketcher = self.sketcher.on(&device);
        self
    }
}
