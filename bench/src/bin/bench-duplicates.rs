//! Prints duplicate detection's precision and recall on the labelled set
//! at a range of thresholds (the README's table):
//! `cargo run -p preloop-bench --bin bench-duplicates`.

use preloop_bench::duplicates::{labelled, score};
use preloop_core::trackers::duplicates::DEFAULT_THRESHOLD;

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/duplicates");
    let pairs = match labelled(dir) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("bench-duplicates: {e}");
            std::process::exit(1);
        }
    };
    let duplicates = pairs.iter().filter(|p| p.duplicate).count();
    println!(
        "{} labelled pairs ({} duplicates, {} hard negatives), potion-base-2M, cosine similarity",
        pairs.len(),
        duplicates,
        pairs.len() - duplicates
    );
    println!("| threshold | precision | recall | F1 |");
    println!("|---|---|---|---|");
    for t in [0.60f32, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90] {
        let s = score(&pairs, t);
        let mark = if (t - DEFAULT_THRESHOLD).abs() < 1e-6 {
            " (default)"
        } else {
            ""
        };
        println!(
            "| {:.2}{mark} | {:.2} | {:.2} | {:.2} |",
            s.threshold, s.precision, s.recall, s.f1
        );
    }
}
