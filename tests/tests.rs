//! LawQuiz's integration tests, in one binary (one link of the Tauri stack).
//!
//! Index:
//! - `backup`: backups on demand and daily, restore with integrity check.
//! - `bank`: the shipped question bank is valid, verbatim and covers both laws.
//! - `browser`: Chromium takes a contest from the LAN host, through a reconnect.
//! - `store`: the database file: set-up, migrations from every version,
//!   refusal of newer files, idempotent loading of the shipped content.
//! - `practice`: the practice use cases on a real database file, including
//!   "no answer key before answering".
//! - `people`: log-in, PIN policies, codes, lockout, staff vs organizer.
//! - `study`: study time with a moving clock, and the organizer's report.
//! - `contests`: timed contests with a moving clock: deadlines, restarts,
//!   ranking, tiers, review, the draw and the hash chain.
//! - `fair`: the fair contest (C10): no key during an attempt by any route,
//!   竞赛专用 questions, option ids as display positions, sessions that
//!   follow the account, log-in that cannot be jammed.
//! - `export`: exported workbooks and CSV read back cell by cell.
//! - `import`: question import from .xlsx, GB18030 CSV and JSON, all-or-nothing.
//! - `cli`: the command line as a process (import, export, backup).
//! - `host`: the LAN host over real HTTP on 127.0.0.1 (auth, isolation,
//!   limits, late answers, resends, restart).
//! - `host_fair`: the fair contest over real HTTP from several loopback
//!   addresses (keys during an attempt, code bursts, PIN claims, dead tokens).
//! - `upgrade`: checked-in databases of every schema version open with every
//!   row kept and a backup first.
//! - `recovery`: a damaged database at start-up: clear message, backups
//!   offered, bytes kept, restore in place.
//! - `commands`: the Tauri commands through the IPC layer (mock runtime).
//! - `e2e`: the real window under Xvfb, driven by tauri-driver.
//! - `e2e_client`: the real window as LAN host (设置 → 作为主机) and as a
//!   client (连接主机 and back).

mod util;
mod webdriver;

mod backup;
mod bank;
mod browser;
mod cli;
mod commands;
mod contests;
mod e2e;
mod e2e_client;
mod export;
mod fair;
mod host;
mod host_fair;
mod import;
mod people;
mod practice;
mod recovery;
mod store;
mod study;
mod upgrade;
