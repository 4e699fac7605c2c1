//! The command line, read from `args_os`: a name that is not UTF-8 is still a valid file name; anywhere else it
//! is rejected with a message (exit 2), never a panic.

use sim::sweep::Axis;
use sim::Side;
use std::ffi::OsString;

pub const USAGE: &str = "\
usage: loop-lab-sim (--preset NAME | FILE.json | -) [options]
       loop-lab-sim --preset NAME --sweep workers|users [--per-point N]
       loop-lab-sim --list | --help

  FILE.json | -      the scenario (at most 1 MiB; `-` reads it from standard input)
  --preset NAME      a preset instead (see --list)
  --seed N           override the scenario's seed
  --compare          run both sides (the default when the scenario has both)
  --side asgi|wsgi   run one side only
  --requests N       override traffic.requests   (validated like the file: 1-50000000)
  --rate R           override traffic.rate_per_s (open traffic: 0.001-100000)
  --users N          override traffic.users      (closed traffic: 1-5000)
  --explain          add every default that applied, and what it does, to the output
  --progress         print progress to standard error (default: only when it is a terminal)
  --no-progress      never print progress

The result is JSON on standard output (docs/cli.md describes every field). Exit code 0 on success, 1 if the
output cannot be written, 2 on bad input (the message names the field and the allowed range).";

/// Where the scenario comes from.
pub enum Source {
    Preset(String),
    File(OsString),
    Stdin,
}

/// Whether to print progress.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Auto,
    Always,
    Never,
}

/// The parsed command line.
pub struct Args {
    pub source: Option<Source>,
    pub list: bool,
    pub help: bool,
    pub seed: Option<u64>,
    pub compare: bool,
    pub side: Option<Side>,
    pub sweep: Option<Axis>,
    pub per_point: u64,
    pub requests: Option<u64>,
    pub rate: Option<f64>,
    pub users: Option<u32>,
    pub explain: bool,
    pub progress: Progress,
}

fn number<T: std::str::FromStr>(opt: &str, v: &str, what: &str) -> Result<T, String> {
    v.trim().parse().map_err(|_| format!("{opt} needs {what} (got `{v}`)"))
}

/// Parses the arguments (without the program name).
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Args, String> {
    let mut a = Args {
        source: None,
        list: false,
        help: false,
        seed: None,
        compare: false,
        side: None,
        sweep: None,
        per_point: 10_000,
        requests: None,
        rate: None,
        users: None,
        explain: false,
        progress: Progress::Auto,
    };
    let mut it = args.into_iter();
    while let Some(raw) = it.next() {
        let Some(arg) = raw.to_str() else {
            if raw.as_encoded_bytes().starts_with(b"-") {
                return Err(format!("unknown option `{}` (not valid UTF-8)\n{USAGE}", raw.to_string_lossy()));
            }
            set_source(&mut a, Source::File(raw))?;
            continue;
        };
        let arg = arg.to_string();
        let mut value = |what: &str| -> Result<String, String> {
            match it.next() {
                None => Err(format!("{arg} needs {what}")),
                Some(v) => v.into_string().map_err(|v| {
                    format!("the value of {arg} is not valid UTF-8 (`{}`); it needs {what}", v.to_string_lossy())
                }),
            }
        };
        match arg.as_str() {
            "--list" => a.list = true,
            "-h" | "--help" => a.help = true,
            "--preset" => {
                let name = value("a preset name (see --list)")?;
                set_source(&mut a, Source::Preset(name))?;
            }
            "--seed" => {
                let what = "a whole number between 0 and 18446744073709551615";
                a.seed = Some(number("--seed", &value(what)?, what)?);
            }
            "--side" => match value("`asgi` or `wsgi`")?.as_str() {
                "asgi" => a.side = Some(Side::Asgi),
                "wsgi" => a.side = Some(Side::Wsgi),
                other => return Err(format!("--side must be `asgi` or `wsgi` (got `{other}`)")),
            },
            "--compare" => a.compare = true,
            "--sweep" => match value("`workers` or `users`")?.as_str() {
                "workers" => a.sweep = Some(Axis::Workers),
                "users" => a.sweep = Some(Axis::Users),
                other => return Err(format!("--sweep must be `workers` or `users` (got `{other}`)")),
            },
            "--per-point" => {
                let what = "a whole number between 1 and 10000000";
                match number::<u64>("--per-point", &value(what)?, what)? {
                    v @ 1..=10_000_000 => a.per_point = v,
                    v => return Err(format!("--per-point needs {what} (got {v})")),
                }
            }
            "--requests" => a.requests = Some(number("--requests", &value("a whole number")?, "a whole number")?),
            "--rate" => {
                let r: f64 = number("--rate", &value("requests per second")?, "requests per second")?;
                a.rate = Some(r);
            }
            "--users" => a.users = Some(number("--users", &value("a whole number")?, "a whole number")?),
            "--explain" => a.explain = true,
            "--progress" => a.progress = Progress::Always,
            "--no-progress" => a.progress = Progress::Never,
            "-" => set_source(&mut a, Source::Stdin)?,
            s if s.starts_with('-') => return Err(format!("unknown option `{s}`\n{USAGE}")),
            _ => set_source(&mut a, Source::File(raw))?,
        }
    }
    Ok(a)
}

fn set_source(a: &mut Args, s: Source) -> Result<(), String> {
    match (&a.source, &s) {
        (None, _) => {
            a.source = Some(s);
            Ok(())
        }
        (Some(Source::Preset(_)), _) | (_, Source::Preset(_)) => Err("give either --preset or a file, not both".into()),
        _ => Err("only one scenario file may be given".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use std::os::unix::ffi::OsStringExt;

    fn p(args: &[&str]) -> Result<Args, String> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn options_and_sources() {
        let a = p(&["-", "--requests", "10", "--rate", "2.5", "--users", "3", "--explain", "--progress"]).unwrap();
        assert!(matches!(a.source, Some(Source::Stdin)));
        assert_eq!((a.requests, a.rate, a.users), (Some(10), Some(2.5), Some(3)));
        assert!(a.explain && a.progress == Progress::Always);
        assert!(p(&["--requests", "many"]).err().unwrap().contains("--requests needs a whole number"));
        assert!(p(&["--users"]).err().unwrap().contains("--users needs"));
        assert!(p(&["a.json", "b.json"]).err().unwrap().contains("only one"));
        assert!(p(&["--preset", "x", "a.json"]).err().unwrap().contains("not both"));
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_is_a_file_name_or_an_error() {
        let bad = OsString::from_vec(vec![b'f', 0xff, b'.', b'j']);
        let a = parse([bad.clone()]).unwrap();
        assert!(matches!(a.source, Some(Source::File(f)) if f == bad));
        let e = parse([OsString::from("--seed"), bad]).err().unwrap();
        assert!(e.contains("not valid UTF-8"), "{e}");
        let e = parse([OsString::from_vec(vec![b'-', 0xff])]).err().unwrap();
        assert!(e.contains("unknown option"), "{e}");
    }
}
