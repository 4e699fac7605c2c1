//! Colours (Okabe–Ito, safe for colour-blind readers) and the shapes that carry the same meaning without colour.

/// What a dot means. Each class has its own colour *and* shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Computing: filled circle, orange.
    Cpu = 0,
    /// Awaiting I/O without holding anything: hollow ring, sky blue.
    Await = 1,
    /// In a blocking call that holds its thread (or the whole loop): filled square, vermillion.
    Blocking = 2,
    /// Waiting its turn (accept queue, ready queue, executor): small dot, grey.
    Waiting = 3,
    /// Waiting for a DB connection: diamond, reddish purple.
    DbWait = 4,
}

impl Class {
    /// Every class, in drawing order.
    pub const ALL: [Class; 5] = [Class::Waiting, Class::Await, Class::DbWait, Class::Blocking, Class::Cpu];
}

/// Colours for one theme.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    pub bg: &'static str,
    pub fg: &'static str,
    pub muted: &'static str,
    pub grid: &'static str,
    pub class: [&'static str; 5],
    pub ok: &'static str,
    pub badge_bg: &'static str,
}

/// Light theme.
pub const LIGHT: Palette = Palette {
    bg: "#ffffff",
    fg: "#1a1a1a",
    muted: "#5f6368",
    grid: "#d9d9d9",
    // Okabe–Ito: orange, sky blue, vermillion, grey, reddish purple.
    class: ["#E69F00", "#56B4E9", "#D55E00", "#8a8a8a", "#CC79A7"],
    ok: "#009E73",
    badge_bg: "#f1f1f1",
};

/// Dark theme.
pub const DARK: Palette = Palette {
    bg: "#16181c",
    fg: "#f0f0f0",
    muted: "#a8adb4",
    grid: "#3a3d42",
    class: ["#E69F00", "#56B4E9", "#FF6A1A", "#9a9a9a", "#CC79A7"],
    ok: "#2fbf8f",
    badge_bg: "#25282d",
};

impl Palette {
    /// Colour of a class.
    pub fn of(&self, c: Class) -> &'static str {
        self.class[c as usize]
    }
}
