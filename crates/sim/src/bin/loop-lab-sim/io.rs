//! Input with a size limit, and output that survives a closed pipe or a full disk.

use super::args::Source;
use sim::scenario::limits::FILE_BYTES;
use std::io::{self, Read, Write};

/// Reads at most `FILE_BYTES` from `r`; more is an error (a scenario is a few KB: `/dev/zero` is not one).
fn read_limited(r: impl Read, what: &str) -> Result<String, String> {
    let mut buf = Vec::new();
    r.take(FILE_BYTES as u64 + 1).read_to_end(&mut buf).map_err(|e| format!("cannot read {what}: {e}"))?;
    if buf.len() > FILE_BYTES {
        return Err(format!(
            "{what} is larger than {} MiB: a scenario is a few KB, so this is not one (limit {FILE_BYTES} bytes)",
            FILE_BYTES >> 20
        ));
    }
    String::from_utf8(buf)
        .map_err(|e| format!("{what} is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))
}

/// The scenario's text and a name for it in messages. Presets are not read here.
pub fn read_source(source: &Source) -> Result<(String, String), String> {
    match source {
        Source::Stdin => Ok((read_limited(io::stdin().lock(), "standard input")?, "standard input".into())),
        Source::File(path) => {
            let name = format!("`{}`", path.to_string_lossy());
            let file = std::fs::File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
            Ok((read_limited(file, &name)?, name))
        }
        Source::Preset(_) => Err("a preset is not a file".into()),
    }
}

/// Writes `text` and a newline to standard output. A reader that went away (`| head`) is not an error.
pub fn write_stdout(text: &str) -> Result<(), String> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.write_all(b"\n")).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write the output: {e}")),
    }
}

/// A message on standard error (ignored if standard error is gone: nothing else could report it).
pub fn say(msg: &str) {
    let _ = writeln!(io::stderr().lock(), "loop-lab-sim: {msg}");
}
