//! The reader's own view in a URL (`?code=`): the code deflated (`miniz_oxide`), then base64url without padding.
//! Packing and unpacking happen in the editor island (`crates/editor`); the page only checks that a `code=` value
//! is well formed and carries it, so neither codec is in the page's download.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// Longest `code=` value a link carries (a view is a few hundred characters packed; a URL stays well under the
/// 8 KB that servers and browsers accept everywhere).
pub const MAX_CHARS: usize = 6_000;
/// Largest code a link unpacks to (the code reader's own limit).
pub const MAX_CODE_BYTES: usize = 64 * 1024;

/// `code` as a `code=` value, or `None` when it does not fit `MAX_CHARS`.
pub fn pack(code: &str) -> Option<String> {
    let packed = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(code.as_bytes(), 9));
    (packed.len() <= MAX_CHARS).then_some(packed)
}

/// A `code=` value as code: `None` for anything `pack` did not make (bad characters, not deflate, not UTF-8, or
/// more than `MAX_CODE_BYTES` once inflated — a "zip bomb" stops at the limit).
pub fn unpack(value: &str) -> Option<String> {
    if !well_formed(value) {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(value).ok()?;
    let code = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_CODE_BYTES).ok()?;
    String::from_utf8(code).ok()
}

/// Whether a `code=` value can be one `pack` made (length and alphabet; the page checks no more).
pub fn well_formed(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= MAX_CHARS
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_survives_a_link_and_bad_values_do_not_unpack() {
        let code = "import time\n\nasync def v(request):\n    time.sleep(0.1)  # 루프를 막습니다\n";
        let packed = pack(code).unwrap();
        assert!(well_formed(&packed) && packed.len() < code.len() * 2);
        assert_eq!(unpack(&packed).as_deref(), Some(code));
        for bad in ["", "a b", "%%%", "AAAA", &"A".repeat(MAX_CHARS + 1)] {
            assert_eq!(unpack(bad), None, "{bad}");
        }
        // A small value that inflates past the limit is refused, not expanded.
        let bomb = pack(&"x".repeat(MAX_CODE_BYTES + 1)).unwrap();
        assert!(bomb.len() < 200);
        assert_eq!(unpack(&bomb), None);
        // Code too long to share does not make a link.
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let noise: String = (0..20_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from(b'a' + (x % 26) as u8)
            })
            .collect();
        assert_eq!(pack(&noise), None);
    }
}
