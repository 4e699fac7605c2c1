//! The scenes: one per claim of the blog post, in the post's order. Each pairs an engine preset with a short text
//! for a developer who has just read that paragraph, what to notice, and a predict-then-reveal question. Pure data.

use crate::i18n::Tx;
use crate::model::Param;

mod in_production;
mod loop_and_workers;

/// One scene.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scene {
    /// URL key (`?scene=...`).
    pub key: &'static str,
    /// The engine preset it runs.
    pub preset: &'static str,
    /// Playback speed that shows it best.
    pub speed: f64,
    pub title: Tx,
    /// Two to four sentences.
    pub text: Tx,
    /// What to notice.
    pub notice: Tx,
    pub question: Tx,
    pub choices: [Tx; 3],
    /// Index of the right choice.
    pub answer: usize,
    /// Shown after the reader commits to a prediction.
    pub reveal: Tx,
    /// A change applied when revealing, so the answer plays out on the stage.
    pub variant: Option<Param>,
    /// What the variant changes on the stage, in words (shown with the reveal).
    pub change: Option<Tx>,
    /// The live numbers the question is about: masked until the reader answers.
    pub asks: &'static [Ask],
    /// The question is about an event still to come: the stage waits at `start_s` until the reader answers.
    pub hold: bool,
    /// Simulated time the scene opens at, s (just before its event, so it happens within seconds).
    pub start_s: f64,
    /// The few controls an embedded scene shows (keys of `ControlPanel`'s controls).
    pub controls: &'static [&'static str],
    /// Steps the reader takes before the question, each a change and what it shows (the opening scene builds
    /// up from one user to many this way).
    pub walk: &'static [(Param, Tx)],
}

/// A live number a question can be about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    Throughput,
    Latency,
    Memory,
    Failures,
}

/// Every scene (see `SCENES`).
pub fn all() -> &'static [Scene] {
    SCENES
}

/// Every scene, in the post's order: the post's two halves, each in its own file.
pub const SCENES: &[Scene] = &join(loop_and_workers::SCENES, in_production::SCENES);

/// The two halves as one table (at compile time).
const fn join(a: [Scene; 10], b: [Scene; 10]) -> [Scene; 20] {
    let mut out = [a[0]; 20];
    let mut i = 0;
    while i < 20 {
        out[i] = if i < 10 { a[i] } else { b[i - 10] };
        i += 1;
    }
    out
}

/// The scene with this key.
pub fn get(key: &str) -> Option<&'static Scene> {
    SCENES.iter().find(|s| s.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scene_has_a_preset_and_both_languages() {
        let scenes = all();
        let mut keys: Vec<&str> = scenes.iter().map(|s| s.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), scenes.len(), "duplicate keys");
        for s in scenes {
            assert!(sim::presets::get(s.preset).is_some(), "{}: no preset {}", s.key, s.preset);
            let texts = [s.title, s.text, s.notice, s.question, s.reveal, s.choices[0], s.choices[1], s.choices[2]];
            for (ko, en) in texts {
                assert!(!ko.trim().is_empty() && !en.trim().is_empty(), "{}", s.key);
            }
            assert!(s.answer < 3);
            assert!(s.key.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
        }
    }

    #[test]
    fn every_control_a_scene_lists_exists() {
        for s in all() {
            for key in s.controls {
                let known = crate::model::Num::from_name(key).is_some()
                    || crate::components::control_panel::OTHER_CONTROLS.contains(key);
                assert!(known, "{}: no control {key}", s.key);
            }
        }
    }

    #[test]
    fn every_preset_but_the_other_benchmark_rows_has_a_scene() {
        let used: Vec<&str> = all().iter().map(|s| s.preset).collect();
        for key in sim::presets::keys() {
            let covered = used.contains(&key.as_str()) || key.starts_with("post-benchmark") || key == "asyncio-sleep";
            assert!(covered, "preset {key} has no scene");
        }
    }
}
