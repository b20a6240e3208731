//! BERT's tokenizer as potion-base-2M's `tokenizer.json` configures it:
//! the BERT normaliser (control characters dropped, whitespace made
//! spaces, CJK characters set apart, accents stripped, lower case), the
//! BERT pre-tokeniser (words split at whitespace and at each punctuation
//! character), and WordPiece (greedy longest match, `##` for pieces inside
//! a word, the whole word unknown when any part is).

use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// A word longer than this (in characters) is unknown, as in the tokenizer.
const MAX_WORD_CHARS: usize = 100;

pub struct Vocab {
    ids: HashMap<String, u32>,
    unk: Option<u32>,
}

impl Vocab {
    /// Reads the WordPiece vocabulary of a Hugging Face `tokenizer.json`.
    pub fn from_tokenizer_json(text: &str) -> Result<Vocab, String> {
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("tokenizer.json: {e}"))?;
        let model = v.get("model").ok_or("tokenizer.json has no model")?;
        if model.get("type").and_then(|t| t.as_str()) != Some("WordPiece") {
            return Err("the tokenizer is not WordPiece".into());
        }
        let vocab = model
            .get("vocab")
            .and_then(|v| v.as_object())
            .ok_or("the tokenizer has no vocabulary")?;
        let ids: HashMap<String, u32> = vocab
            .iter()
            .filter_map(|(piece, id)| Some((piece.clone(), u32::try_from(id.as_u64()?).ok()?)))
            .collect();
        let unk = model
            .get("unk_token")
            .and_then(|u| u.as_str())
            .and_then(|u| ids.get(u).copied());
        Ok(Vocab { ids, unk })
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn unk_id(&self) -> Option<u32> {
        self.unk
    }

    /// The ids of `text`'s tokens, unknown words as the unknown token.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let normal = normalise(text);
        let mut out = Vec::new();
        for word in pre_tokenise(&normal) {
            self.word_pieces(word, &mut out);
        }
        out
    }

    fn word_pieces(&self, word: &str, out: &mut Vec<u32>) {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() > MAX_WORD_CHARS {
            out.extend(self.unk);
            return;
        }
        let mut pieces = Vec::new();
        let mut start = 0;
        while start < chars.len() {
            let mut end = chars.len();
            let mut found = None;
            while start < end {
                let from = chars[start].0;
                let to = chars.get(end).map(|c| c.0).unwrap_or(word.len());
                let piece = &word[from..to];
                let id = if start > 0 {
                    self.ids.get(&format!("##{piece}"))
                } else {
                    self.ids.get(piece)
                };
                if let Some(id) = id {
                    found = Some(*id);
                    break;
                }
                end -= 1;
            }
            match found {
                Some(id) => {
                    pieces.push(id);
                    start = end;
                }
                None => {
                    out.extend(self.unk);
                    return;
                }
            }
        }
        out.extend(pieces);
    }
}

/// BERT's normaliser with clean_text, handle_chinese_chars, lowercase (and
/// so accents stripped).
fn normalise(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\0' || c == '\u{fffd}' || is_control(c) {
            continue;
        }
        if is_whitespace(c) {
            cleaned.push(' ');
        } else if is_cjk(c) {
            cleaned.push(' ');
            cleaned.push(c);
            cleaned.push(' ');
        } else {
            cleaned.push(c);
        }
    }
    cleaned
        .nfd()
        .filter(|c| c.general_category() != GeneralCategory::NonspacingMark)
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r') || c.is_whitespace()
}

fn is_control(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r') && c.general_category_group() == GeneralCategoryGroup::Other
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || c.general_category_group() == GeneralCategoryGroup::Punctuation
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

/// Words split at whitespace, each punctuation character a word of its own.
fn pre_tokenise(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for chunk in text.split(is_whitespace).filter(|s| !s.is_empty()) {
        let mut start = 0;
        for (i, c) in chunk.char_indices() {
            if is_punctuation(c) {
                if start < i {
                    out.push(&chunk[start..i]);
                }
                out.push(&chunk[i..i + c.len_utf8()]);
                start = i + c.len_utf8();
            }
        }
        if start < chunk.len() {
            out.push(&chunk[start..]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_and_accents_are_split_and_stripped() {
        assert_eq!(
            pre_tokenise("in: server-error"),
            vec!["in", ":", "server", "-", "error"]
        );
        assert_eq!(normalise("naïve CAFÉ\tx\u{7}"), "naive cafe x");
        assert_eq!(normalise("中文"), " 中  文 ");
    }
}
