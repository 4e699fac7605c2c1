//! The scenes of the blog post, as data: `presets.json`, one scenario per claim, in the post's order.

use crate::scenario::{Scenario, ScenarioError};
use serde::Deserialize;

/// One preset: a key, the post's claim it tests, and the scenario.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    /// URL-safe key, e.g. `gather-vs-sequential`.
    pub key: String,
    /// What the post says, in English (the app has both languages).
    pub claim: String,
    /// The scenario (both sides where a comparison makes sense).
    pub scenario: Scenario,
}

const PRESETS_JSON: &str = include_str!("presets.json");

/// Every preset, in the post's order. Each scenario is validated; an invalid preset is a bug caught by tests.
pub fn all() -> Result<Vec<Preset>, ScenarioError> {
    let list: Vec<Preset> =
        serde_json::from_str(PRESETS_JSON).map_err(|e| ScenarioError::new("presets.json", e.to_string()))?;
    for p in &list {
        p.scenario.validate().map_err(|e| ScenarioError::new(&format!("{}.{}", p.key, e.field), e.message))?;
    }
    Ok(list)
}

/// The preset with this key.
pub fn get(key: &str) -> Option<Preset> {
    all().ok()?.into_iter().find(|p| p.key == key)
}

/// The keys, in order.
pub fn keys() -> Vec<String> {
    all().map(|l| l.into_iter().map(|p| p.key).collect()).unwrap_or_default()
}
