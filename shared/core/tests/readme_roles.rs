//! The README prints the role table; it must be the one the code enforces
//! (`preloop roles` prints it).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

#[test]
fn the_readme_prints_the_role_table_the_code_has() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md");
    let start = "<!-- roles:start (preloop roles) -->\n";
    let end = "<!-- roles:end -->";
    let from = readme.find(start).expect("the README's roles:start marker") + start.len();
    let to = readme[from..]
        .find(end)
        .expect("the README's roles:end marker")
        + from;
    assert_eq!(
        &readme[from..to],
        preloop_core::access::markdown_table(),
        "README.md's role table differs from the code's: paste the output of `preloop roles`"
    );
}
