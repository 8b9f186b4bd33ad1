//! Rebuilds the server when a story is added to or removed from
//! `content/stories`: `include_dir!` tracks the files it embedded, not the
//! folder, so a new story file would otherwise be missing from the binary
//! until some other change forced a rebuild.

fn main() {
    println!("cargo::rerun-if-changed=content/stories");
}
