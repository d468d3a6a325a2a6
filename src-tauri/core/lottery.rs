//! The prize draw (抽奖, C6): reproducible from a phrase announced in the room.
//!
//! Algorithm `lawquiz-draw-v1`, written out so anyone can rerun it:
//! 1. seed = SHA-256 of the phrase's UTF-8 bytes (32 bytes);
//! 2. rng = ChaCha20Rng::from_seed(seed) (rand_chacha; its stream is
//!    documented as stable across versions);
//! 3. the eligible 工号 are sorted (byte order), and the SHA-256 of the list
//!    (each 工号 followed by "\n") is published before the draw;
//! 4. for each prize: n = people left; draw u64 values from the rng until one
//!    is below the largest multiple of n (rejection, so every index is equally
//!    likely); index = value mod n; that person wins and leaves the list
//!    (the others keep their order).
//!
//! It uses only `next_u64`, never a library sampling routine whose internals
//! could change between versions.

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};

pub const ALGORITHM: &str = "lawquiz-draw-v1";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn seed_from_phrase(phrase: &str) -> [u8; 32] {
    Sha256::digest(phrase.as_bytes()).into()
}

/// The eligible list, sorted, and its published hash.
pub fn sorted_list(mut staff_nos: Vec<String>) -> (Vec<String>, String) {
    staff_nos.sort();
    staff_nos.dedup();
    let mut h = Sha256::new();
    for s in &staff_nos {
        h.update(s.as_bytes());
        h.update(b"\n");
    }
    let digest = hex(&h.finalize());
    (staff_nos, digest)
}

fn uniform(rng: &mut ChaCha20Rng, n: u64) -> u64 {
    let zone = u64::MAX - (u64::MAX % n);
    loop {
        let v = rng.next_u64();
        if v < zone {
            return v % n;
        }
    }
}

/// Draws `k` winners (fewer if fewer are eligible) from the sorted list.
pub fn draw(phrase: &str, sorted: &[String], k: usize) -> Vec<String> {
    let mut rng = ChaCha20Rng::from_seed(seed_from_phrase(phrase));
    let mut left: Vec<String> = sorted.to_vec();
    let mut winners = Vec::new();
    while winners.len() < k && !left.is_empty() {
        let i = uniform(&mut rng, left.len() as u64) as usize;
        winners.push(left.remove(i));
    }
    winners
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> Vec<String> {
        (1..=20).map(|i| format!("{:04}", 1000 + i)).collect()
    }

    #[test]
    fn the_same_phrase_and_list_give_the_same_winners() {
        let (sorted, _) = sorted_list(list());
        assert_eq!(draw("宪法日快乐", &sorted, 5), draw("宪法日快乐", &sorted, 5));
        assert_ne!(draw("宪法日快乐", &sorted, 5), draw("宪法日快乐！", &sorted, 5));
    }

    #[test]
    fn winners_are_distinct_and_never_more_than_the_eligible() {
        let (sorted, _) = sorted_list(list());
        let w = draw("x", &sorted, 20);
        let mut d = w.clone();
        d.sort();
        d.dedup();
        assert_eq!(d.len(), 20);
        assert_eq!(draw("x", &sorted[..3], 10).len(), 3);
    }

    #[test]
    fn the_list_is_sorted_before_hashing_so_input_order_does_not_matter() {
        let mut rev = list();
        rev.reverse();
        assert_eq!(sorted_list(list()), sorted_list(rev));
    }
}

#[cfg(test)]
mod vector {
    use super::*;

    /// The published test vector of `lawquiz-draw-v1`: if this changes, old
    /// draws can no longer be verified, so the algorithm name must change too.
    #[test]
    fn the_published_test_vector_holds() {
        let (sorted, hash) = sorted_list((1..=20).map(|i| format!("{}", 1000 + i)).collect());
        assert_eq!(hash, "6a5745779ace5b6253e4f9bfb7887b13bd440b09eb3d3f6bfbc23afa4e630c61");
        assert_eq!(draw("2026年国家宪法日", &sorted, 5), vec!["1019", "1013", "1001", "1008", "1011"]);
    }
}
