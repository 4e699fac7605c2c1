//! Components: one per file.

pub mod code_panel;
pub mod control_panel;
pub mod follow_panel;
pub mod lang_toggle;
pub mod legend;
pub mod playback;
pub mod slider;
pub mod stage_view;
