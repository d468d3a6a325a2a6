// The one module that talks to the backend. In the desktop window the
// transport is Tauri's invoke; every call returns the service's response or
// throws an ApiError carrying the backend's {code, message}. The session
// token is kept for this window only (sessionStorage) and sent with every
// call that needs it.

export class ApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const TOKEN_KEY = 'lawquiz.session';

export const session = {
  get() {
    try { return JSON.parse(sessionStorage.getItem(TOKEN_KEY) || 'null'); } catch { return null; }
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
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

async function call(command, args = {}) {
  const invoke = window.__TAURI__ && window.__TAURI__.core && window.__TAURI__.core.invoke;
  if (!invoke) {
    throw new ApiError('no_backend', '没有连接到后台服务，请在法治知识竞答程序中打开本页面。');
  }
  try {
    return await invoke(command, args);
  } catch (e) {
    const err = toApiError(e);
    if (err.code === 'unauthorized') {
      session.clear();
      onUnauthorized();
    }
    throw err;
  }
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
  logout: () => authed('logout'),
  whoami: () => authed('whoami'),
  about: () => authed('about'),
  // staff
  home: () => authed('home'),
  practiceScopes: (subject) => authed('practice_scopes', { subject }),
  practiceStart: (scope, order, filter) => authed('practice_start', { scope, order, filter }),
  wrongBookSet: () => authed('wrong_book_set'),
  practiceQuestion: (id) => authed('practice_question', { id }),
  practiceAnswer: (questionId, response) => authed('practice_answer', { question_id: questionId, response }),
  studyEvent: (kind) => authed('study_event', { kind }),
  myStudy: () => authed('my_study'),
  // law library
  libraryTree: (law) => authed('library_tree', { law }),
  libraryArticles: (law, from, to) => authed('library_articles', { law, from, to }),
  librarySearch: (query, law) => authed('library_search', { query, law: law || null }),
  articleQuestions: (law, article) => authed('article_questions', { law, article }),
  // organizer
  people: () => authed('people'),
  saveEmployee: (req) => authed('save_employee', req),
  resetPin: (id) => authed('reset_pin', { id }),
  issueLoginCodes: (ids) => authed('issue_login_codes', { ids }),
  studyReport: () => authed('study_report'),
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
  runDraw: (id, phrase) => authed('run_draw', { id, phrase }),
  verifyDraw: (id, drawId) => authed('verify_draw', { id, draw_id: drawId }),
  bigScreen: (id) => authed('big_screen', { id }),
  exportContest: (id, format, table) => authed('export_contest', { id, format, table: table || 'ranking' }),
  exportStudy: (format) => authed('export_study', { format }),
  exportQuestions: () => authed('export_questions'),
  downloadTemplate: (kind) => authed('download_template', { kind }),
  previewImport: (fileName, bytes) => authed('preview_question_import', { file_name: fileName, bytes }),
  importQuestions: (fileName, bytes) => authed('import_questions', { file_name: fileName, bytes }),
  previewRoster: (fileName, bytes) => authed('preview_roster_import', { file_name: fileName, bytes }),
  importRoster: (fileName, bytes) => authed('import_roster', { file_name: fileName, bytes }),
  backups: () => authed('backups'),
  backupNow: () => authed('backup_now'),
  restoreBackup: (name) => authed('restore_backup', { name }),
  // contests: staff
  openContests: () => authed('open_contests'),
  startAttempt: (id) => authed('start_attempt', { id }),
  attempt: (attemptId) => authed('attempt', { attempt_id: attemptId }),
  contestAnswer: (attemptId, position, response) => authed('contest_answer', { attempt_id: attemptId, position, response }),
  contestMark: (attemptId, position, marked) => authed('contest_mark', { attempt_id: attemptId, position, marked }),
  submitAttempt: (attemptId) => authed('submit_attempt', { attempt_id: attemptId }),
  attemptResult: (attemptId) => authed('attempt_result', { attempt_id: attemptId }),
};
