//! Loading the shipped law texts and question bank into the database at
//! start-up: idempotent, and repeated only when the embedded content changed
//! (its SHA-256 is kept in `meta`), so a warm start costs inflating the
//! embedded sets once, hashing them and two hash compares.

use crate::core::bank;
use crate::core::embedded::{Embedded, Files};
use crate::core::law::{LawTexts, EMBEDDED_LAW_FILES};
use crate::core::{law, law_pack};
use crate::error::{AppError, Result};
use crate::store::{self, Db};
use sha2::{Digest, Sha256};

const LAW_HASH_KEY: &str = "law_texts_sha256";
const BANK_HASH_KEY: &str = "bank_sha256";

/// What start-up loaded (for the log and the tests).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub law_texts: bool,
    pub bank: bool,
}

fn hash_parts<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The embedded sets, inflated once per start: hashed, and parsed only
/// when they changed.
struct Shipped {
    laws: Files,
    packs: Files,
    bank: Files,
}

impl Shipped {
    fn inflate() -> Result<Shipped> {
        let inflated = |set: &Embedded| set.inflate().map_err(AppError::internal);
        Ok(Shipped {
            laws: inflated(&law::EMBEDDED)?,
            packs: inflated(&law_pack::EMBEDDED)?,
            bank: inflated(&bank::EMBEDDED)?,
        })
    }

    /// The content hash of the law texts: the four law files' contents,
    /// then each pack text's path and contents.
    fn law_hash(&self) -> String {
        hash_parts(
            EMBEDDED_LAW_FILES
                .iter()
                .map(|p| self.laws.get(p).unwrap_or(""))
                .chain(self.packs.list().into_iter().flat_map(|(p, c)| [p, c])),
        )
    }

    /// The content hash of the bank: each file's path and contents.
    fn bank_hash(&self) -> String {
        hash_parts(self.bank.list().into_iter().flat_map(|(p, c)| [p, c]))
    }
}

/// Loads what changed since the last start, in one transaction.
pub fn load_shipped_content(db: &Db, now: &str) -> Result<Loaded> {
    let shipped = Shipped::inflate()?;
    let (law_h, bank_h) = (shipped.law_hash(), shipped.bank_hash());
    db.transact(|tx| {
        let law_changed = store::meta::get(tx, LAW_HASH_KEY)?.as_deref() != Some(law_h.as_str());
        let bank_changed = law_changed || store::meta::get(tx, BANK_HASH_KEY)?.as_deref() != Some(bank_h.as_str());
        if !law_changed && !bank_changed {
            return Ok(Loaded::default());
        }
        let texts = LawTexts::from_embedded(&shipped.laws, &shipped.packs).map_err(AppError::LawTextInvalid)?;
        if law_changed {
            store::law::replace_shipped(tx, &texts)?;
            store::meta::set(tx, LAW_HASH_KEY, &law_h)?;
        }
        let mut questions = bank::parse_bank(&shipped.bank.list(), &texts).map_err(AppError::BankInvalid)?;
        // Sequential practice follows the law: by subject, then cited article
        // (题注 first), then bank order.
        questions.sort_by_key(|q| {
            let b = q.basis.as_ref();
            (q.subject, b.map(|b| b.law), b.map(|b| b.article.number().map_or(-1, i64::from)))
        });
        store::questions::replace_bank(tx, &questions, &texts, now)?;
        // A shipped question citing a law the organizer replaced by a newer
        // edition is checked against that edition, not the shipped text.
        let current = store::law::load_texts(tx)?;
        let set_aside = store::questions::recheck_quotes(tx, &current, None)?;
        store::meta::set(tx, BANK_HASH_KEY, &bank_h)?;
        if set_aside > 0 {
            tracing::warn!(set_aside, "shipped questions set aside: their quotes are not in the imported editions");
        }
        tracing::info!(articles = texts.len(), questions = questions.len(), "shipped content loaded");
        Ok(Loaded { law_texts: law_changed, bank: true })
    })
}
