//! Embeds the portals' operations (`portals/*/*.graphql`) as the trusted documents: the server
//! knows each by the SHA-256 of its text (see `src/http/trusted.rs`).

use std::{env, fs, path::PathBuf};

fn main() {
    let portals = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../portals");
    println!("cargo:rerun-if-changed={}", portals.display());
    let mut files = Vec::new();
    if let Ok(dirs) = fs::read_dir(&portals) {
        for dir in dirs.flatten() {
            let path = dir.path();
            if !path.is_dir() {
                continue;
            }
            println!("cargo:rerun-if-changed={}", path.display());
            for file in fs::read_dir(&path).into_iter().flatten().flatten() {
                let file = file.path();
                if file.extension().and_then(|e| e.to_str()) == Some("graphql") {
                    println!("cargo:rerun-if-changed={}", file.display());
                    files.push(file);
                }
            }
        }
    }
    files.sort();
    let mut out = String::from(
        "/// The portals' operations: (path under `portals/`, text).\n\
         pub(super) const PORTAL_DOCUMENTS: &[(&str, &str)] = &[\n",
    );
    for file in &files {
        let relative = file
            .strip_prefix(&portals)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let absolute = fs::canonicalize(file).unwrap_or_else(|_| file.clone());
        out.push_str(&format!(
            "    ({relative:?}, include_str!({:?})),\n",
            absolute.to_string_lossy()
        ));
    }
    out.push_str("];\n");
    let target = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("portal_documents.rs");
    if let Err(e) = fs::write(&target, out) {
        panic!("could not write {}: {e}", target.display());
    }
}
