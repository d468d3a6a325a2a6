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
//! - `start_cache`: the questions kept in memory for the start and the close
//!   follow every edit (a stem edited between two starts, a key before the close).
//! - `study`: study time with a moving clock, and the organizer's report.
//! - `engine`: the contest engine under faults: a panicking write job, the
//!   largest position, starts racing the close, a clock turned back across
//!   a restart, a damaged attempt, answers arriving out of order.
//! - `contests`: timed contests with a moving clock: deadlines, restarts,
//!   ranking, tiers, review, the draw and the hash chain.
//! - `fair`: the fair contest (C10): no key during an attempt by any route,
//!   竞赛专用 questions, option ids as display positions, sessions that
//!   follow the account, log-in that cannot be jammed.
//! - `certificates`: 证书编号 per prize winner (results, workbook, CSV), the
//!   Chinese-numeral date, the wording template and the 套打 offsets.
//! - `e2e_certificates`: a certificate printed to PDF by Chromium from the
//!   LAN host and read back (date, unit, number); 套打 and its test print.
//! - `hall`: the hall screen's data: unit, 已交卷 of the active staff, the
//!   reveal step per contest state.
//! - `prizes`: one valid draw per contest (void with a reason, all on record)
//!   and prize tiers with a floor.
//! - `export`: exported workbooks and CSV read back cell by cell.
//! - `import`: question import from .xlsx, GB18030 CSV and JSON, all-or-nothing.
//! - `law_text`: the law-text parser on every shipped pack, the merged
//!   amendments, a .docx and a GB18030 .txt, broken texts, edition diffs.
//! - `cli`: the command line as a process (import, export, backup).
//! - `host`: the LAN host over real HTTP on 127.0.0.1 (auth, isolation,
//!   limits, late answers, resends, restart).
//! - `host_fair`: the fair contest over real HTTP from several loopback
//!   addresses (keys during an attempt, code bursts, PIN claims, dead tokens).
//! - `host_hostile`: the LAN host under hostile clients: uploads refused
//!   before their body, upload and connection caps, the `Host` check,
//!   identifier caps, failed log-ins on the panel, the `?back=` rule.
//! - `host_study`: 今日复习 and offline 学时 over HTTP: staff see their own,
//!   organizers record, no review during a contest attempt.
//! - `upgrade`: checked-in databases of every schema version open with every
//!   row kept and a backup first.
//! - `recovery`: a damaged database at start-up: clear message, backups
//!   offered, bytes kept, restore in place.
//! - `commands`: the Tauri commands through the IPC layer (mock runtime).
//! - `commands_study`: 今日复习 and offline 学时 through the IPC layer.
//! - `e2e`: the real window under Xvfb, driven by tauri-driver.
//! - `e2e_shell`: every staff screen at 1024x768 with 特大 (the window) and
//!   as a 390x844 phone (Chromium at the host), the exam-mode header and
//!   the timer's colours near the end.
//! - `e2e_hall`: the hall screen (会场大屏) in its own full-screen window at
//!   1920x1080, the reveal driven by keys, one prize tier per screen.
//! - `e2e_first_run`: a new install, the roster and question imports, and a
//!   first PIN chosen after a one-time code.
//! - `e2e_client`: the real window as LAN host (设置 → 作为主机) and as a
//!   client (连接主机 and back).
//! - `e2e_staff_lan`: the real window on contest day (首页's card, the
//!   result, practice feedback at 1024x768) and the host found on the LAN
//!   (the panel, the 会场连接说明, 连接主机's list).
//! - `e2e_study`: the real window: a 今日复习 session from 首页, and a
//!   集体学法 recorded from a sign-in sheet raising 首页's 学时 by source.
//! - `e2e_laws`: the real window at 1024x768: a law imported from a .md
//!   file (preview, Enter), 学习范围, then staff practise it, read and
//!   search it in the 法条库; the built-in 数据安全法 and 2018 amendment;
//!   a new edition's changes and the question it sets aside.
//! - `my_results`: 我的成绩 (own attempts, no keys, rank once published)
//!   and when the result screen says answers and ranks appear.
//! - `show`: the live show (现场竞答) at the service layer: phases, fouls,
//!   risk values, the speed deadline, undo and corrections, the audience,
//!   no key before the reveal, a restart resuming the show, the workbook.
//! - `host_show`: the live show over real HTTP with simulated buzzers:
//!   simultaneous buzzes by arrival, a foul, a reconnecting team device, a
//!   host restart mid-round, no key on any stream before the reveal.
//! - `review`: 今日复习 (FSRS): the due list against the rs-fsrs crate's own
//!   scheduler, ratings from right/wrong and time, an edited question anew.
//! - `offline`: 学时 from offline study: sign-in sheets, the ledger after
//!   edits, the report's in-app / offline split, the 学时证明, the export.
//! - `discovery`: `lawquiz serve` announces itself (mDNS / DNS-SD) and a
//!   browse from the test process finds it with its name and port.

mod util;
mod webdriver;

mod backup;
mod bank;
mod browser;
mod certificates;
mod cli;
mod command_table;
mod commands;
mod commands_study;
mod contests;
mod discovery;
mod e2e;
mod e2e_certificates;
mod e2e_client;
mod e2e_first_run;
mod e2e_hall;
mod e2e_insight;
mod e2e_laws;
mod e2e_shell;
mod e2e_show;
mod e2e_staff_lan;
mod e2e_study;
mod engine;
mod error_messages;
mod export;
mod fair;
mod hall;
mod host;
mod host_fair;
mod host_hostile;
mod host_laws;
mod host_show;
mod host_study;
mod import;
mod insight;
mod law_text;
mod laws;
mod my_results;
mod offline;
mod people;
mod practice;
mod prizes;
mod recovery;
mod review;
mod show;
mod start;
mod start_cache;
mod store;
mod study;
mod upgrade;
