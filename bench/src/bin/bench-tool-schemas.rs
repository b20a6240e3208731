//! Prints the built-in issue tools exactly as `tools/list` lists them (a
//! JSON array), for `tests/bench/count_tokens.mjs` to count their tokens:
//! `cargo run -p preloop-bench --bin bench-tool-schemas | node tests/bench/count_tokens.mjs`.

fn main() {
    let tools = preloop_core::trackers::tools::definitions();
    match serde_json::to_string(&tools) {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("bench-tool-schemas: {e}");
            std::process::exit(1);
        }
    }
}
