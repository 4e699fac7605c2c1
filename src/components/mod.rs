//! Components: one per file.

pub mod challenge_panel;
pub mod charts_panel;
pub mod code_editor;
pub mod code_panel;
pub mod control_panel;
pub mod editor_island;
pub mod follow_panel;
pub mod lang_toggle;
pub mod layout;
pub mod legend;
pub mod notices;
pub mod playback;
pub mod post_table;
pub mod scene_card;
pub mod scene_nav;
pub mod share;
pub mod slider;
pub mod stage_view;
pub mod sweep_panel;
