//! Texts that ship inside the binary (the question bank, the law texts, the
//! law packs): each set is one deflated blob written by the build script,
//! with every file's path and byte range in the inflated text. Inflated on
//! demand and not kept: the content is read at start-up to hash it, and
//! parsed only when it changed (a new version of the app).

use std::io::Read as _;

/// One set of embedded files (see the module comment).
pub struct Embedded {
    deflated: &'static [u8],
    len: usize,
    files: &'static [(&'static str, usize, usize)],
}

impl Embedded {
    pub const fn new(deflated: &'static [u8], len: usize, files: &'static [(&'static str, usize, usize)]) -> Self {
        Embedded { deflated, len, files }
    }

    /// The files, inflated. Built into the binary, so an error here means a
    /// broken build (the detail is for the log).
    pub fn inflate(&self) -> Result<Files, String> {
        let mut text = String::with_capacity(self.len);
        match flate2::read::DeflateDecoder::new(self.deflated).read_to_string(&mut text) {
            Ok(n) if n == self.len => Ok(Files { text, files: self.files }),
            Ok(n) => Err(format!("embedded texts inflated to {n} bytes, not {}", self.len)),
            Err(e) => Err(format!("embedded texts could not be inflated: {e}")),
        }
    }
}

/// An inflated set: (path, contents) per file.
pub struct Files {
    text: String,
    files: &'static [(&'static str, usize, usize)],
}

impl Files {
    /// Every file as (path relative to the repository, contents), by path.
    pub fn list(&self) -> Vec<(&'static str, &str)> {
        self.files.iter().filter_map(|&(path, from, to)| Some((path, self.text.get(from..to)?))).collect()
    }

    /// The contents of the file at `path`.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.iter().find(|(p, _, _)| *p == path).and_then(|&(_, from, to)| self.text.get(from..to))
    }
}

#[cfg(test)]
mod tests {
    /// Protects the embedded sets: each inflates to exactly the files it
    /// lists, every one non-empty valid text, and a path finds its file.
    #[test]
    fn every_embedded_set_inflates_to_its_files() {
        for (set, first) in [
            (&crate::core::bank::EMBEDDED, "questions/bank/"),
            (&crate::core::law::EMBEDDED, "questions/law/"),
            (&crate::core::law_pack::EMBEDDED, "questions/packs/text/"),
        ] {
            let files = set.inflate().expect("inflated");
            let list = files.list();
            assert_eq!(list.len(), set.files.len(), "a file of {first} did not come back");
            assert!(!list.is_empty() && list[0].0.starts_with(first), "{:?}", list.first().map(|f| f.0));
            assert!(list.iter().all(|(_, c)| !c.trim().is_empty()), "an empty file under {first}");
            assert_eq!(files.get(list[0].0), Some(list[0].1));
            assert_eq!(files.get("no/such/file"), None);
        }
    }
}
