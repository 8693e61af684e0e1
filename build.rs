//! Rebuild when the embedded default theme changes (it is compiled in).
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
