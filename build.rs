//! Embeds every `templates/lang/<code>.json` as a table of (code, labels), so
//! that adding a language is adding its file (and its line in `Language`).

use std::path::Path;

fn main() {
    let folder = Path::new("templates/lang");
    println!("cargo::rerun-if-changed=templates/lang");
    let mut codes: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.strip_suffix(".json").map(str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default();
    codes.sort();
    let mut table = String::from("/// Every label file in templates/lang, by language code.\n");
    table.push_str("pub const LABEL_FILES: &[(&str, &str)] = &[\n");
    for code in &codes {
        table.push_str(&format!(
            "    ({code:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/templates/lang/{code}.json\"))),\n"
        ));
    }
    table.push_str("];\n");
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    if let Err(error) = std::fs::write(Path::new(&out).join("languages.rs"), table) {
        println!("cargo::warning=could not write the language table: {error}");
    }
}
