//! Components: one per file.

pub mod lang_toggle;
pub mod stage_view;
