//! Backups on a real file: on demand, daily with the last 14 kept, restore
//! after an integrity check (current data saved first), a damaged backup
//! refused with the file left alone.

use crate::util::Fixture;
use lawquiz::service::api::SaveEmployeeRequest;
use lawquiz::service::backup::{RestoreRequest, KEEP_DAILY};
use time::Duration;

fn add(f: &Fixture, org: &lawquiz::service::auth::Actor, no: &str) {
    f.svc
        .save_employee(
            org,
            SaveEmployeeRequest {
                id: None,
                staff_no: no.into(),
                name: "测试".into(),
                department: "办公室".into(),
                active: true,
                pin: None,
            },
        )
        .expect("saved");
}

fn count(f: &Fixture) -> usize {
    f.svc.db().read(lawquiz::store::people::list_employees).expect("people").len()
}

#[test]
fn a_restore_brings_back_the_backup_and_keeps_the_current_data_as_a_backup() {
    let f = Fixture::new();
    let org = f.organizer();
    add(&f, &org, "1001");
    let b = f.svc.backup_now(&org).expect("backup");
    assert!(b.bytes > 100_000, "a whole database with the law texts: {} bytes", b.bytes);
    f.clock.advance(Duration::seconds(5));
    add(&f, &org, "1002");
    assert_eq!(count(&f), 2);
    let token = f
        .svc
        .login_organizer(
            lawquiz::service::api::OrganizerLoginRequest {
                username: "admin".into(),
                password: "organizer-pass".into(),
            },
            "127.0.0.1",
        )
        .expect("login")
        .token;
    let safety = f.svc.restore_backup(&org, &RestoreRequest { name: b.name.clone() }).expect("restore");
    assert_eq!(safety.kind, "before-restore");
    assert_eq!(count(&f), 1, "the data is as it was at the backup");
    assert!(f.svc.authenticate(&token).is_err(), "everyone logs in again after a restore");
    let listed = f.svc.backups(&org).expect("list");
    let kept = listed.iter().find(|b| b.name == safety.name);
    assert!(kept.is_some(), "the data before the restore was kept: {listed:?}");
    // Regression: the listing read the kind up to the first dash ("before").
    assert_eq!(kept.map(|b| b.kind.as_str()), Some("before-restore"), "listed with its whole kind");
}

#[test]
fn a_damaged_backup_is_refused_and_nothing_changes() {
    let f = Fixture::new();
    let org = f.organizer();
    add(&f, &org, "1001");
    let dir = f.svc.backup_dir();
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("lawquiz-manual-20261204-090000.sqlite3"), b"not a database at all, garbage bytes....")
        .expect("write");
    let err = f
        .svc
        .restore_backup(&org, &RestoreRequest { name: "lawquiz-manual-20261204-090000.sqlite3".into() })
        .expect_err("refused");
    assert!(err.to_string().contains("备份文件"), "says the backup is bad: {err}");
    assert_eq!(count(&f), 1, "the current data is untouched");
}

#[test]
fn one_daily_backup_a_day_and_the_last_fourteen_are_kept() {
    let f = Fixture::new();
    let org = f.organizer();
    assert!(f.svc.daily_backup().expect("first").is_some());
    assert!(f.svc.daily_backup().expect("again").is_none(), "one a day");
    for _ in 0..20 {
        f.clock.advance(Duration::days(1));
        f.svc.daily_backup().expect("daily");
    }
    let daily = f.svc.backups(&org).expect("list").into_iter().filter(|b| b.kind == "daily").count();
    assert_eq!(daily, KEEP_DAILY);
    let staff = f.staff(&org, "1001", "李明", "办公室");
    assert_eq!(f.svc.backups(&staff).err().map(|e| e.code()), Some("forbidden"));
}
