/**
 * Citizen-facing texts (zh-CN) that the Worker sends and the vote island shows, worded once. The
 * error codes' default messages are here (contracts/errors.ts maps codes to them), and so are the
 * more specific wordings the services and the island use for the same situations. One export per
 * text, so an island bundles only the texts it imports.
 */

export const invalidRequest = '请求格式不正确，请检查后重试。';
/** A phone number that is not a mainland mobile number, wherever it is checked. */
export const invalidPhone = '请输入正确的11位中国大陆手机号码。';
export const captchaFailed = '安全验证未通过，请重新验证。';
export const invalidCode = '验证码错误、已过期或已使用，请重新获取。';
export const unauthenticated = '请先完成手机验证（验证已过期或未登录）。';
export const forbidden = '没有权限进行此操作。';
/** An admin route refused because of the caller's role (worker/routes/admin/access.ts). */
export const roleForbidden = '您的角色无权进行此操作。';
/** A city admin made or raised in the admin area, before a second city admin confirms it. */
export const pendingConfirmation = '该城市管理员账号尚待另一位城市管理员确认。';
export const notFound = '找不到请求的内容。';
export const methodNotAllowed = '不支持此请求方式。';
export const alreadyVoted = '该手机号已在本次评选中投过票。';
/** `already_voted` in a poll that allows one ballot per day. */
export const alreadyVotedToday = '该手机号今天已在本次评选中投过票，请明天再来。';
export const pollNotOpen = '投票未开始或已结束。';
export const noticeClosed = '公示期已结束，不再受理异议。';
export const calendarMissing = '所涉年份的节假日安排尚未录入，请先录入或确认。';
export const invalidChoices = '所选候选项无效，请检查选择数量和选项。';
export const rateLimited = '操作过于频繁，请稍后再试。';
export const internal = '服务器内部错误，请稍后再试。';

/** `rate_limited` for a new SMS code inside the resend cooldown. */
export const codeResendTooSoon = '验证码发送过于频繁，请稍后再试。';
/** `invalid_code` once the wrong attempts have used the code up. */
export const codeAttemptsExhausted = '验证码错误次数过多，已失效，请重新获取。';
/** `invalid_code` with attempts left. */
export const codeAttemptsLeft = (left: number) => `验证码错误，还可尝试${left}次。`;
/** `not_found` for a receipt code, on the receipt page and from the receipt API. */
export const receiptNotFound = '找不到该回执码，请检查是否输入正确。';
/** `invalid_request` (413) for a body over the API's size limit. */
export const bodyTooLarge = '请求内容过大。';

export const embargoed = '投票结果尚未公布，暂不能查看票数。';
export const stageNotOpen = '该环节尚未开始或已结束，不能进行此操作。';
export const deadlinePassed = '已超过截止时间，不再受理。';
export const quotaExceeded = '已达到名额上限。';
export const conflict = '当前状态不允许此操作，请刷新后重试。';
export const notImplemented = '暂不支持此格式。';
export const upstreamFailed = '外部服务暂时无法访问，请稍后再试。';
export const notConfigured = '本站未开启此功能。';
export const invalidCredentials = '用户名或密码错误。';
export const idempotencyMismatch = '该请求标识（Idempotency-Key）已用于内容不同的投票，请刷新页面后重新提交。';
/** `round_open`: the next round waits until the current one is finished or closed. */
export const roundOpen = '本赛道当前年度评选尚未结束，不能开始新的年度评选。';
/** `round_closed`: a finished or closed round is read-only. */
export const roundClosed = '该年度评选已结束，往年记录只读，不能修改。';
