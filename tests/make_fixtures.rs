//! `cargo run --example make_fixtures`: writes tests/fixtures/v1.sqlite …
//! vN.sqlite, one database per schema version, made by the migration code
//! itself (`migrations::migrate_to`) and filled with people, questions,
//! practice, study time, a contest with attempts and answers, settings and
//! the audit log — as far as that version's schema has them. The upgrade
//! test (tests/upgrade.rs) opens each with the current app and checks every
//! row survived. Run it once when a migration is added, and check in the new
//! file; never regenerate an old one (it stands for databases in the field).
//!
//! The law texts and the shipped bank are left out (the app loads them on
//! open), and pages are 512 bytes, so each file is a few tens of KB.

use lawquiz::core::chain;
use lawquiz::core::ids::AttemptId;
use lawquiz::service::auth::hash_secret;
use lawquiz::service::contest_take::canonical_row;
use lawquiz::store::migrations;
use rusqlite::{params, Connection};
use std::path::{Path, PathBuf};

const T0: &str = "2026-11-20T01:00:00.000Z";

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::create_dir_all(&dir).expect("fixtures folder");
    let only: Option<i64> = std::env::args().nth(1).and_then(|a| a.parse().ok());
    for version in 1..=migrations::latest() {
        if only.is_some_and(|v| v != version) {
            continue;
        }
        let path = dir.join(format!("v{version}.sqlite"));
        make(&path, version);
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!("{} ({bytes} bytes, schema version {version})", path.display());
    }
}

fn make(path: &Path, version: i64) {
    let _ = std::fs::remove_file(path);
    let conn = Connection::open(path).expect("create");
    // The smallest page size keeps a file of ~30 near-empty tables at a few
    // KB; the page size is a property of the file, not of the schema.
    conn.pragma_update(None, "page_size", 512).expect("page size");
    migrations::migrate_to(&conn, None, version).expect("migrate to the fixture's version");
    fill(&conn, version).expect("fill");
    // One self-contained file: no WAL beside it, no free pages.
    conn.pragma_update(None, "journal_mode", "DELETE").expect("journal mode");
    conn.execute_batch("VACUUM").expect("vacuum");
}

fn fill(c: &Connection, v: i64) -> rusqlite::Result<()> {
    let pin = hash_secret("2468").expect("hash");
    c.execute("INSERT INTO meta (key, value) VALUES ('fixture', ?1)", [format!("v{v}")])?;
    for (id, name) in [(1, "办公室"), (2, "政策法规处")] {
        c.execute("INSERT INTO department (id, name) VALUES (?1, ?2)", params![id, name])?;
    }
    for (id, no, name, dept, active) in
        [(1, "1001", "李明", 1, 1), (2, "1002", "王芳", 2, 1), (3, "1003", "张伟", 2, 0)]
    {
        c.execute(
            "INSERT INTO employee (id, staff_no, name, department_id, pin_hash, active, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, no, name, dept, pin, active, T0],
        )?;
    }
    // Two imported questions (the shipped bank is loaded by the app itself).
    for (id, qtype, stem, options, key) in [
        ("fx-judge-1", "judge", "国家宪法日是每年12月4日。", "[]", r#"{"kind":"judge","value":true}"#),
        (
            "fx-single-1",
            "single",
            "民法典自何时起施行？",
            r#"["2020年5月28日","2021年1月1日"]"#,
            r#"{"kind":"choice","keys":[2]}"#,
        ),
    ] {
        c.execute(
            "INSERT INTO question (id, subject, qtype, difficulty, tags, stem, options, answer_key, explanation,
                                   source, updated_at)
             VALUES (?1, '宪法日常识', ?2, 1, '[\"fixture\"]', ?3, ?4, ?5, '见题注。', 'import', ?6)",
            params![id, qtype, stem, options, key, T0],
        )?;
    }
    for (emp, q, resp, ok, at) in [
        (1, "fx-judge-1", r#"{"kind":"judge","value":true}"#, 1, "2026-11-20T01:05:00.000Z"),
        (1, "fx-single-1", r#"{"kind":"choice","keys":[1]}"#, 0, "2026-11-20T01:06:00.000Z"),
        (2, "fx-judge-1", r#"{"kind":"judge","value":false}"#, 0, "2026-11-21T02:00:00.000Z"),
    ] {
        c.execute(
            "INSERT INTO practice_answer (employee_id, question_id, response, correct, answered_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![emp, q, resp, ok, at],
        )?;
    }
    c.execute(
        "INSERT INTO study_session (employee_id, kind, started_at, last_event_at, active_seconds)
         VALUES (1, 'practice', '2026-11-20T01:00:00.000Z', '2026-11-20T01:40:00.000Z', 2400),
                (2, 'library', '2026-11-21T02:00:00.000Z', '2026-11-21T02:10:00.000Z', 600)",
        [],
    )?;
    let rules = serde_json::json!({
        "title": "2026年宪法民法典知识有奖竞答", "opens_at": "2026-12-04T08:00", "closes_at": "2026-12-04T18:00",
        "time_limit_minutes": 30, "attempts_allowed": 1, "pass_mark": 60,
        "paper": [{"count": 2, "qtype": "judge", "scope": {"subject": "宪法日常识"}, "points": 50}],
        "tiers": [{"name": "一等奖", "count": 1}]
    });
    c.execute(
        "INSERT INTO contest (id, title, opens_at, closes_at, time_limit_s, rules, state, created_at)
         VALUES (1, '2026年宪法民法典知识有奖竞答', '2026-12-04T00:00:00.000Z', '2026-12-04T10:00:00.000Z', 1800, ?1,
                 'closed', ?2)",
        params![rules.to_string(), T0],
    )?;
    for (id, emp, score, used, submitted) in
        [(1, 1, 100, 300_000, "2026-12-04T01:05:00.000Z"), (2, 2, 50, 600_000, "2026-12-04T01:10:00.000Z")]
    {
        c.execute(
            "INSERT INTO attempt (id, contest_id, employee_id, seed, started_at, deadline_at, submitted_at, score,
                                  time_used_ms, state)
             VALUES (?1, 1, ?2, ?3, '2026-12-04T01:00:00.000Z', '2026-12-04T01:30:02.000Z', ?4, ?5, ?6, 'submitted')",
            params![id, emp, 7_000 + id, submitted, score, used],
        )?;
        for (pos, q, resp) in [
            (0, "fx-judge-1", r#"{"kind":"judge","value":true}"#),
            (1, "fx-single-1", r#"{"kind":"choice","keys":[2]}"#),
        ] {
            let resp = if id == 2 && pos == 1 { r#"{"kind":"choice","keys":[1]}"# } else { resp };
            c.execute(
                "INSERT INTO answer (attempt_id, position, question_id, response, answered_at)
                 VALUES (?1, ?2, ?3, ?4, '2026-12-04T01:02:00.000Z')",
                params![id, pos, q, resp],
            )?;
        }
    }
    c.execute(
        "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, '王主任', '开放竞答', '{\"contest\":1}')",
        [T0],
    )?;
    if v >= 2 {
        let pw = hash_secret("organizer-pass").expect("hash");
        c.execute(
            "INSERT INTO organizer (username, display_name, password_hash, created_at) VALUES ('admin', '王主任', ?1, ?2)",
            params![pw, T0],
        )?;
        c.execute(
            "INSERT INTO setting (key, value) VALUES ('minutes_per_hour', '40'), ('pin_policy', 'organizer')",
            [],
        )?;
        c.execute("UPDATE employee SET updated_at = ?1 WHERE id = 2", [T0])?;
    }
    if v >= 3 {
        c.execute("UPDATE attempt SET max_score = 100, attempt_no = 1", [])?;
        // The results' hash chain, as the app writes it when an attempt ends.
        let mut prev = String::new();
        for (id, no, score, used, submitted) in [
            (1, "1001", 100, 300_000, "2026-12-04T01:05:00.000Z"),
            (2, "1002", 50, 600_000, "2026-12-04T01:10:00.000Z"),
        ] {
            let row = canonical_row(AttemptId(id), no, score, used, submitted);
            prev = chain::link(&prev, &row);
            c.execute("UPDATE attempt SET chain_seq = ?1, result_hash = ?2 WHERE id = ?1", params![id, prev])?;
        }
        c.execute(
            "UPDATE answer SET points = CASE WHEN response LIKE '%true%' OR response LIKE '%[2]%' THEN 50 ELSE 0 END,
                               verdict = CASE WHEN response LIKE '%true%' OR response LIKE '%[2]%' THEN 'right' ELSE 'wrong' END",
            [],
        )?;
        c.execute("INSERT INTO attempt_mark (attempt_id, position) VALUES (2, 1)", [])?;
        c.execute(
            "INSERT INTO prize_draw (contest_id, phrase, algorithm, list_hash, eligible, winners, created_at, actor)
             VALUES (1, '宪法护航', 'lawquiz-draw-v1', 'fixture', '[\"1001\",\"1002\"]', '[\"1002\"]', ?1, '王主任')",
            [T0],
        )?;
    }
    Ok(())
}
