//! Security invariant: no raw-HTML sink anywhere in the app or its scripts. URL values and every other string are
//! only ever rendered as text (Yew escapes text nodes and attribute values).

use std::path::Path;

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            files(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("rs" | "js" | "html")) {
            out.push(p);
        }
    }
}

#[test]
fn no_raw_html_sinks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for dir in ["src", "www", "crates/sim/src"] {
        files(&root.join(dir), &mut all);
    }
    assert!(all.len() > 20, "the scan found too few files");
    // Spelled in pieces so that this file does not match itself.
    let sinks = [
        ["inner", "_html"].concat(),
        ["inner", "HTML"].concat(),
        ["outer", "HTML"].concat(),
        ["from_html", "_unchecked"].concat(),
        ["insert", "AdjacentHTML"].concat(),
        ["insert_adjacent", "_html"].concat(),
        ["document", ".write("].concat(),
        ["ev", "al("].concat(),
    ];
    for f in all {
        let text = std::fs::read_to_string(&f).unwrap();
        for s in &sinks {
            assert!(!text.contains(s.as_str()), "{} uses {s}", f.display());
        }
    }
}

/// One translation mechanism: only `src/i18n.rs` chooses between the languages (`i18n::t` on a (Korean, English)
/// pair); everything else hands it a pair (`T` or `Tx`).
#[test]
fn only_i18n_picks_a_language() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    files(&root.join("src"), &mut all);
    let pickers = [["Lang::Ko", " =>"].concat(), ["Lang::En", " =>"].concat(), [".pi", "ck("].concat()];
    for f in all.iter().filter(|f| !f.ends_with("i18n.rs")) {
        let text = std::fs::read_to_string(f).unwrap();
        for s in &pickers {
            assert!(
                !text.contains(s.as_str()),
                "{} picks a language itself ({s}); use i18n::t or i18n::tr",
                f.display()
            );
        }
    }
}
