//! Hooks that own effects: the animation loop over the engine, and on-screen visibility.

mod lab_frame;
mod lab_live;
mod lab_paint;
pub mod use_batch;
pub mod use_lab;
pub mod use_page;
pub mod use_post_height;
pub mod use_reader;
pub mod use_url;
pub mod use_visible;
