//! A blank Tauri window: the baseline `make measure-app` compares the app's
//! memory with (docs/performance.md: the app idle on its home screen may use at most
//! 40 MB more than this, measured in the same run). Same Tauri, same
//! WebKitGTK, same window size as the app, one tiny inline page served by a
//! custom scheme — no assets, no commands, no database.
//!
//! `cargo build --release --features tauri/custom-protocol --example blank_window`
//! Prints `LAWQUIZ_READY screen=blank main_ms=…` on stderr when the page
//! has loaded.

use std::time::Instant;
use tauri::webview::PageLoadEvent;
use tauri::{WebviewUrl, WebviewWindowBuilder};

const PAGE: &str = "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>blank</title></head>\
<body><p>空白窗口</p></body></html>";

fn main() {
    let start = Instant::now();
    let mut ctx = lawquiz::context::<tauri::Wry>();
    // The app's own window (the quiz UI) is not opened here.
    ctx.config_mut().app.windows.clear();
    let result = tauri::Builder::default()
        .register_uri_scheme_protocol("blank", |_ctx, _req| {
            tauri::http::Response::builder()
                .header("Content-Type", "text/html; charset=utf-8")
                .body(PAGE.as_bytes().to_vec())
                .unwrap_or_default()
        })
        .setup(move |app| {
            let url = "blank://localhost/".parse()?;
            WebviewWindowBuilder::new(app, "blank", WebviewUrl::CustomProtocol(url))
                .title("blank")
                .inner_size(1280.0, 800.0)
                .on_page_load(move |_w, p| {
                    if p.event() == PageLoadEvent::Finished {
                        let ms = start.elapsed().as_secs_f64() * 1000.0;
                        eprintln!("LAWQUIZ_READY screen=blank main_ms={ms:.1} page_ms=NaN");
                    }
                })
                .build()?;
            Ok(())
        })
        .run(ctx);
    if let Err(e) = result {
        eprintln!("blank window failed: {e}");
        std::process::exit(1);
    }
}
