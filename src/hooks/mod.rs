//! Hooks that own effects: the animation loop over the engine.

pub mod use_lab;
