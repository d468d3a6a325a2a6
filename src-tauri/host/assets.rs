//! The UI files (ui/, embedded at build time) as the host serves them to
//! browsers: the same pages as the window, with a CSP that lets them call
//! only this host. Each file is stored gzipped and sent as stored to a
//! browser that accepts gzip (every browser does: a quarter of the bytes
//! over the LAN when a thousand PCs open the page at once), inflated for a
//! client that does not.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::io::Read as _;

/// (path under ui/, the file gzipped).
static FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/ui_files.rs"));

/// True when the request's `Accept-Encoding` lists gzip (without `q=0`).
pub(crate) fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).any(|v| {
        v.split(',').any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or("");
            let refused =
                parts.any(|p| p.strip_prefix("q=").is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)));
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
    })
}

fn gunzip(gz: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(gz).read_to_end(&mut out).ok()?;
    Some(out)
}

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

/// The file at `path` ("/" is index.html), or 404: gzipped as stored when
/// the client accepts gzip, else inflated.
pub(crate) fn serve(path: &str, gzip: bool) -> Response {
    let rel = path.trim_start_matches('/');
    let rel = if rel.is_empty() { "index.html" } else { rel };
    let Some((p, gz)) = FILES.iter().find(|(p, _)| *p == rel) else {
        return (StatusCode::NOT_FOUND, "找不到这个页面。").into_response();
    };
    let mut res = if gzip {
        let mut res = (StatusCode::OK, *gz).into_response();
        res.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        res
    } else {
        match gunzip(gz) {
            Some(bytes) => (StatusCode::OK, bytes).into_response(),
            None => {
                tracing::error!(file = *p, "an embedded UI file could not be inflated");
                return (StatusCode::INTERNAL_SERVER_ERROR, "页面文件损坏，请重新安装本程序。").into_response();
            }
        }
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(p)));
    // The same URL answers gzipped or not, by the request's Accept-Encoding.
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    // Always revalidate: after an update every PC gets the new UI.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The host serves the same UI as the window: index.html and its modules
    /// are embedded, with their types and the CSP; gzipped to a client that
    /// accepts it, and byte for byte the file of ui/ to one that does not.
    #[test]
    fn the_ui_is_embedded_with_types() {
        assert!(FILES.iter().any(|(p, _)| *p == "index.html"));
        assert!(FILES.iter().any(|(p, _)| *p == "api.js"));
        for gzip in [true, false] {
            let res = serve("/", gzip);
            assert_eq!(res.status(), StatusCode::OK);
            assert_eq!(res.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
            assert_eq!(res.headers().contains_key(header::CONTENT_ENCODING), gzip);
            assert!(res.headers().contains_key(header::CONTENT_SECURITY_POLICY));
            assert_eq!(serve("/../Cargo.toml", gzip).status(), StatusCode::NOT_FOUND);
        }
        let api = FILES.iter().find(|(p, _)| *p == "api.js").map(|(_, gz)| gunzip(gz));
        let on_disk = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/ui/api.js")).expect("ui/api.js");
        assert_eq!(api, Some(Some(on_disk)));
    }

    /// Protects reading `Accept-Encoding`: gzip listed (any case, with a
    /// weight, or as `*`) is accepted; absent or refused with `q=0` is not.
    #[test]
    fn gzip_is_sent_only_to_a_client_that_accepts_it() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).expect("header"));
            accepts_gzip(&h)
        };
        assert!(with("gzip, deflate, br"));
        assert!(with("br;q=1.0, GZIP;q=0.8"));
        assert!(with("*"));
        assert!(!with("identity"));
        assert!(!with("gzip;q=0, br"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
