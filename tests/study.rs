//! Study time (学时) at the service layer with a clock the test moves:
//! heartbeats add time, idle gaps do not, days split at local midnight, and
//! the organizer's report adds it up per person and department.

use crate::util::Fixture;
use lawquiz::service::api::StudyEventRequest;
use lawquiz::service::settings::Settings;
use time::Duration;

fn beat(f: &Fixture, who: &lawquiz::service::auth::Actor, kind: &str) {
    f.svc.study_event(who, StudyEventRequest { kind: kind.into() }).expect("event");
}

#[test]
fn heartbeats_count_and_gaps_over_two_minutes_do_not() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    beat(&f, &me, "library");
    for _ in 0..20 {
        f.clock.advance(Duration::seconds(30));
        beat(&f, &me, "library");
    }
    assert_eq!(f.svc.my_study(&me).expect("study").minutes_year, 10, "20 heartbeats 30 s apart = 10 minutes");
    f.clock.advance(Duration::minutes(30));
    beat(&f, &me, "practice");
    assert_eq!(f.svc.my_study(&me).expect("study").minutes_year, 10, "30 idle minutes are not counted");
    f.clock.advance(Duration::seconds(90));
    beat(&f, &me, "practice");
    let s = f.svc.my_study(&me).expect("study");
    assert_eq!(s.minutes_year, 11, "90 s within the gap counts");
    assert_eq!(s.minutes_per_hour, 45);
}

#[test]
fn time_is_split_at_local_midnight() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    // 23:59:00 Beijing time on 2026-12-04.
    f.clock.set(time::macros::datetime!(2026-12-04 15:59 UTC));
    beat(&f, &me, "practice");
    f.clock.advance(Duration::seconds(100));
    beat(&f, &me, "practice");
    let rows: Vec<(String, i64)> = f
        .svc
        .db()
        .read(|c| {
            let mut st = c.prepare("SELECT started_at, active_seconds FROM study_session ORDER BY id")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .expect("sessions");
    assert_eq!(rows.len(), 2, "one session per day: {rows:?}");
    assert_eq!(rows[0].1, 60, "60 s before midnight");
    assert_eq!(rows[1], ("2026-12-04T16:00:00.000Z".to_string(), 40), "40 s after, starting at midnight");
}

#[test]
fn a_clock_turned_back_adds_nothing() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    beat(&f, &me, "practice");
    f.clock.advance(Duration::seconds(-3600));
    beat(&f, &me, "practice");
    f.clock.advance(Duration::seconds(30));
    beat(&f, &me, "practice");
    assert_eq!(f.svc.my_study(&me).expect("study").minutes_year, 0);
}

#[test]
fn the_report_shows_hours_per_person_and_department_and_who_is_below_target() {
    let f = Fixture::new();
    let org = f.organizer();
    f.svc
        .update_settings(&org, Settings { minutes_per_hour: 10, target_hours_campaign: 1.0, ..Settings::default() })
        .expect("settings");
    let a = f.staff(&org, "1001", "李明", "办公室");
    let b = f.staff(&org, "1002", "张华", "办公室");
    f.staff(&org, "1003", "赵敏", "法规科");
    beat(&f, &a, "practice");
    for _ in 0..24 {
        f.clock.advance(Duration::seconds(30));
        beat(&f, &a, "practice");
    }
    beat(&f, &b, "library");
    f.clock.advance(Duration::seconds(60));
    beat(&f, &b, "library");
    let r = f.svc.study_report(&org).expect("report");
    let li = r.people.iter().find(|p| p.staff_no == "1001").expect("李明");
    assert_eq!((li.minutes_campaign, li.hours_campaign, li.below_target), (12, 1.2, false));
    let zhang = r.people.iter().find(|p| p.staff_no == "1002").expect("张华");
    assert_eq!((zhang.minutes_campaign, zhang.below_target), (1, true));
    let office = r.departments.iter().find(|d| d.name == "办公室").expect("办公室");
    assert_eq!((office.staff, office.below_target), (2, 1));
    assert_eq!(office.avg_hours_campaign, 0.7, "(1.2 + 0.1) / 2, to one decimal");
    let law = r.departments.iter().find(|d| d.name == "法规科").expect("法规科");
    assert_eq!(law.below_target, 1, "nobody studied there");
}
