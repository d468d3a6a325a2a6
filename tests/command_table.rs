//! The command table is the one list of commands: the window's handlers and
//! the host's routes are generated from it (plus each adapter's own, listed
//! beside them), and the UI's one transport module and docs/api.md must name
//! exactly those commands — a command the UI calls that no adapter offers
//! (or a documented one that does not exist) fails here, not on a staff PC.

use std::collections::BTreeSet;

fn window() -> BTreeSet<&'static str> {
    lawquiz::command_table::TABLE.iter().chain(lawquiz::commands::OWN_COMMANDS).copied().collect()
}

fn http() -> BTreeSet<&'static str> {
    lawquiz::command_table::TABLE.iter().chain(lawquiz::host::OWN_ROUTES).copied().collect()
}

/// The host's GET routes are no commands (no JSON body, no `invoke`): the
/// UI reaches them by URL and docs/api.md names their paths.
#[test]
fn the_get_routes_are_documented_by_path() {
    let md = read("docs/api.md");
    for r in lawquiz::host::GET_ROUTES {
        assert!(md.contains(&format!("/api/{r}")), "docs/api.md names GET /api/{r}");
        assert!(!http().contains(r), "{r} is a GET route, not a command");
    }
    let js = read("ui/api.js");
    assert!(js.contains("/api/show_stream"), "ui/api.js follows the show's stream");
}

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).expect(path)
}

/// The commands ui/api.js calls: `call('name'`, `authed('name'` and the
/// answer queue's `call('contest_answer'`.
fn ui_calls() -> BTreeSet<String> {
    let js = read("ui/api.js");
    let mut out = BTreeSet::new();
    for prefix in ["call('", "authed('"] {
        let mut rest = js.as_str();
        while let Some(i) = rest.find(prefix) {
            rest = &rest[i + prefix.len()..];
            let name: String = rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
            if rest[name.len()..].starts_with('\'') && !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// The commands docs/api.md documents: the first column of its command
/// tables (after the conventions, whose table lists error codes).
fn documented() -> BTreeSet<String> {
    let md = read("docs/api.md");
    let from = md.find("## The LAN host's HTTP API").expect("the host section");
    md[from..]
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .filter(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .map(str::to_string)
        .collect()
}

#[test]
fn no_command_is_declared_twice() {
    let table = lawquiz::command_table::TABLE;
    let unique: BTreeSet<_> = table.iter().collect();
    assert_eq!(unique.len(), table.len(), "a name twice in the table");
    for own in lawquiz::commands::OWN_COMMANDS.iter().chain(lawquiz::host::OWN_ROUTES) {
        assert!(!table.contains(own), "{own} is in the table and also an adapter's own command");
    }
    assert!(table.len() >= 50, "the table holds the shared commands ({} found)", table.len());
}

#[test]
fn the_ui_calls_exactly_the_commands_the_adapters_offer() {
    let offered: BTreeSet<String> = window().union(&http()).map(|s| s.to_string()).collect();
    let called = ui_calls();
    let unknown: Vec<_> = called.difference(&offered).collect();
    assert!(unknown.is_empty(), "ui/api.js calls commands no adapter offers: {unknown:?}");
    // `ping` is a GET the connect page sends before any session.
    let unused: Vec<_> = offered.difference(&called).filter(|n| n.as_str() != "ping").collect();
    assert!(unused.is_empty(), "commands the UI never calls (dead, or missing from api.js): {unused:?}");
}

#[test]
fn every_command_the_ui_calls_over_the_lan_is_a_route() {
    // The pages in a staff browser use the host's routes only: a command
    // of the window's own that a browser page needs would 404 there.
    let window_only: BTreeSet<_> = window().difference(&http()).copied().collect();
    let expected: BTreeSet<&str> = [
        "recover_from_backup",
        "ui_ready",
        "open_hall_screen",
        "close_hall_screen",
        "hall_fullscreen",
        "set_hall_step",
        "open_export_folder",
        "host_status",
        "set_host",
        "probe_host",
        "discover_hosts",
    ]
    .into_iter()
    .collect();
    assert_eq!(window_only, expected, "the window-only commands changed: say so in docs/api.md");
}

#[test]
fn docs_api_md_documents_exactly_the_commands() {
    let offered: BTreeSet<String> = window().union(&http()).map(|s| s.to_string()).collect();
    let docs = documented();
    let missing: Vec<_> = offered.difference(&docs).filter(|n| n.as_str() != "ping").collect();
    assert!(missing.is_empty(), "commands docs/api.md does not document: {missing:?}");
    let stale: Vec<_> = docs.difference(&offered).collect();
    assert!(stale.is_empty(), "docs/api.md documents commands that do not exist: {stale:?}");
}
