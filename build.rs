//! Rebuild when the embedded files change: the default theme and the
//! `init`/`new` templates are compiled in.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=src/scaffold");
}
