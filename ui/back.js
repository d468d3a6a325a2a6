// The way back from a host's pages to the desktop app (?back=, set by
// 连接主机 in views/connect.js). Only the app's own origins are a way back:
// the window's page is tauri://localhost (Linux, macOS) or
// http(s)://tauri.localhost (Windows). Anything else — another site, a
// javascript: URL, a user name in the URL — is ignored, so a link to the
// host cannot plant a "断开，改为本机使用" that leads elsewhere.
// Pure (no DOM): tests/host_hostile.rs runs it under node.

export const APP_ORIGINS = ['tauri://localhost', 'http://tauri.localhost', 'https://tauri.localhost'];

/** The way back as `origin + path` when `value` is one of the app's own
 * pages, else null. */
export function appBack(value) {
  if (typeof value !== 'string' || value === '' || value.length > 2048) return null;
  let u;
  try {
    u = new URL(value);
  } catch {
    return null;
  }
  // URL.origin is "null" for tauri:, so compare scheme and host.
  const origin = `${u.protocol}//${u.host}`;
  if (!APP_ORIGINS.includes(origin) || u.username || u.password) return null;
  return origin + u.pathname;
}
