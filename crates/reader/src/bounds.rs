//! Limits checked before the parser sees the code: a paste of any size, any bytes and any nesting gets a
//! clear `ReadError` at once instead of a long parse or a stack overflow (the parser and the walk recurse on
//! nested expressions and blocks).

use crate::ReadError;

/// Most bytes of code read (a view is a few hundred; this is room for a whole `views.py`).
pub const MAX_BYTES: usize = 64 * 1024;
/// Most lines of code read.
pub const MAX_LINES: usize = 2_000;
/// Deepest nesting of brackets plus indented blocks.
pub const MAX_DEPTH: usize = 48;

/// Checks the limits with one linear scan (strings and comments are skipped roughly, which can only
/// over-count depth, never under-count it enough to matter: the parser's own recursion is far deeper).
pub fn check(code: &str) -> Result<(), ReadError> {
    if code.len() > MAX_BYTES {
        return Err(ReadError::TooLarge { bytes: code.len() });
    }
    let lines = code.lines().count();
    if lines > MAX_LINES {
        return Err(ReadError::TooManyLines { lines });
    }
    for (i, text) in code.lines().enumerate() {
        let line = i as u32 + 1;
        if text.chars().any(|c| c.is_control() && c != '\t' && c != '\r' && c != '\x0c') {
            return Err(ReadError::Binary { line });
        }
    }
    let mut brackets = 0usize;
    let mut quote: Option<char> = None;
    for (i, text) in code.lines().enumerate() {
        let line = i as u32 + 1;
        let indent =
            text.chars().take_while(|c| *c == ' ' || *c == '\t').map(|c| if c == '\t' { 4 } else { 1 }).sum::<usize>();
        let mut prev = '\0';
        for c in text.chars() {
            match quote {
                Some(q) => {
                    if c == q && prev != '\\' {
                        quote = None;
                    }
                }
                None => match c {
                    '#' => break,
                    '\'' | '"' => quote = Some(c),
                    '(' | '[' | '{' => {
                        brackets += 1;
                        if brackets + indent / 4 > MAX_DEPTH {
                            return Err(ReadError::TooDeep { line });
                        }
                    }
                    ')' | ']' | '}' => brackets = brackets.saturating_sub(1),
                    _ => {}
                },
            }
            prev = if prev == '\\' && c == '\\' { '\0' } else { c };
        }
        if brackets + indent / 4 > MAX_DEPTH {
            return Err(ReadError::TooDeep { line });
        }
    }
    Ok(())
}
