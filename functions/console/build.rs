//! Embeds the console's built files (`web/console/dist`, committed, and
//! rebuilt and compared by the test command) into this function, as a table
//! of path, media type and bytes: every host serves the same files from
//! the function itself, with nothing to install or mount.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn media_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let dist = manifest.join("../../web/console/dist");
    println!("cargo:rerun-if-changed={}", dist.display());
    let mut found = Vec::new();
    if dist.is_dir() {
        files(&dist, &mut found)?;
    }
    // Source maps and precompressed copies are not served.
    found.retain(|p| !p.to_string_lossy().ends_with(".map"));
    found.sort();
    let mut table = String::from("pub static FILES: &[(&str, &str, &[u8])] = &[\n");
    for path in &found {
        println!("cargo:rerun-if-changed={}", path.display());
        let served = path
            .strip_prefix(&dist)?
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            table,
            "    ({:?}, {:?}, include_bytes!({:?})),",
            format!("/{served}"),
            media_type(path),
            path.canonicalize()?.display().to_string()
        )?;
    }
    table.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("files.rs");
    std::fs::write(out, table)?;
    Ok(())
}
