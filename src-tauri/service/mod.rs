//! The service layer: each use case written once, in one transaction, called
//! by the Tauri commands and the LAN host with the same request and
//! response types (see [`api`]).

pub mod about;
pub mod api;
mod api_people;
pub mod auth;
pub mod backup;
mod bank_cache;
pub mod bootstrap;
pub mod certificates;
pub mod clock;
pub mod contest_admin;
pub mod contest_api;
pub mod contest_draw;
pub mod contest_only;
pub mod contest_results;
pub mod contest_take;
pub mod export;
pub mod export_bank;
pub mod export_insight;
pub mod export_log;
pub mod fairness;
mod finalise;
pub mod hall;
pub mod host_settings;
pub mod import;
pub mod insight;
pub mod laws;
pub mod library;
pub mod login_watch;
mod metas;
pub mod offline;
pub mod people;
pub mod practice;
pub mod recovery;
pub mod review;
pub mod roster;
pub mod settings;
pub mod show;
pub mod show_admin;
pub mod show_api;
pub mod show_export;
pub mod show_live;
pub mod show_view;
pub mod study;

use crate::error::Result;
use crate::store::{self, Db};
use clock::{Clock, SystemClock};
use std::path::Path;
use std::sync::Arc;

/// Everything a use case needs: the database, the clock and the sessions.
pub struct Service {
    db: Db,
    clock: Arc<dyn Clock>,
    auth: auth::Auth,
    /// The contest clock: never runs behind the wall clock at start-up plus
    /// the monotonic time since, nor behind its high-water mark in the
    /// database (see `contest_take`).
    contest_clock: contest_take::ContestClock,
    /// Attempts the finaliser failed on (logged once, skipped until restart).
    unfinalisable: contest_take::Unfinalisable,
    /// The questions' metadata for paper draws, while the bank is unchanged.
    metas: metas::MetaCache,
    /// The active questions (attempt views, grading), while the bank is unchanged.
    bank: bank_cache::BankCache,
    /// The live show's bus and the devices seen (see `show`).
    show_hub: show::ShowHub,
}

impl Service {
    /// Opens the database at `path`, migrates it and loads the shipped law
    /// texts and bank when they changed.
    pub fn open(path: &Path) -> Result<Service> {
        // Damage found while loading (not only while opening) is named as such.
        Self::with_db(store::open(path)?, Arc::new(SystemClock)).map_err(|e| store::damaged(path, e))
    }

    /// A service over an already opened database and a given clock (tests).
    pub fn with_db(db: Db, clock: Arc<dyn Clock>) -> Result<Service> {
        let contest_clock = contest_take::ContestClock::new(clock.clone());
        let svc = Service {
            db,
            clock,
            auth: auth::Auth::default(),
            contest_clock,
            unfinalisable: Default::default(),
            metas: Default::default(),
            bank: Default::default(),
            show_hub: Default::default(),
        };
        bootstrap::load_shipped_content(&svc.db, &svc.now())?;
        // Every law's name known to this process, so requests and stored
        // rules naming a law resolve (requests never add names).
        let laws = svc.db.read(store::law::titles)?;
        tracing::debug!(laws = laws.len(), "laws known");
        // The contest clock never runs behind the last time it recorded,
        // even when the PC's clock was turned back while the app was closed.
        svc.load_clock_high_water()?;
        // Attempts whose deadline passed while the app was closed. A bad
        // attempt is logged and skipped inside; a failure here is logged
        // too — it must not keep the app from opening.
        match svc.finalise_expired() {
            Ok(0) => {}
            Ok(n) => tracing::info!(attempts = n, "finalised attempts that expired while the app was closed"),
            Err(e) => tracing::error!("finalising expired attempts at start-up failed: {e}"),
        }
        Ok(svc)
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The current time as stored (RFC 3339, UTC).
    fn now(&self) -> String {
        clock::format(self.clock.now())
    }
}
