//! Start-up recovery (C9): a damaged or truncated database is named in a
//! clear Chinese message, its backups are offered, its bytes are never
//! changed; restoring a backup keeps the damaged file aside and leaves the
//! app ready, without a restart.

use crate::util::Fixture;
use lawquiz::service::recovery;
use lawquiz::store::migrations;
use lawquiz::AppState;
use std::path::{Path, PathBuf};

/// A real database with two employees, a manual backup of it (one
/// employee), and the file's bytes with the WAL folded in.
fn installation() -> (tempfile::TempDir, PathBuf, String, Vec<u8>) {
    let f = Fixture::new();
    let org = f.organizer();
    f.staff(&org, "1001", "李明", "办公室");
    let backup = f.svc.backup_now(&org).expect("backup");
    f.staff(&org, "1002", "王芳", "办公室");
    let path = f.db.path.clone();
    let Fixture { db, svc, .. } = f;
    drop(svc); // the last connection closes: SQLite checkpoints the WAL into the file
    let bytes = std::fs::read(&path).expect("read db");
    (db.dir, path, backup.name, bytes)
}

fn assert_damaged_and_offered(state: &AppState, path: &Path) {
    let status = state.status();
    assert!(!status.ok);
    assert_eq!(status.code.as_deref(), Some("db_damaged"), "{status:?}");
    let msg = status.message.unwrap_or_default();
    assert!(msg.contains(&path.display().to_string()), "the message names the file: {msg}");
    assert!(msg.contains("损坏") && msg.contains("备份"), "says it is damaged and what to do, in Chinese: {msg}");
    assert!(
        status.backups.iter().any(|b| b.kind == "manual"),
        "the backup is offered: {:?}",
        status.backups.iter().map(|b| &b.name).collect::<Vec<_>>()
    );
    assert!(state.service().is_err(), "no service on a damaged file");
}

/// Protects C9 "never corrupts, never overwrites": a file cut short (the
/// first 1000 bytes of a real database, as a full disk or a bad copy
/// leaves it) is reported as damaged, backups are offered, and opening it
/// did not change a byte.
#[test]
fn a_truncated_database_is_named_backups_are_offered_and_its_bytes_are_kept() {
    let (_dir, path, _, bytes) = installation();
    let cut = bytes[..1000].to_vec();
    std::fs::write(&path, &cut).expect("truncate");
    let state = AppState::open(Ok(path.clone()));
    assert_damaged_and_offered(&state, &path);
    assert_eq!(std::fs::read(&path).expect("read"), cut, "the truncated file is byte for byte unchanged");
}

/// Same for a file that is not a database at all.
#[test]
fn a_garbage_file_is_named_backups_are_offered_and_its_bytes_are_kept() {
    let (_dir, path, _, _) = installation();
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(&path, &garbage).expect("garbage");
    let state = AppState::open(Ok(path.clone()));
    assert_damaged_and_offered(&state, &path);
    assert_eq!(std::fs::read(&path).expect("read"), garbage, "the damaged file is byte for byte unchanged");
}

/// Protects "用最近的备份恢复": the damaged file is renamed aside (bytes
/// intact), the backup's data is what opens, the state becomes ready in
/// place, and a second recovery is refused because nothing is broken.
#[test]
fn restoring_a_backup_keeps_the_damaged_file_aside_and_the_app_becomes_ready() {
    let (_dir, path, backup, bytes) = installation();
    let cut = bytes[..1000].to_vec();
    std::fs::write(&path, &cut).expect("truncate");
    let state = AppState::open(Ok(path.clone()));
    let done = state.recover(&backup).expect("recovered");
    assert_eq!(done.restored, backup);
    let aside = PathBuf::from(&done.kept_aside);
    assert!(
        aside.file_name().is_some_and(|n| n.to_string_lossy().starts_with("lawquiz.sqlite3.corrupt-")),
        "{aside:?}"
    );
    assert_eq!(std::fs::read(&aside).expect("kept"), cut, "the damaged file is kept as it was");
    let svc = state.service().expect("ready after the restore, without a restart");
    let people = svc.db().read(lawquiz::store::people::list_employees).expect("people");
    assert_eq!(people.iter().map(|p| p.staff_no.as_str()).collect::<Vec<_>>(), vec!["1001"], "the backup's data");
    assert!(state.status().ok);
    let again = state.recover(&backup).expect_err("nothing to recover");
    assert_eq!(again.code, "invalid_input");
}

/// A name already taken by an earlier recovery is never overwritten: the
/// new file gets a number.
#[test]
fn a_file_kept_aside_earlier_is_never_overwritten() {
    let (_dir, path, backup, _) = installation();
    std::fs::write(&path, b"damaged, second time").expect("damage");
    let earlier = PathBuf::from(format!("{}.corrupt-20261204-010000", path.display()));
    std::fs::write(&earlier, b"damaged, first time").expect("earlier");
    let done = recovery::restore_in_place(&path, &backup, "20261204-010000").expect("restored");
    assert!(done.kept_aside.ends_with(".corrupt-20261204-010000-2"), "{}", done.kept_aside);
    assert_eq!(std::fs::read(&earlier).expect("read"), b"damaged, first time", "the earlier file is untouched");
    assert_eq!(std::fs::read(&done.kept_aside).expect("read"), b"damaged, second time");
}

/// A backup that is itself damaged is refused before anything moves.
#[test]
fn a_damaged_backup_is_refused_and_nothing_is_moved() {
    let (_dir, path, backup, _) = installation();
    std::fs::write(&path, b"damaged database").expect("damage");
    let backup_path = lawquiz::service::backup::backup_dir_for(&path).join(&backup);
    std::fs::write(&backup_path, b"damaged backup too").expect("damage backup");
    let state = AppState::open(Ok(path.clone()));
    let err = state.recover(&backup).expect_err("refused");
    assert!(err.message.contains("备份文件"), "{err:?}");
    assert_eq!(std::fs::read(&path).expect("read"), b"damaged database", "the database was not moved");
    assert!(state.service().is_err());
}

/// A database from a newer app is not "repaired" with an older backup:
/// none is offered and recovery is refused (upgrading is the fix).
#[test]
fn a_database_from_a_newer_app_is_not_replaced_by_a_backup() {
    let (_dir, path, backup, _) = installation();
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.pragma_update(None, "user_version", migrations::latest() + 1).expect("newer");
    }
    let state = AppState::open(Ok(path.clone()));
    let status = state.status();
    assert_eq!(status.code.as_deref(), Some("db_too_new"));
    assert!(status.backups.is_empty(), "no backup offered for a newer file");
    let err = state.recover(&backup).expect_err("refused");
    assert!(err.message.contains("升级"), "{err:?}");
}

/// If the backup cannot be copied into place, the damaged file goes back
/// where it was: the database path is never left empty (the next start
/// would make a new, empty database over the people's data).
#[test]
fn a_failed_copy_puts_the_damaged_file_back() {
    let (_dir, path, backup, _) = installation();
    std::fs::write(&path, b"damaged database").expect("damage");
    // A folder where the copy's temporary file would go makes the copy fail.
    std::fs::create_dir(format!("{}.restoring", path.display())).expect("obstacle");
    let err = recovery::restore_in_place(&path, &backup, "20261204-010000").expect_err("copy fails");
    assert!(err.to_string().contains("原文件已放回原处"), "{err}");
    assert_eq!(std::fs::read(&path).expect("back"), b"damaged database", "the damaged file is back in place");
    let aside = PathBuf::from(format!("{}.corrupt-20261204-010000", path.display()));
    assert!(!aside.exists(), "nothing is left half-moved");
}
