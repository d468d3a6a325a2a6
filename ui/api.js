// The one module that talks to the backend. In the desktop window the
// transport is Tauri's invoke; every call returns the service's response or
// throws an ApiError carrying the backend's {code, message}.

export class ApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function toApiError(e) {
  if (e && typeof e === 'object' && typeof e.code === 'string') {
    return new ApiError(e.code, e.message || '操作失败，请重试。');
  }
  return new ApiError('unknown', typeof e === 'string' ? e : '操作失败，请重试。');
}

async function call(command, args = {}) {
  const invoke = window.__TAURI__ && window.__TAURI__.core && window.__TAURI__.core.invoke;
  if (!invoke) {
    throw new ApiError('no_backend', '没有连接到后台服务，请在法治知识竞答程序中打开本页面。');
  }
  try {
    return await invoke(command, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export const api = {
  startupStatus: () => call('startup_status'),
  home: () => call('home'),
  practiceNext: (subject, position) => call('practice_next', { req: { subject, position } }),
  practiceAnswer: (questionId, response) =>
    call('practice_answer', { req: { question_id: questionId, response } }),
};
