// Start-up and routing: checks the backend came up, asks for the first
// organizer account on a new install, sends people without a session to
// 登录, then shows the screen the address names. Each screen is a module
// under views/ whose render function may return a cleanup function.

import { stopStudy } from './activity.js';
import { api, isLocalWindow, session, setConnectionHandler, setUnauthorizedHandler } from './api.js';
import { appBack } from './back.js';
import { h, hideToast, mount } from './dom.js';
import { setupFontSize } from './prefs.js';
import { renderAbout } from './views/about.js';
import { renderCodes } from './views/admin/codes.js';
import { renderHostSheet } from './views/admin/host-sheet.js';
import { renderAdmin } from './views/admin/index.js';
import { renderItemAnalysis } from './views/admin/insight-items.js';
import { renderWeakness } from './views/admin/insight-weak.js';
import { renderPrint } from './views/admin/print.js';
import { renderResults } from './views/admin/results.js';
import { renderStatement } from './views/admin/statement.js';
import { renderBigScreen } from './views/bigscreen.js';
import { clientMode, renderConnect } from './views/connect.js';
import { renderResult } from './views/contest/result.js';
import { renderContestStart } from './views/contest/start.js';
import { renderTake } from './views/contest/take.js';
import { renderHome } from './views/home.js';
import { renderLibrary } from './views/library.js';
import { renderLogin } from './views/login.js';
import { renderMyResults } from './views/my-results.js';
import { renderPractice } from './views/practice.js';
import { renderReview } from './views/review.js';
import { renderScopes } from './views/scopes.js';
import { renderSetup } from './views/setup.js';
import { renderShowCertificates } from './views/show/certificates.js';
import { renderShowConsole } from './views/show/console.js';
import { renderShowJoin } from './views/show/device.js';
import { renderShowScreen } from './views/show/screen.js';
import { renderStartupError } from './views/startup-error.js';
import { renderWrongBook } from './views/wrong-book.js';

const root = document.getElementById('app');
const nav = document.getElementById('nav');
let cleanup = null;
let startupFailed = null;
let needsOrganizer = false;
// make measure-app (LAWQUIZ_MEASURE=1): report each screen's first paint.
let measure = false;
const reported = new Set();

const STAFF_ROUTES = new Set(['home', 'scopes', 'practice', 'contest', 'attempt', 'result', 'wrong-book', 'my-results', 'review']);
const ORGANIZER_ROUTES = new Set(['admin', 'codes', 'results', 'screen', 'print', 'host-sheet', 'show', 'show-print', 'statement']);
// 现场竞答's big screen and devices: no staff log-in (a screen token or the show's code is the ticket).
const SHOW_OPEN_ROUTES = ['show-screen', 'show-join'];

function parseRoute() {
  const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] || 'home', args: parts.slice(1), query: new URLSearchParams(query) };
}

/** The numeric id in the address (#/attempt/12 → 12). */
function idArg(r) {
  const n = parseInt(r.args[0], 10);
  return Number.isFinite(n) ? n : 0;
}

export function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

const band = document.getElementById('band');
const brand = band.querySelector('.brand');
const menuToggle = document.getElementById('menu-toggle');

function setMenuOpen(open) {
  band.classList.toggle('menu-open', open);
  menuToggle.setAttribute('aria-expanded', String(open));
}

/**
 * Fits the header on one line at any width and 字号: everything, then the
 * brand without its subtitle, then (the menu) the brand with a 菜单 button
 * that opens the links, the name, 退出 and 字号 below the band. In exam
 * mode there is no menu: the brand shrinks to its seal instead.
 */
function fitBand() {
  const levels = band.dataset.mode === 'exam' ? ['full', 'short', 'tight'] : ['full', 'short', 'menu', 'menu-tight'];
  for (const level of levels) {
    band.dataset.fit = level;
    if (band.scrollWidth <= band.clientWidth + 1) break;
  }
  if (!band.dataset.fit.startsWith('menu')) setMenuOpen(false);
}

/**
 * The header's links for the session. During a contest attempt (exam mode)
 * only the person's name stays, beside the slot #exam-bar where the 答题
 * screen puts its timer and 交卷; the brand stops being a link.
 */
function renderNav(s, routeName) {
  const exam = !!s && routeName === 'attempt';
  band.dataset.mode = exam ? 'exam' : 'normal';
  if (exam) brand.removeAttribute('href');
  else brand.setAttribute('href', '#/');
  setMenuOpen(false);
  if (!s) {
    mount(nav);
    fitBand();
    return;
  }
  if (exam) {
    mount(nav, h('span', { class: 'nav-user', id: 'exam-name' }, s.name), h('div', { class: 'exam-bar', id: 'exam-bar' }));
    fitBand();
    return;
  }
  const link = (href, label, name) => h('a', { href, class: 'nav-link', 'aria-current': routeName === name ? 'page' : false }, label);
  const links =
    s.role === 'organizer'
      ? [link('#/admin', '管理', 'admin'), link('#/library', '法条库', 'library'), link('#/about', '关于', 'about')]
      : [
          link('#/', '首页', 'home'),
          link('#/wrong-book', '错题本', 'wrong-book'),
          link('#/my-results', '我的成绩', 'my-results'),
          link('#/library', '法条库', 'library'),
          link('#/about', '关于', 'about'),
        ];
  mount(
    nav,
    links,
    h('span', { class: 'nav-user' }, s.role === 'organizer' ? `管理员 ${s.name}` : s.name),
    h('button', { type: 'button', class: 'nav-logout', onclick: logout }, '退出'),
  );
  fitBand();
}

function setupBand() {
  menuToggle.addEventListener('click', () => {
    const open = !band.classList.contains('menu-open');
    setMenuOpen(open);
    if (open) {
      const first = document.querySelector('#band-menu a, #band-menu button');
      if (first) first.focus();
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && band.classList.contains('menu-open')) {
      setMenuOpen(false);
      menuToggle.focus();
    }
  });
  document.addEventListener('click', (e) => {
    if (band.classList.contains('menu-open') && !band.contains(e.target)) setMenuOpen(false);
  });
  window.addEventListener('resize', fitBand);
  window.addEventListener('lawquiz:header', fitBand);
  // 字号 changes the header's width too.
  new MutationObserver(fitBand).observe(document.documentElement, { attributes: true, attributeFilter: ['data-size'] });
  if (document.fonts?.ready) document.fonts.ready.then(fitBand);
}

async function logout() {
  try {
    await api.logout();
  } catch {
    /* the session may have ended already */
  }
  session.clear();
  go('#/login');
}

async function route() {
  hideToast();
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  stopStudy();
  if (startupFailed) {
    renderNav(null, 'startup-error');
    renderStartupError(root, startupFailed);
    reportReady('startup-error');
    return;
  }
  const r = parseRoute();
  const s = session.get();
  if (needsOrganizer && r.name !== 'setup') {
    location.hash = '#/setup';
    return;
  }
  if (!s && !['login', 'setup', 'connect', ...SHOW_OPEN_ROUTES].includes(r.name)) {
    location.hash = '#/login';
    return;
  }
  if (s && s.role === 'organizer' && STAFF_ROUTES.has(r.name)) {
    location.hash = '#/admin';
    return;
  }
  if (s && s.role === 'staff' && ORGANIZER_ROUTES.has(r.name)) {
    location.hash = '#/';
    return;
  }
  renderNav(['login', 'setup', 'screen', 'connect', ...SHOW_OPEN_ROUTES].includes(r.name) ? null : s, r.name);
  const ctx = {
    go,
    onSetupDone: () => {
      needsOrganizer = false;
    },
  };
  switch (r.name) {
    case 'login':
      cleanup = await renderLogin(root, ctx);
      break;
    case 'connect':
      cleanup = await renderConnect(root, { auto: r.query.get('auto') === '1' });
      break;
    case 'setup':
      cleanup = await renderSetup(root, ctx);
      break;
    case 'scopes':
      cleanup = await renderScopes(root, r.args[0] || null);
      break;
    case 'practice':
      cleanup = await renderPractice(root);
      break;
    case 'library':
      cleanup = await renderLibrary(root, { law: r.args[0], article: r.args[1], query: r.query.get('q') });
      break;
    case 'admin':
      cleanup = await renderAdmin(root, r.args[0] || 'contests');
      break;
    case 'codes':
      cleanup = await renderCodes(root);
      break;
    case 'results':
      if (r.args[1] === 'items') cleanup = await renderItemAnalysis(root, idArg(r));
      else if (r.args[1] === 'weak') cleanup = await renderWeakness(root, idArg(r));
      else cleanup = await renderResults(root, idArg(r));
      break;
    case 'screen':
      cleanup = await renderBigScreen(root, idArg(r));
      break;
    case 'print':
      cleanup = await renderPrint(root, idArg(r), r.args[1] || 'certificates');
      break;
    case 'about':
      cleanup = await renderAbout(root);
      break;
    case 'contest':
      cleanup = await renderContestStart(root, idArg(r));
      break;
    case 'attempt':
      cleanup = await renderTake(root, idArg(r));
      break;
    case 'result':
      cleanup = await renderResult(root, idArg(r));
      break;
    case 'wrong-book':
      cleanup = await renderWrongBook(root);
      break;
    case 'review':
      cleanup = await renderReview(root);
      break;
    case 'statement':
      cleanup = await renderStatement(root, idArg(r), parseInt(r.args[1], 10) || null);
      break;
    case 'my-results':
      cleanup = await renderMyResults(root);
      break;
    case 'host-sheet':
      cleanup = await renderHostSheet(root);
      break;
    case 'show':
      cleanup = await renderShowConsole(root, idArg(r));
      break;
    case 'show-screen':
      cleanup = await renderShowScreen(root, r.query.get('t') || '');
      break;
    case 'show-join':
      cleanup = await renderShowJoin(root, r.query);
      break;
    case 'show-print':
      cleanup = await renderShowCertificates(root, idArg(r), r.args[1] || 'certificates');
      break;
    default:
      cleanup = await renderHome(root);
  }
  root.focus({ preventScroll: true });
  document.documentElement.dataset.route = r.name;
  reportReady(r.name);
}

/** Measuring only: tells the backend a screen is rendered and painted
 * (a task after the next animation frame: that frame has been drawn and
 * the page is free for input), once per screen. */
function reportReady(screen) {
  if (!measure || reported.has(screen)) return;
  reported.add(screen);
  requestAnimationFrame(() =>
    setTimeout(() => {
      api.uiReady(screen, performance.now()).catch(() => {});
    }, 0),
  );
}

/** The banner shown while the host does not answer (answers wait, in order). */
function connectionBanner() {
  const banner = document.getElementById('conn');
  setConnectionHandler((state) => {
    banner.hidden = state !== 'reconnecting';
  });
}

/** Client mode: the window came from the desktop app (remember the way back),
 * or the desktop app remembers a host to connect to. */
function clientModeAtStart() {
  const params = new URLSearchParams(location.search);
  const back = appBack(params.get('back'));
  if (!isLocalWindow && back) sessionStorage.setItem('lawquiz.back', back);
  if (isLocalWindow && params.get('mode') === 'local') clientMode.useLocal();
  else if (isLocalWindow && clientMode.wantsHost() && !session.get()) location.hash = '#/connect?auto=1';
}

async function start() {
  setupFontSize();
  setupBand();
  connectionBanner();
  clientModeAtStart();
  // The hall window (the projected big screen) never shows 登录 to the hall:
  // it keeps its last screen and the organizer reopens it from their window.
  setUnauthorizedHandler(() => {
    if (!['login', ...SHOW_OPEN_ROUTES].includes(parseRoute().name) && !window.__LAWQUIZ_HALL__) location.hash = '#/login';
  });
  try {
    const status = await api.startupStatus();
    measure = status.measure === true;
    if (!status.ok) startupFailed = status;
    else needsOrganizer = (await api.setupStatus()).needs_organizer;
  } catch (e) {
    startupFailed = { ok: false, db_path: '', message: e.message };
  }
  window.addEventListener('hashchange', route);
  await route();
  document.documentElement.dataset.ready = 'true';
}

start();
