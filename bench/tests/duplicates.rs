//! Duplicate detection on the labelled set stays at least as good as the
//! README says at the default threshold.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use preloop_bench::duplicates::{labelled, score};
use preloop_core::trackers::duplicates::DEFAULT_THRESHOLD;

#[test]
fn the_default_threshold_finds_most_duplicates_on_the_labelled_set() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/duplicates");
    let pairs = labelled(dir).unwrap();
    assert!(pairs.len() >= 70);
    let s = score(&pairs, DEFAULT_THRESHOLD);
    assert!(s.recall >= 0.8, "{s:?}");
    assert!(s.precision >= 0.55, "{s:?}");
    // Duplicates are, on the whole, closer than the hard negatives.
    let mean = |dup: bool| {
        let v: Vec<f32> = pairs
            .iter()
            .filter(|p| p.duplicate == dup)
            .map(|p| p.similarity)
            .collect();
        v.iter().sum::<f32>() / v.len() as f32
    };
    assert!(mean(true) > mean(false));
}
