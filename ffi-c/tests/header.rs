//! include/medcore.h is generated from this crate by the pinned cbindgen and committed; this test
//! regenerates it and fails when the committed header differs. Run with `MEDCORE_BLESS=1` to
//! write the new header after an intended API change.

use std::path::PathBuf;

#[test]
fn committed_header_matches_the_crate() {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let header_path = crate_dir.join("../include/medcore.h");
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).unwrap();
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen failed")
        .write(&mut generated);
    let generated = String::from_utf8(generated).unwrap();
    if std::env::var_os("MEDCORE_BLESS").is_some() {
        std::fs::write(&header_path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&header_path).unwrap_or_default();
    if committed != generated {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()));
        panic!(
            "include/medcore.h is out of date (first difference at line {}):\n  committed: {:?}\n  generated: {:?}\nRegenerate with: MEDCORE_BLESS=1 cargo test -p medcore-c --test header",
            line + 1,
            committed.lines().nth(line).unwrap_or("<end of file>"),
            generated.lines().nth(line).unwrap_or("<end of file>"),
        );
    }
}
