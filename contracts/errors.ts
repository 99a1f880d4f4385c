/**
 * The closed list of API error codes (API.md), their HTTP status and the Chinese message shown to
 * people. The one place where a code maps to a status.
 */
export const ERRORS = {
  invalid_request: { status: 400, message: '请求格式不正确，请检查后重试。' },
  invalid_phone: { status: 400, message: '请输入正确的中国大陆手机号码。' },
  captcha_failed: { status: 400, message: '安全验证未通过，请重新验证。' },
  invalid_code: { status: 401, message: '验证码错误、已过期或已使用，请重新获取。' },
  unauthenticated: { status: 401, message: '请先完成手机验证（验证已过期或未登录）。' },
  forbidden: { status: 403, message: '没有权限进行此操作。' },
  not_found: { status: 404, message: '找不到请求的内容。' },
  method_not_allowed: { status: 405, message: '不支持此请求方式。' },
  already_voted: { status: 409, message: '该手机号已在本次评选中投过票。' },
  poll_not_open: { status: 409, message: '投票未开始或已结束。' },
  notice_closed: { status: 409, message: '公示期已结束，不再受理异议。' },
  calendar_missing: { status: 409, message: '所涉年份的节假日安排尚未录入，请先录入或确认。' },
  invalid_choices: { status: 422, message: '所选候选项无效，请检查选择数量和选项。' },
  idempotency_mismatch: {
    status: 422,
    message: '该请求标识（Idempotency-Key）已用于内容不同的投票，请刷新页面后重新提交。',
  },
  rate_limited: { status: 429, message: '操作过于频繁，请稍后再试。' },
  internal: { status: 500, message: '服务器内部错误，请稍后再试。' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** One field-level problem, as returned in `error.issues`. */
export interface ErrorIssue {
  path: (string | number)[];
  message: string;
}

/** The error envelope every failing API response carries. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: ErrorIssue[] };
}
