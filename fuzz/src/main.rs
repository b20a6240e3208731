//! `preloop-fuzz`: fuzzes Preloop's parsers and evaluators on stable Rust.
//!
//! cargo-fuzz needs a nightly toolchain, which these machines cannot fetch,
//! so this is a small mutation fuzzer of our own: for each target it loads
//! the committed corpus (`fuzz/corpus/<target>/`), then, until its time is
//! up, takes an input, applies a few random mutations (bit flips, byte
//! edits, deletions, duplications, splices with other inputs, tokens from
//! the target's dictionary) and runs the target. A panic, a property the
//! target checks that fails, or a run longer than the hang bound is a
//! crash: the input is written to `fuzz/crashes/` and the run fails. A
//! stack overflow aborts the whole process, which fails the run too. No
//! coverage feedback: the corpus and the dictionaries carry the structure.
//!
//!     cargo run --release -p preloop-fuzz -- [--seconds-per-target N] [--seed S] [TARGET…]

#![forbid(unsafe_code)]

mod targets;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Longer than this for one input is a hang.
const HANG: Duration = Duration::from_secs(2);
/// Longest input the mutator builds.
const MAX_INPUT: usize = 64 * 1024;

/// xorshift64*: reproducible from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, corpus: &[Vec<u8>], dictionary: &[&str]) {
    for _ in 0..1 + rng.below(4) {
        let len = input.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.next() as u8;
            }
            2 => {
                let i = rng.below(len + 1);
                input.insert(i, rng.next() as u8);
            }
            3 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(16)).min(len);
                input.drain(start..end);
            }
            4 if len > 0 => {
                // Repeat a slice: how deep nesting and long runs are made.
                let start = rng.below(len);
                let end = (start + 1 + rng.below(32)).min(len);
                let piece = input[start..end].to_vec();
                let times = 1 + rng.below(64);
                let at = rng.below(len + 1);
                let repeated: Vec<u8> = piece
                    .iter()
                    .copied()
                    .cycle()
                    .take(piece.len() * times)
                    .collect();
                input.splice(at..at, repeated);
            }
            5 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                let at = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                let to = from + rng.below(other.len() - from + 1);
                input.splice(at..at, other[from..to].iter().copied());
            }
            6 | 7 if !dictionary.is_empty() => {
                let word = dictionary[rng.below(dictionary.len())].as_bytes();
                let at = rng.below(len + 1);
                input.splice(at..at, word.iter().copied());
            }
            _ => {}
        }
    }
    input.truncate(MAX_INPUT);
}

fn load_corpus(dir: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    let mut corpus: Vec<Vec<u8>> = files.iter().filter_map(|f| std::fs::read(f).ok()).collect();
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    corpus
}

struct Outcome {
    executions: u64,
    crashes: u64,
}

fn fuzz(target: &targets::Target, root: &Path, seconds: u64, seed: u64) -> Outcome {
    let corpus = load_corpus(&root.join("corpus").join(target.name));
    let mut rng = Rng(seed ^ 0x9E37_79B9_7F4A_7C15 ^ target.name.len() as u64);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut out = Outcome {
        executions: 0,
        crashes: 0,
    };
    // The corpus as it is first, then mutations of it.
    let mut queue: Vec<Vec<u8>> = corpus.clone();
    while Instant::now() < deadline || !queue.is_empty() {
        let input = match queue.pop() {
            Some(seed_input) => seed_input,
            None => {
                let mut input = corpus[rng.below(corpus.len())].clone();
                mutate(&mut rng, &mut input, &corpus, target.dictionary);
                input
            }
        };
        let started = Instant::now();
        let result = std::panic::catch_unwind(|| (target.run)(&input));
        let took = started.elapsed();
        out.executions += 1;
        let failure = match result {
            Ok(Ok(())) if took <= HANG => None,
            Ok(Ok(())) => Some(format!("took {took:?}")),
            Ok(Err(property)) => Some(property),
            Err(_) => Some("panicked".to_string()),
        };
        if let Some(why) = failure {
            out.crashes += 1;
            let dir = root.join("crashes");
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("{}-{}", target.name, out.crashes));
            let _ = std::fs::write(&file, &input);
            eprintln!(
                "CRASH {}: {why} (input saved to {})",
                target.name,
                file.display()
            );
        }
    }
    out
}

fn main() -> std::process::ExitCode {
    let mut seconds = 10u64;
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
        | 1;
    let mut only: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seconds-per-target" => {
                seconds = args.next().and_then(|v| v.parse().ok()).unwrap_or(seconds)
            }
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(seed) | 1,
            name => only.push(name.to_string()),
        }
    }
    // Panics are what is being looked for; report them once, as crashes.
    std::panic::set_hook(Box::new(|_| {}));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    println!("preloop-fuzz: seed {seed}, {seconds} s per target");
    let (mut passed, mut failed) = (0, 0);
    for target in targets::TARGETS
        .iter()
        .filter(|t| only.is_empty() || only.iter().any(|o| o == t.name))
    {
        let out = fuzz(target, &root, seconds, seed);
        println!(
            "{:<18} {:>10} executions, {} crashes",
            target.name, out.executions, out.crashes
        );
        if out.crashes == 0 {
            passed += 1;
        } else {
            failed += 1;
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed == 0 {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}
