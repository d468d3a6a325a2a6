// Start-up and routing: checks the backend came up, then shows the screen the
// address names (#/, #/practice/<科目>/<题号>). Each screen is a module under
// views/ exporting render(root, params) and optionally a cleanup function.

import { api } from './api.js';
import { renderHome } from './views/home.js';
import { renderPractice } from './views/practice.js';
import { renderStartupError } from './views/startup-error.js';
import { setupFontSize } from './prefs.js';

const root = document.getElementById('app');
let cleanup = null;
let startupFailed = null;

function parseRoute() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'practice' && parts[1]) {
    return { view: 'practice', subject: parts[1], position: Math.max(0, (parseInt(parts[2], 10) || 1) - 1) };
  }
  return { view: 'home' };
}

async function route() {
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  if (startupFailed) {
    renderStartupError(root, startupFailed);
    return;
  }
  const r = parseRoute();
  if (r.view === 'practice') {
    cleanup = await renderPractice(root, r);
  } else {
    cleanup = await renderHome(root);
  }
  root.focus({ preventScroll: true });
}

async function start() {
  setupFontSize();
  try {
    const status = await api.startupStatus();
    if (!status.ok) startupFailed = status;
  } catch (e) {
    startupFailed = { ok: false, db_path: '', message: e.message };
  }
  window.addEventListener('hashchange', route);
  await route();
  document.documentElement.dataset.ready = 'true';
}

start();
