//! Hunspell dictionaries read at run time: extra language evidence where the embedded
//! frequency lists are thin (Nynorsk above all: `wordfreq` has no Nynorsk list).
//!
//! The Norwegian Hunspell dictionaries (Debian `hunspell-no`, LibreOffice) are GPL-2, so
//! they may be loaded from the system but not shipped in the binary; nothing of them is
//! embedded. A dictionary only answers "is this a word" (full forms: stems with their
//! affixes, its compounding switched off); a word it accepts that the frequency lists
//! lack is scored as rarer than any listed word (see `candidates`).

use std::path::{Path, PathBuf};

/// Errors from loading a dictionary.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}", path = path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The files are not a Hunspell dictionary, or use an encoding we do not read.
    #[error("{path}: not a usable Hunspell dictionary: {message}", path = path.display())]
    Invalid {
        /// The `.aff` or `.dic` file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// A Hunspell dictionary (`NAME.aff` + `NAME.dic`).
pub struct Dictionary {
    name: String,
    inner: spellbook::Dictionary,
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary").field("name", &self.name).finish_non_exhaustive()
    }
}

/// Where distributions install Hunspell dictionaries.
const SYSTEM_DIRS: &[&str] =
    &["/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts"];

impl Dictionary {
    /// Loads `path`: the `.dic` or `.aff` file, or their common stem; the other file is
    /// found beside it. UTF-8 and ISO 8859-1 dictionaries are read.
    pub fn load(path: &Path) -> Result<Dictionary, DictionaryError> {
        let aff_path = path.with_extension("aff");
        let dic_path = path.with_extension("dic");
        let aff_bytes = read(&aff_path)?;
        // The SET line is ASCII in every encoding we read, so a lossy look finds it.
        let encoding = String::from_utf8_lossy(&aff_bytes)
            .lines()
            .find_map(|l| l.strip_prefix("SET ").map(|e| e.trim().to_ascii_uppercase()))
            .unwrap_or_else(|| "UTF-8".to_owned());
        // Compounding off: Norwegian dictionaries join almost any two words ("rapporten"
        // + "skal"), which would vouch for exactly the glued words repair must never make.
        // Our own compound analysis, with its frequency-based costs, judges compounds.
        let aff: String = decode(&aff_path, aff_bytes, &encoding)?
            .lines()
            .filter(|l| !l.trim_start().starts_with("COMPOUND"))
            .flat_map(|l| [l, "\n"])
            .collect();
        let dic = decode(&dic_path, read(&dic_path)?, &encoding)?;
        let inner = spellbook::Dictionary::new(&aff, &dic).map_err(|e| {
            DictionaryError::Invalid { path: aff_path.clone(), message: e.to_string() }
        })?;
        let name = path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        Ok(Dictionary { name, inner })
    }

    /// The installed dictionaries for `languages` (e.g. `nn_NO`), in that order: the
    /// `.dic` paths found in the usual system directories.
    pub fn find_system(languages: &[&str]) -> Vec<PathBuf> {
        languages
            .iter()
            .filter_map(|lang| {
                SYSTEM_DIRS
                    .iter()
                    .map(|d| Path::new(d).join(format!("{lang}.dic")))
                    .find(|p| p.is_file() && p.with_extension("aff").is_file())
            })
            .collect()
    }

    /// The dictionary's name (its file stem, e.g. `nn_NO`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the dictionary accepts `word` (its own case rules apply).
    pub fn check(&self, word: &str) -> bool {
        word.len() <= spellbook::MAX_WORD_LEN && self.inner.check(word)
    }
}

fn read(path: &Path) -> Result<Vec<u8>, DictionaryError> {
    std::fs::read(path).map_err(|source| DictionaryError::Io { path: path.to_owned(), source })
}

/// A dictionary file's bytes as text in its declared `encoding`.
fn decode(path: &Path, bytes: Vec<u8>, encoding: &str) -> Result<String, DictionaryError> {
    match encoding {
        "UTF-8" | "UTF8" => String::from_utf8(bytes).map_err(|_| DictionaryError::Invalid {
            path: path.to_owned(),
            message: "declares UTF-8 but is not valid UTF-8".to_owned(),
        }),
        // Latin-1 bytes are the first 256 code points.
        "ISO8859-1" | "ISO-8859-1" => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
        other => Err(DictionaryError::Invalid {
            path: path.to_owned(),
            message: format!("encoding {other} is not supported (UTF-8 and ISO8859-1 are)"),
        }),
    }
}
