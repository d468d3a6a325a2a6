//! Laws over the LAN host's HTTP API (a real axum server on 127.0.0.1), as
//! a hostile staff member or a prankster would try them: staff cannot change
//! the 学习范围 or import a law, cannot read a law outside the 学习范围 by
//! asking for it by name, and a flood of made-up law names is refused
//! without the host remembering any of them. The organizer imports a law
//! over HTTP and staff see it only once it is enabled.

use crate::host_study::{host_with_staff, post, StaffHost};
use crate::laws::TEST_LAW;
use lawquiz::core::law::Law;
use serde_json::{json, Value};

fn has_chinese(v: &Value) -> bool {
    v["message"].as_str().is_some_and(|m| m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn laws_over_http_for_staff_and_organizer() {
    let StaffHost { db: _db, host: _host, base, http, staff, .. } = host_with_staff().await;

    // Staff see the two default laws and the topic, nothing else.
    let (s, view) = post(&http, &base, "law_list", Some(&staff), json!({})).await;
    assert_eq!(s, 200);
    let ids: Vec<&str> = view["laws"].as_array().expect("laws").iter().filter_map(|l| l["id"].as_str()).collect();
    assert_eq!(ids, vec!["宪法", "民法典"]);
    // Asking for a shipped law outside the scope by name: refused, in Chinese.
    for (name, body) in [
        ("library_tree", json!({"law": "数据安全法"})),
        ("library_articles", json!({"law": "数据安全法", "from": 1, "to": 10})),
        ("library_search", json!({"query": "数据处理", "law": "数据安全法"})),
        ("article_questions", json!({"law": "数据安全法", "article": 21})),
        ("practice_scopes", json!({"subject": "数据安全法"})),
        ("practice_start", json!({"scope": {"subject": "数据安全法"}})),
    ] {
        let (s, body) = post(&http, &base, name, Some(&staff), body).await;
        assert_eq!(s, 403, "{name}: {body}");
        assert!(has_chinese(&body), "{name}: {body}");
    }
    // The organizer's commands, as staff and without a session.
    let file = json!({"file_name": "测试示范法.md", "bytes": TEST_LAW.as_bytes()});
    for (name, body) in [
        ("set_study_laws", json!({"laws": ["数据安全法"]})),
        ("preview_law_import", file.clone()),
        ("import_law", file.clone()),
        ("set_aside_questions", json!({})),
    ] {
        let (s, reply) = post(&http, &base, name, Some(&staff), body.clone()).await;
        assert_eq!(s, 403, "{name} as staff: {reply}");
        assert!(has_chinese(&reply), "{name}: {reply}");
        let (s, _) = post(&http, &base, name, None, body).await;
        assert_eq!(s, 401, "{name} without a session");
    }
    // A flood of made-up names: each refused in Chinese, none remembered.
    for i in 0..300 {
        let name = format!("乱编的法律{i}");
        let (s, body) = post(&http, &base, "library_tree", Some(&staff), json!({"law": name})).await;
        assert!(s == 400 || s == 422, "{s} {body}");
        assert!(has_chinese(&body), "{body}");
        assert!(Law::existing(&name).is_none(), "the host never remembers a made-up name");
    }
    let (s, body) = post(&http, &base, "library_tree", Some(&staff), json!({"law": "长".repeat(100_000)})).await;
    assert!((400..500).contains(&s), "an enormous name is refused: {s} {body}");

    // The organizer on the host PC imports a law over HTTP and enables it.
    let (s, o) =
        post(&http, &base, "login_organizer", None, json!({"username": "admin", "password": "organizer-pass"})).await;
    assert_eq!(s, 200, "{o}");
    let org_token = o["token"].as_str().expect("token").to_string();
    let (s, preview) = post(&http, &base, "preview_law_import", Some(&org_token), file.clone()).await;
    assert_eq!((s, preview["articles"].as_u64(), preview["existing"].as_bool()), (200, Some(5), Some(false)));
    let (s, done) = post(&http, &base, "import_law", Some(&org_token), file.clone()).await;
    assert_eq!((s, done["law"]["enabled"].as_bool()), (200, Some(false)), "{done}");
    let (s, _) = post(&http, &base, "library_tree", Some(&staff), json!({"law": "测试示范法"})).await;
    assert_eq!(s, 403, "imported, not yet in the scope");
    let (s, _) =
        post(&http, &base, "set_study_laws", Some(&org_token), json!({"laws": ["宪法", "民法典", "测试示范法"]})).await;
    assert_eq!(s, 200);
    let (s, hits) = post(&http, &base, "library_search", Some(&staff), json!({"query": "示范管理制度"})).await;
    assert_eq!((s, hits["total"].as_i64()), (200, Some(1)), "{hits}");
    assert_eq!(hits["hits"][0]["law_title"].as_str(), Some("中华人民共和国测试示范法"));
    // A broken file over HTTP: the preview lists the problem, the import refuses.
    let broken = json!({"file_name": "坏.md", "bytes": TEST_LAW.replace("第四条", "第六条").as_bytes()});
    let (s, preview) = post(&http, &base, "preview_law_import", Some(&org_token), broken.clone()).await;
    assert_eq!(s, 200);
    assert!(!preview["problems"].as_array().expect("problems").is_empty(), "{preview}");
    let (s, body) = post(&http, &base, "import_law", Some(&org_token), broken).await;
    assert_eq!(s, 400, "{body}");
    assert!(has_chinese(&body));
}
