//! The results' hash chain: each submitted result row carries SHA-256 over
//! the previous row's hash and its own canonical text, so a row changed after
//! the fact breaks the chain from that row on.

use sha2::{Digest, Sha256};

/// The hash chained to `prev` (empty for the first row).
pub fn link(prev: &str, canonical_row: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(canonical_row.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks a chain given in order as (canonical row, stored hash); returns
/// the indices of rows whose stored hash does not match.
pub fn verify<'a>(rows: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<usize> {
    let mut prev = String::new();
    let mut bad = Vec::new();
    for (i, (row, stored)) in rows.into_iter().enumerate() {
        let expected = link(&prev, row);
        if expected != stored {
            bad.push(i);
        }
        prev = stored.to_string();
    }
    bad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_row_is_detected() {
        let rows = ["a|90|600000", "b|80|500000", "c|70|400000"];
        let mut hashes = Vec::new();
        let mut prev = String::new();
        for r in rows {
            prev = link(&prev, r);
            hashes.push(prev.clone());
        }
        assert!(verify(rows.iter().copied().zip(hashes.iter().map(String::as_str))).is_empty());
        let tampered = ["a|90|600000", "b|99|500000", "c|70|400000"];
        assert_eq!(verify(tampered.iter().copied().zip(hashes.iter().map(String::as_str))), vec![1]);
    }
}
