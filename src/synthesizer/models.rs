//! Which model a synthesizer uses, loaded once.

use std::sync::{Arc, OnceLock};

use crate::model::{Device, Model};
use crate::search::SearchError;

/// The embedded model on a device (loaded on first use), or the
/// caller's.
#[derive(Clone)]
pub(super) enum ModelSource {
    Embedded {
        device: Device,
        loaded: Arc<OnceLock<Arc<Model>>>,
    },
    Given(Arc<Model>),
}

impl std::fmt::Debug for ModelSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelSource::Embedded { device, loaded } => f
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
        ModelSource::Embedded {
            device: Device::Cpu,
            loaded: Arc::default(),
        }
    }
}

impl ModelSource {
    pub(super) fn get(&self) -> Result<Arc<Model>, SearchError> {
        match self {
            ModelSource::Given(model) => Ok(Arc::clone(model)),
            ModelSource::Embedded { device, loaded } => {
                if let Some(model) = loaded.get() {
                    return Ok(Arc::clone(model));
                }
                let model = Arc::new(Model::embedded(device)?);
                // a racing thread may have set it first: either copy
                // is the same model
                Ok(Arc::clone(loaded.get_or_init(|| model)))
            }
        }
    }
}
