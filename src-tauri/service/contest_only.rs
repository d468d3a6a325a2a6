//! 竞赛专用题 (C10): questions an organizer reserves for the prize contest.
//! They are never shown in practice, the library's questions of an article
//! or the wrong-answer book until a published contest has used them
//! (publishing releases exactly the ones on its papers); paper rules can
//! draw from them alone. Marked on import, in the bank files
//! (`contest_only = true`) or here, by scope, on the bank screen.

use super::auth::Actor;
use super::Service;
use crate::core::practice::Scope;
use crate::core::question::{QType, Subject};
use crate::error::Result;
use crate::store;
use serde::{Deserialize, Serialize};

/// Mark (or unmark) every question of a scope, optionally of one type.
#[derive(Debug, Clone, Deserialize)]
pub struct ContestOnlyRequest {
    pub scope: Scope,
    #[serde(default)]
    pub qtype: Option<QType>,
    pub on: bool,
}

/// The reserved questions of one subject.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ContestOnlyCount {
    pub subject: Subject,
    /// Questions of the subject (active).
    pub total: i64,
    /// Reserved and not yet released.
    pub reserved: i64,
    /// Reserved earlier and released by a published contest.
    pub released: i64,
}

impl Service {
    /// How many questions of each subject are reserved for contests.
    pub fn contest_only_summary(&self, actor: &Actor) -> Result<Vec<ContestOnlyCount>> {
        actor.organizer()?;
        self.db.read(|c| {
            store::law::titles(c)?
                .into_iter()
                .map(|(l, _)| l)
                .map(|s| {
                    let (total, reserved, released) = store::questions::contest_only_counts(c, s.name())?;
                    Ok(ContestOnlyCount { subject: s, total, reserved, released })
                })
                .collect()
        })
    }

    /// Marks or unmarks the questions of a scope as 竞赛专用; questions a
    /// published contest already released stay released. Audited.
    pub fn set_contest_only(&self, actor: &Actor, req: ContestOnlyRequest) -> Result<Vec<ContestOnlyCount>> {
        actor.organizer()?;
        let now = self.now();
        self.db.transact(|tx| {
            let ids: Vec<_> = store::practice::ids_in_scope_all(tx, &req.scope, req.qtype)?;
            let changed = store::questions::set_contest_only(tx, &ids, req.on)?;
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                if req.on { "设为竞赛专用题" } else { "取消竞赛专用题" },
                &serde_json::json!({"subject": req.scope.subject.name(), "part": req.scope.part,
                    "chapter": req.scope.chapter, "qtype": req.qtype.map(QType::name), "changed": changed}),
            )
        })?;
        self.contest_only_summary(actor)
    }
}
