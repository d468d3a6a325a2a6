// The one module that talks to the backend. Two transports, one API:
// - in the desktop window (the app's own pages), Tauri's invoke;
// - in a page the LAN host served (a browser, or the desktop app in client
//   mode), fetch() to POST /api/<command> on the same host.
// Every call returns the service's response or throws an ApiError carrying
// the backend's {code, message}. The session token is kept for this window
// only (sessionStorage) and sent with every call that needs it.
//
// Over the network, answers go through one queue, in order: an answer the
// host did not acknowledge is sent again (the host stores it by attempt and
// question, so a resend never doubles it) while the page shows
// "正在重新连接"; other calls that are safe to repeat are retried too.

export class ApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const TOKEN_KEY = 'lawquiz.session';

export const session = {
  get() {
    try {
      return JSON.parse(sessionStorage.getItem(TOKEN_KEY) || 'null');
    } catch {
      return null;
    }
  },
  set(login) {
    sessionStorage.setItem(TOKEN_KEY, JSON.stringify({ token: login.token, role: login.role, name: login.name }));
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

function toApiError(e) {
  if (e && typeof e === 'object' && typeof e.code === 'string') {
    return new ApiError(e.code, e.message || '操作失败，请重试。');
  }
  return new ApiError('unknown', typeof e === 'string' ? e : '操作失败，请重试。');
}

let onUnauthorized = () => {};
/** What to do when the session has ended (the router sends people to 登录). */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

/** Whether this page is the desktop app's own (not one a host served). */
export const isLocalWindow = location.protocol === 'tauri:' || location.hostname === 'tauri.localhost';
/** How this page reaches the backend. */
export const transport = isLocalWindow ? 'tauri' : 'http';

let onConnection = () => {};
/** Told 'reconnecting' when the host stops answering and 'ok' when it is back. */
export function setConnectionHandler(fn) {
  onConnection = fn;
}

const DOWNLOADS = new Set(['export_contest', 'export_study', 'export_questions', 'download_template', 'show_export', 'export_activities']);
/** Calls that change nothing, or change it the same way when repeated. */
const RETRY = new Set([
  'attempt',
  'attempt_result',
  'submit_attempt',
  'open_contests',
  'home',
  'whoami',
  'my_results',
  'contest_mark',
  'contest_answer',
  'startup_status',
  'setup_status',
]);
const OFFLINE = 'offline';

async function invokeTauri(command, args) {
  const invoke = window.__TAURI__?.core?.invoke;
  if (!invoke) {
    throw new ApiError('no_backend', '没有连接到后台服务，请在法治知识竞答程序中打开本页面。');
  }
  try {
    return await invoke(command, args);
  } catch (e) {
    throw toApiError(e);
  }
}

/** Saves a downloaded export with the browser's own download. */
async function saveDownload(res) {
  const disposition = res.headers.get('Content-Disposition') || '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  const name = m ? decodeURIComponent(m[1]) : 'download';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return `浏览器下载：${name}`;
}

async function fetchHost(command, args) {
  const headers = { 'Content-Type': 'application/json' };
  if (args.token) headers.Authorization = `Bearer ${args.token}`;
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), 15000);
  let res;
  try {
    res = await fetch(`/api/${command}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(args.req === undefined ? {} : args.req),
      signal: ctrl.signal,
    });
  } catch {
    throw new ApiError(OFFLINE, '与主机的连接中断了，请检查网络后再试。');
  } finally {
    clearTimeout(timer);
  }
  if ([502, 503, 504].includes(res.status)) throw new ApiError(OFFLINE, '主机暂时没有响应，请稍后再试。');
  if (res.ok && DOWNLOADS.has(command)) return saveDownload(res);
  const data = await res.json().catch(() => null);
  if (!res.ok) throw toApiError(data || { code: `http_${res.status}`, message: `主机返回错误（${res.status}）。` });
  return data;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Repeats `send` while the host is unreachable, telling the page so. */
async function withReconnect(send) {
  for (let tries = 0; ; tries += 1) {
    try {
      const out = await send();
      if (tries > 0) onConnection('ok');
      return out;
    } catch (e) {
      if (e.code !== OFFLINE) {
        if (tries > 0) onConnection('ok');
        throw e;
      }
      onConnection('reconnecting');
      await sleep(Math.min(5000, 500 * (tries + 1)));
    }
  }
}

async function call(command, args = {}) {
  try {
    if (transport === 'tauri') return await invokeTauri(command, args);
    if (RETRY.has(command)) return await withReconnect(() => fetchHost(command, args));
    return await fetchHost(command, args);
  } catch (err) {
    if (err.code === 'unauthorized') {
      session.clear();
      onUnauthorized();
    }
    throw err;
  }
}

// Answers: one at a time, in the order given — each waits for the one
// before it (acknowledged or refused), so a resend never overtakes a newer
// answer to the same question.
let answersDone = Promise.resolve();

/** Queues an answer; resolves with the host's acknowledgement. */
function queueAnswer(args) {
  const sent = answersDone.then(() => call('contest_answer', args));
  answersDone = sent.catch(() => {});
  return sent;
}

/** A call made as the logged-in person. */
function authed(command, req) {
  const s = session.get();
  const args = { token: s ? s.token : '' };
  if (req !== undefined) args.req = req;
  return call(command, args);
}

export const api = {
  // start-up and log-in
  startupStatus: () => call('startup_status'),
  recoverFromBackup: (name) => call('recover_from_backup', { req: { name } }),
  uiReady: (screen, pageMs) => call('ui_ready', { req: { screen, page_ms: pageMs } }),
  setupStatus: () => call('setup_status'),
  setupOrganizer: (req) => call('setup_organizer', { req }),
  loginStaff: (req) => call('login_staff', { req }),
  loginCode: (code) => call('login_code', { req: { code } }),
  loginOrganizer: (req) => call('login_organizer', { req }),
  setMyPin: (req) => authed('set_my_pin', req),
  logout: () => authed('logout'),
  whoami: () => authed('whoami'),
  about: () => authed('about'),
  // staff
  home: () => authed('home'),
  practiceScopes: (subject) => authed('practice_scopes', { subject }),
  practiceStart: (scope, order, filter) => authed('practice_start', { scope, order, filter }),
  wrongBookSet: () => authed('wrong_book_set'),
  reviewSet: () => authed('review_set'),
  reviewSummary: () => authed('review_summary'),
  practiceQuestion: (id) => authed('practice_question', { id }),
  practiceAnswer: (questionId, response) => authed('practice_answer', { question_id: questionId, response }),
  studyEvent: (kind) => authed('study_event', { kind }),
  myStudy: () => authed('my_study'),
  // law library
  libraryTree: (law) => authed('library_tree', { law }),
  libraryArticles: (law, from, to) => authed('library_articles', { law, from, to }),
  librarySearch: (query, law) => authed('library_search', { query, law: law || null }),
  articleQuestions: (law, article) => authed('article_questions', { law, article }),
  lawList: () => authed('law_list'),
  // organizer
  people: () => authed('people'),
  saveEmployee: (req) => authed('save_employee', req),
  resetPin: (id) => authed('reset_pin', { id }),
  issueLoginCodes: (ids) => authed('issue_login_codes', { ids }),
  studyReport: () => authed('study_report'),
  // 学时 from offline study
  activities: () => authed('activities'),
  saveActivity: (req) => authed('save_activity', req),
  deleteActivity: (id) => authed('delete_activity', { id }),
  previewSignIn: (fileName, bytes) => authed('preview_sign_in', { file_name: fileName, bytes }),
  myStudySources: () => authed('my_study_sources'),
  studyStatement: (employeeId, year) => authed('study_statement', { employee_id: employeeId, year: year || null }),
  exportActivities: () => authed('export_activities'),
  getSettings: () => authed('get_settings'),
  updateSettings: (settings) => authed('update_settings', settings),
  auditLog: () => authed('audit_log'),
  // contests: organizer
  contests: () => authed('contests'),
  saveContest: (id, spec) => authed('save_contest', { id: id || null, spec }),
  contestDetail: (id) => authed('contest_detail', { id }),
  paperPools: (rules) => authed('paper_pools', { rules }),
  previewPaper: (id) => authed('preview_paper', { id }),
  setContestState: (id, state) => authed('set_contest_state', { id, state }),
  contestResults: (id) => authed('contest_results', { id }),
  certificates: (id) => authed('certificates', { id }),
  saveCertificateSettings: (req) => authed('save_certificate_settings', req),
  runDraw: (id, phrase) => authed('run_draw', { id, phrase }),
  voidDraw: (id, drawId, reason) => authed('void_draw', { id, draw_id: drawId, reason }),
  verifyDraw: (id, drawId) => authed('verify_draw', { id, draw_id: drawId }),
  bigScreen: (id) => authed('big_screen', { id }),
  hallScreen: (id) => authed('hall_screen', { id }),
  setHallStep: (id, step) => authed('set_hall_step', { id, step }),
  // the hall window (the desktop app only)
  openHallScreen: (id) => authed('open_hall_screen', { id }),
  closeHallScreen: () => authed('close_hall_screen'),
  hallFullscreen: (on) => call('hall_fullscreen', { req: { on: on === undefined ? null : on } }),
  exportContest: (id, format, table) => authed('export_contest', { id, format, table: table || 'ranking' }),
  exportStudy: (format) => authed('export_study', { format }),
  exportQuestions: () => authed('export_questions'),
  downloadTemplate: (kind) => authed('download_template', { kind }),
  openExportFolder: (path) => authed('open_export_folder', { path }),
  previewImport: (fileName, bytes) => authed('preview_question_import', { file_name: fileName, bytes }),
  importQuestions: (fileName, bytes, contestOnly) =>
    authed('import_questions', { file_name: fileName, bytes, contest_only: !!contestOnly }),
  contestOnlySummary: () => authed('contest_only_summary'),
  setStudyLaws: (laws) => authed('set_study_laws', { laws }),
  previewLawImport: (fileName, bytes) => authed('preview_law_import', { file_name: fileName, bytes }),
  importLaw: (fileName, bytes) => authed('import_law', { file_name: fileName, bytes }),
  setAsideQuestions: () => authed('set_aside_questions'),
  setContestOnly: (req) => authed('set_contest_only', req),
  previewRoster: (fileName, bytes) => authed('preview_roster_import', { file_name: fileName, bytes }),
  importRoster: (fileName, bytes) => authed('import_roster', { file_name: fileName, bytes }),
  backups: () => authed('backups'),
  backupNow: () => authed('backup_now'),
  restoreBackup: (name) => authed('restore_backup', { name }),
  // item analysis, department weakness, 推荐练习
  itemAnalysis: (id) => authed('item_analysis', { id }),
  bankQuestion: (id) => authed('bank_question', { id }),
  retireQuestion: (id, reason) => authed('retire_question', { id, reason }),
  acceptSpelling: (id, spelling) => authed('accept_spelling', { id, spelling }),
  departmentWeakness: (id) => authed('department_weakness', { id }),
  recommendPractice: (contestId, department) => authed('recommend_practice', { contest_id: contestId, department }),
  myRecommendations: () => authed('my_recommendations'),
  recommendedSet: (id) => authed('recommended_set', { id }),
  // contests: staff
  openContests: () => authed('open_contests'),
  startAttempt: (id) => authed('start_attempt', { id }),
  attempt: (attemptId) => authed('attempt', { attempt_id: attemptId }),
  // seq: this page's version of its answer to `position` (1, 2, 3 …; a
  // resend keeps its number), so the host keeps the newest whatever order
  // the copies arrive in.
  contestAnswer: (attemptId, position, response, seq) => {
    const s = session.get();
    return queueAnswer({ token: s ? s.token : '', req: { attempt_id: attemptId, position, response, seq: seq || 0 } });
  },
  contestMark: (attemptId, position, marked) => authed('contest_mark', { attempt_id: attemptId, position, marked }),
  submitAttempt: async (attemptId) => {
    await answersDone; // hand in after the answers given before it
    return authed('submit_attempt', { attempt_id: attemptId });
  },
  attemptResult: (attemptId) => authed('attempt_result', { attempt_id: attemptId }),
  myResults: () => authed('my_results'),
  // LAN host (the desktop window only)
  hostStatus: () => authed('host_status'),
  setHost: (settings) => authed('set_host', settings),
  probeHost: (address) => call('probe_host', { req: { address } }),
  discoverHosts: () => call('discover_hosts'),
  // 现场竞答 (the live show): organizer
  showList: () => authed('show_list'),
  showGet: (id) => authed('show_get', { id }),
  showSave: (id, spec) => authed('show_save', { id: id || null, spec }),
  showDelete: (id) => authed('show_delete', { id }),
  showStart: (id) => authed('show_start', { id }),
  showAction: (id, action) => authed('show_action', { id, action }),
  showScreenToken: (id) => authed('show_screen_token', { id }),
  showOathStep: (id, step) => authed('show_oath_step', { id, step }),
  showRevoke: (id, device) => authed('show_revoke', { id, device }),
  showExport: (id) => authed('show_export', { id }),
  showCertificates: (id) => authed('show_certificates', { id }),
  // 现场竞答: team and audience devices (the show's code is the ticket)
  showJoin: (req) => call('show_join', { req }),
  showBuzz: (deviceToken) => call('show_buzz', { req: { device_token: deviceToken } }),
  showAnswer: (deviceToken, item, choice) => call('show_answer', { req: { device_token: deviceToken, item, choice } }),
  showPick: (deviceToken, value) => call('show_pick', { req: { device_token: deviceToken, value } }),
  showPublic: (token) => call('show_public', { req: { token } }),
  oathText: (show) => call('oath_text', { req: { show: show ?? null } }),
  showSubscribe: (token, onState, onStatus) => subscribeShow(token, onState, onStatus),
};

/**
 * The live show's pushes for a device or screen token: `onState(view)` with
 * each public view, `onStatus('ok' | 'reconnecting' | 'error', err)`.
 * Over the network, Server-Sent Events (GET /api/show_stream?token=…; the
 * browser reconnects by itself and the host sends the whole state again);
 * in the app's own window, which has no such stream, the same view is asked
 * for twice a second. Returns {close()}.
 */
function subscribeShow(token, onState, onStatus = () => {}) {
  let closed = false;
  if (transport === 'http' && typeof EventSource === 'function') {
    let es = null;
    let retry = null;
    const open = () => {
      if (closed) return;
      es = new EventSource(`/api/show_stream?token=${encodeURIComponent(token)}`);
      es.addEventListener('state', (ev) => {
        try {
          onState(JSON.parse(ev.data));
          onStatus('ok');
        } catch {
          /* a torn message: the next one is whole */
        }
      });
      es.addEventListener('error', () => {
        if (closed) return;
        onStatus('reconnecting');
        // EventSource retries by itself unless the host refused the stream
        // (closed for good): then ask whether the token still works (a
        // revoked or unknown one is an error the page must hear about) and
        // open again, slowly, so a host restart heals.
        if (es.readyState === EventSource.CLOSED) {
          clearTimeout(retry);
          retry = setTimeout(() => {
            call('show_public', { req: { token } })
              .then((v) => {
                onState(v);
                open();
              })
              .catch((e) => {
                if (e.code === OFFLINE) open();
                else onStatus('error', e);
              });
          }, 2000);
        }
      });
    };
    open();
    return {
      close() {
        closed = true;
        clearTimeout(retry);
        if (es) es.close();
      },
    };
  }
  let timer = null;
  const poll = async () => {
    if (closed) return;
    try {
      onState(await call('show_public', { req: { token } }));
      onStatus('ok');
    } catch (e) {
      onStatus(e.code === OFFLINE ? 'reconnecting' : 'error', e);
    }
    if (!closed) timer = setTimeout(poll, 500);
  };
  poll();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
