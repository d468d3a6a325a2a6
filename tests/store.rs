//! The database file: one set-up, migrations from every earlier version, a
//! clear refusal of newer files, and loading the shipped content once.

use crate::util::TempDb;
use lawquiz::service::bootstrap::{load_shipped_content, Loaded};
use lawquiz::service::Service;
use lawquiz::store::{self, migrations};
use rusqlite::Connection;

#[test]
fn a_new_database_is_wal_with_foreign_keys_and_the_latest_schema() {
    let t = TempDb::new();
    let db = store::open(&t.path).expect("open");
    db.read(|c| {
        let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        assert_eq!(mode, "wal", "WAL keeps the file consistent when the app is killed");
        assert_eq!(fk, 1, "foreign keys are enforced");
        assert_eq!(sync, 2, "synchronous=FULL: an acknowledged answer survives power loss");
        assert_eq!(migrations::user_version(c)?, migrations::latest());
        Ok(())
    })
    .expect("pragmas");
}

/// Builds a database at every earlier schema version, puts a row in it, and
/// checks the current app opens it, keeps the row and backs it up first.
#[test]
fn every_earlier_schema_version_upgrades_and_is_backed_up_first() {
    for version in 0..migrations::latest() {
        let t = TempDb::new();
        {
            let conn = Connection::open(&t.path).expect("create");
            migrations::migrate_to(&conn, None, version).expect("build old version");
            if version >= 1 {
                conn.execute("INSERT INTO department (name) VALUES ('办公室')", []).expect("old data");
            }
        }
        let svc = Service::open(&t.path).unwrap_or_else(|e| panic!("opening a v{version} database failed: {e}"));
        svc.db()
            .read(|c| {
                assert_eq!(migrations::user_version(c)?, migrations::latest());
                if version >= 1 {
                    let n: i64 = c.query_row("SELECT count(*) FROM department", [], |r| r.get(0))?;
                    assert_eq!(n, 1, "a v{version} row survived the upgrade");
                }
                Ok(())
            })
            .expect("read");
        let backups = std::fs::read_dir(t.dir.path())
            .expect("list")
            .filter(|e| e.as_ref().is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".bak")))
            .count();
        assert_eq!(backups, usize::from(version >= 1), "a backup is written before migrating data (v{version})");
    }
}

#[test]
fn a_database_from_a_newer_app_is_refused_and_left_alone() {
    let t = TempDb::new();
    {
        let conn = Connection::open(&t.path).expect("create");
        conn.pragma_update(None, "user_version", migrations::latest() + 5).expect("set version");
    }
    let err = Service::open(&t.path).err().expect("refused");
    assert_eq!(err.code(), "db_too_new");
    let conn = Connection::open(&t.path).expect("reopen");
    assert_eq!(migrations::user_version(&conn).expect("version"), migrations::latest() + 5, "file untouched");
}

#[test]
fn a_file_that_is_not_a_database_gives_an_error_not_a_panic() {
    let t = TempDb::new();
    std::fs::write(&t.path, b"this is not an sqlite file at all, just text.........").expect("write");
    let err = Service::open(&t.path).err().expect("refused");
    assert_eq!(err.code(), "db_damaged");
    assert!(
        err.to_string().contains("数据库文件") && err.to_string().contains("损坏"),
        "the message is Chinese: {err}"
    );
}

#[test]
fn shipped_content_loads_once_and_again_only_when_it_changed() {
    let t = TempDb::new();
    let svc = t.service();
    let count = |svc: &Service| {
        svc.db().read(|c| Ok((store::law::count_articles(c)?, store::questions::count_active(c)?))).expect("counts")
    };
    let first = count(&svc);
    assert!(first.0 > 1404, "序言 + 143 + 1260 articles, and the packs'");
    let main_laws = svc
        .db()
        .read(|c| {
            Ok(store::law::count_articles_of(c, crate::util::law("宪法"))?.0
                + store::law::count_articles_of(c, crate::util::law("民法典"))?.0)
        })
        .expect("counts");
    assert_eq!(main_laws, 143 + 1260, "宪法 and 民法典, numbered articles");
    assert!(first.1 >= 30, "the bank is loaded");
    assert_eq!(
        load_shipped_content(svc.db(), "2026-01-01T00:00:00Z").expect("reload"),
        Loaded::default(),
        "nothing to do on a warm start"
    );
    svc.db().transact(|tx| store::meta::set(tx, "law_texts_sha256", "stale")).expect("mark stale");
    let loaded = load_shipped_content(svc.db(), "2026-01-01T00:00:00Z").expect("reload");
    assert_eq!(loaded, Loaded { law_texts: true, bank: true });
    assert_eq!(count(&svc), first, "reloading is idempotent");
}

#[test]
fn the_trigram_index_finds_chinese_text_and_short_queries_fall_back() {
    let t = TempDb::new();
    let svc = t.service();
    svc.db()
        .read(|c| {
            let hits = store::law::search(c, "人格权", 50)?;
            assert!(hits.iter().any(|a| a.article == 990), "Article 990 defines 人格权");
            let hits = store::law::search(c, "国旗", 50)?;
            assert!(hits.iter().any(|a| a.article == 141), "two-character queries use LIKE");
            Ok(())
        })
        .expect("search");
}
