//! The UI files (ui/, embedded at build time) as the host serves them to
//! browsers: the same pages as the window, with a CSP that lets them call
//! only this host.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

static FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/ui_files.rs"));

/// The policy for served pages: like the window's, with `connect-src 'self'`.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The file at `path` ("/" is index.html), or 404.
pub(crate) fn serve(path: &str) -> Response {
    let rel = path.trim_start_matches('/');
    let rel = if rel.is_empty() { "index.html" } else { rel };
    match FILES.iter().find(|(p, _)| *p == rel) {
        Some((p, bytes)) => {
            let mut res = (StatusCode::OK, *bytes).into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(p)));
            // Always revalidate: after an update every PC gets the new UI.
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
            res
        }
        None => (StatusCode::NOT_FOUND, "找不到这个页面。").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The host serves the same UI as the window: index.html and its modules
    /// are embedded, with their types and the CSP.
    #[test]
    fn the_ui_is_embedded_with_types() {
        assert!(FILES.iter().any(|(p, _)| *p == "index.html"));
        assert!(FILES.iter().any(|(p, _)| *p == "api.js"));
        let res = serve("/");
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
        assert!(res.headers().contains_key(header::CONTENT_SECURITY_POLICY));
        assert_eq!(serve("/../Cargo.toml").status(), StatusCode::NOT_FOUND);
    }
}
