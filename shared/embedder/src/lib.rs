//! Preloop's built-in embedding model: potion-base-2M, a static model2vec
//! embedding (`models/potion-base-2M`, compiled in). A text is split into
//! WordPiece tokens as its BERT tokenizer does ([`wordpiece`]), each token
//! is a row of the table, and the text is the mean of its rows, scaled to
//! length 1. No network, no runtime: it runs natively and in a Spin
//! component alike, in microseconds per issue.
//!
//! It matches the Python `model2vec` package on the same files (the tests
//! hold it to vectors that package computed).

pub mod wordpiece;

use async_trait::async_trait;
use preloop_core::embed::{Embedder, MAX_TEXT_CHARS, normalised};
use preloop_core::{Env, Error, Result};
use std::sync::OnceLock;
use wordpiece::Vocab;

/// The name stored beside each vector this model makes.
pub const MODEL: &str = "potion-base-2M";

const SAFETENSORS: &[u8] = include_bytes!("../../../models/potion-base-2M/model.safetensors");
const TOKENIZER: &str = include_str!("../../../models/potion-base-2M/tokenizer.json");
/// model2vec's default cut: at most this many tokens per text.
const MAX_TOKENS: usize = 512;

/// The loaded model: the tokenizer's vocabulary and where the table's
/// rows are in the compiled-in bytes.
pub struct StaticModel {
    vocab: Vocab,
    /// The table's bytes (little-endian f32, row after row).
    table: &'static [u8],
    rows: usize,
    dims: usize,
}

impl StaticModel {
    /// The compiled-in potion-base-2M, read once per process.
    pub fn potion_base_2m() -> Result<&'static StaticModel> {
        static MODEL: OnceLock<std::result::Result<StaticModel, String>> = OnceLock::new();
        MODEL
            .get_or_init(|| StaticModel::load(SAFETENSORS, TOKENIZER))
            .as_ref()
            .map_err(|e| Error::internal(format!("the built-in embedding model: {e}")))
    }

    fn load(
        safetensors: &'static [u8],
        tokenizer: &str,
    ) -> std::result::Result<StaticModel, String> {
        let (table, rows, dims) = table_of(safetensors)?;
        let vocab = Vocab::from_tokenizer_json(tokenizer)?;
        if vocab.len() != rows {
            return Err(format!(
                "the vocabulary has {} tokens, the table {rows} rows",
                vocab.len()
            ));
        }
        Ok(StaticModel {
            vocab,
            table,
            rows,
            dims,
        })
    }

    pub fn dims(&self) -> usize {
        self.dims
    }

    /// The token ids of `text`, unknown pieces dropped, at most 512.
    pub fn token_ids(&self, text: &str) -> Vec<u32> {
        let text = preloop_core::trackers::clip(text, MAX_TEXT_CHARS);
        let mut ids = self.vocab.encode(&text);
        ids.retain(|id| Some(*id) != self.vocab.unk_id());
        ids.truncate(MAX_TOKENS);
        ids
    }

    /// The text's vector: the mean of its tokens' rows, length 1 (all
    /// zeros for a text with no known token).
    pub fn embed(&self, text: &str) -> Vec<f32> {
        let ids = self.token_ids(text);
        let mut sum = vec![0f32; self.dims];
        let mut n = 0usize;
        for id in ids {
            let row = id as usize;
            if row >= self.rows {
                continue;
            }
            let start = row * self.dims * 4;
            for (d, slot) in sum.iter_mut().enumerate() {
                let at = start + d * 4;
                if let Some(bytes) = self.table.get(at..at + 4) {
                    *slot += f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
                }
            }
            n += 1;
        }
        if n == 0 {
            return sum;
        }
        for x in &mut sum {
            *x /= n as f32;
        }
        normalised(sum)
    }
}

/// The one tensor of a safetensors file: its bytes, rows and columns. The
/// format is an 8-byte little-endian header length, a JSON header, then
/// the data.
fn table_of(bytes: &'static [u8]) -> std::result::Result<(&'static [u8], usize, usize), String> {
    let len_bytes: [u8; 8] = bytes
        .get(..8)
        .and_then(|b| b.try_into().ok())
        .ok_or("too short")?;
    let header_len = u64::from_le_bytes(len_bytes) as usize;
    let header = bytes
        .get(8..8 + header_len)
        .ok_or("the header runs past the file")?;
    let header: serde_json::Value =
        serde_json::from_slice(header).map_err(|e| format!("header: {e}"))?;
    let tensor = header
        .get("embeddings")
        .ok_or("no tensor named embeddings")?;
    if tensor.get("dtype").and_then(|d| d.as_str()) != Some("F32") {
        return Err("the table is not F32".into());
    }
    let numbers = |field: &str| -> Vec<usize> {
        tensor
            .get(field)
            .and_then(|s| s.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_u64())
                    .map(|x| x as usize)
                    .collect()
            })
            .unwrap_or_default()
    };
    let [rows, dims] = numbers("shape")[..] else {
        return Err("the table is not two-dimensional".into());
    };
    let [begin, end] = numbers("data_offsets")[..] else {
        return Err("the table has no offsets".into());
    };
    let data = 8 + header_len;
    let table = bytes
        .get(data + begin..data + end)
        .ok_or("the table runs past the file")?;
    if table.len() != rows * dims * 4 {
        return Err("the table's size does not match its shape".into());
    }
    Ok((table, rows, dims))
}

/// The built-in model as the `Embedder` port.
pub struct Potion;

#[async_trait(?Send)]
impl Embedder for Potion {
    fn model(&self) -> &str {
        MODEL
    }

    async fn embed(&self, _env: &Env, texts: &[String]) -> Result<Vec<Vec<f32>>> {
        let model = StaticModel::potion_base_2m()?;
        Ok(texts.iter().map(|t| model.embed(t)).collect())
    }
}
