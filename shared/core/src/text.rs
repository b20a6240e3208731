//! Checks on text people and agents give us that ends up in names, headers
//! and logs: no control characters (a NUL or a newline in a name, a CRLF in
//! a header value) and no bidirectional overrides (text that displays in an
//! order other than the one it is stored in, which can make one name look
//! like another).

use crate::error::{Error, Result};

/// Characters that reorder how text is displayed: embeddings, overrides and
/// isolates (U+202A–U+202E, U+2066–U+2069), and the marks (U+200E, U+200F,
/// U+061C).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `s` as HTML text or attribute content: every character that means
/// something there escaped.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A name: 1–`max` characters, not blank, no control or bidi characters.
pub fn check_name(field: &str, name: &str, max: usize) -> Result<()> {
    if name.trim().is_empty() || name.chars().count() > max {
        return Err(Error::bad_request(format!(
            "{field} must be 1-{max} characters"
        )));
    }
    if let Some(c) = name.chars().find(|c| c.is_control() || is_bidi_control(*c)) {
        return Err(Error::bad_request(format!(
            "{field} may not contain control or bidirectional-override characters (found U+{:04X})",
            c as u32
        )));
    }
    Ok(())
}

/// A header value as it will be sent: visible ASCII, spaces and tabs only
/// (RFC 9110 field-value without obsolete text), at most 8 KiB. Checked
/// when the value is set, so it cannot fail later on every use (or split a
/// request with CRLF).
pub fn check_header_value(field: &str, value: &str) -> Result<()> {
    if value.len() > 8192 {
        return Err(Error::bad_request(format!(
            "{field} is longer than 8192 bytes"
        )));
    }
    if value.trim().is_empty() {
        return Err(Error::bad_request(format!("{field} is empty")));
    }
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_graphic() || *c == ' ' || *c == '\t'))
    {
        return Err(Error::bad_request(format!(
            "{field} may hold only visible ASCII, spaces and tabs (found U+{:04X})",
            c as u32
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(check_name("name", "deploy-bot", 128).is_ok());
        assert!(check_name("name", "équipe ops", 128).is_ok());
        assert!(check_name("name", &"é".repeat(128), 128).is_ok());
        assert!(check_name("name", &"é".repeat(129), 128).is_err());
        for bad in [
            "",
            "  ",
            "a\0b",
            "a\nb",
            "a\u{7f}",
            "admin\u{202E}txt.exe",
            "x\u{2066}y",
            "\u{200F}z",
        ] {
            assert!(check_name("name", bad, 128).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn header_values() {
        assert!(check_header_value("auth_header", "Bearer abc.DEF-123_~+/=").is_ok());
        for bad in [
            "Bearer x\r\nX-Evil: 1",
            "a\nb",
            "tok\0",
            "é",
            "",
            &"a".repeat(8193),
        ] {
            assert!(check_header_value("auth_header", bad).is_err(), "{bad:?}");
        }
    }
}
