//! Hooks that own effects: the animation loop over the engine, and on-screen visibility.

pub mod use_batch;
pub mod use_lab;
pub mod use_visible;
