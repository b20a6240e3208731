//! The built-in model against the Python `model2vec` package (0.10.0) on
//! the same files: the same token ids, the same vectors to float precision;
//! and the files are the published ones.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use preloop_embedder::StaticModel;
use serde_json::Value;
use sha2::{Digest, Sha256};

fn reference() -> Value {
    serde_json::from_str(include_str!("model2vec_reference.json")).unwrap()
}

#[test]
fn the_model_files_are_the_published_ones() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/potion-base-2M/");
    for (file, sha) in [
        (
            "model.safetensors",
            "f95ffde02ad06f63ae38eb9d400038cd5ccaf8411ec3cb650c6025113f96cbb8",
        ),
        (
            "tokenizer.json",
            "e67e803f624fb4d67dea1c730d06e1067e1b14d830e2c2202569e3ef0f70bb50",
        ),
        (
            "config.json",
            "b2a89173391ca774c2d7323090a993a9a1553faa5b40eb37bb7cec6685fbea47",
        ),
    ] {
        let bytes = std::fs::read(format!("{dir}{file}")).unwrap();
        assert_eq!(hex::encode(Sha256::digest(&bytes)), sha, "{file}");
    }
}

#[test]
fn tokens_and_vectors_match_model2vec() {
    let model = StaticModel::potion_base_2m().unwrap();
    assert_eq!(model.dims(), 64);
    let r = reference();
    for sentence in r["sentences"].as_array().unwrap() {
        let s = sentence.as_str().unwrap();
        let ids: Vec<u64> = model.token_ids(s).iter().map(|i| *i as u64).collect();
        let want: Vec<u64> = r["tokenization"][s]["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert_eq!(ids, want, "{s}");
        let got = model.embed(s);
        let expected: Vec<f64> = r["embeddings"][s]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert_eq!(got.len(), expected.len());
        for (g, e) in got.iter().zip(&expected) {
            assert!((*g as f64 - e).abs() < 1e-5, "{s}: {g} vs {e}");
        }
    }
    for (text, case) in r["extra_cases"].as_object().unwrap() {
        let ids: Vec<u64> = model.token_ids(text).iter().map(|i| *i as u64).collect();
        let want: Vec<u64> = case["ids_after_unk_drop"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert_eq!(ids, want, "{text:?}");
        let got = model.embed(text);
        for (g, e) in got.iter().zip(case["first5"].as_array().unwrap()) {
            assert!((*g as f64 - e.as_f64().unwrap()).abs() < 1e-5, "{text:?}");
        }
    }
    let cos = |a: &str, b: &str| preloop_core::embed::cosine(&model.embed(a), &model.embed(b));
    let s: Vec<&str> = r["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!((cos(s[0], s[1]) as f64 - r["cosine"]["0-1"].as_f64().unwrap()).abs() < 1e-4);
    assert!(cos(s[0], s[1]) > cos(s[0], s[2]));
}

#[test]
fn hostile_texts_are_bounded() {
    let model = StaticModel::potion_base_2m().unwrap();
    let long_word = "a".repeat(10_000);
    assert!(model.token_ids(&long_word).is_empty());
    let many = "word ".repeat(100_000);
    assert_eq!(model.token_ids(&many).len(), 512);
    assert!(model.embed("").iter().all(|x| *x == 0.0));
}
