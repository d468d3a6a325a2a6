//! The pure core: law texts, questions, the bank format and grading.
//!
//! Nothing in here touches the disk, the database, the clock or a global
//! random source; everything it needs is passed in, so every rule is unit-tested
//! in isolation. The store and the service depend on this module, never the
//! other way round.

pub mod auth;
pub mod bank;
pub mod certificate;
pub mod chain;
pub mod contest;
pub mod coverage;
pub mod embedded;
pub mod grading;
pub mod ids;
pub mod import;
pub mod item_analysis;
pub mod law;
pub mod law_pack;
pub mod law_text;
pub mod lottery;
pub mod offline;
pub mod paper;
pub mod practice;
pub mod question;
pub mod review;
pub mod sheet;
pub mod show;
pub mod show_spec;
pub mod shown;
pub mod states;
pub mod study;
pub mod text;
pub mod weakness;
