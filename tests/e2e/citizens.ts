/**
 * What citizens do in the admin specs: verify a phone by SMS code (the console provider's outbox at
 * /api/dev/sms), vote through the public API, object to a 公示 on its page.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { expect } from './fixtures';

/** A voter session for `phone` through the real SMS flow; answers its bearer token. */
export async function voterToken(api: APIRequestContext, phone: string): Promise<string> {
  const otp = await api.post('/api/otp', { data: { phone } });
  expect(otp.status(), await otp.text()).toBe(202);
  const { challenge } = await otp.json();
  const { messages } = await (await api.get(`/api/dev/sms?phone=${phone}`)).json();
  const session = await api.post('/api/voter-session', { data: { phone, code: messages[0].code, challenge } });
  expect(session.status(), await session.text()).toBe(200);
  return (await session.json()).token;
}

/** One ballot, which the server must accept (counted or quarantined). */
export async function castBallot(api: APIRequestContext, slug: string, token: string, choices: number[]) {
  const res = await api.post(`/api/polls/${slug}/ballots`, {
    data: { choices },
    headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': crypto.randomUUID() },
  });
  expect(res.status(), await res.text()).toBe(201);
}

/**
 * Objects on the open notice page `page` shows, as a citizen types it (optionally against one item);
 * answers the tracking number.
 */
export async function fileObjection(
  page: Page,
  o: { name: string; phone: string; content: string; item?: string },
): Promise<string> {
  await page.getByLabel('真实姓名').fill(o.name);
  await page.getByLabel('手机号码').fill(o.phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('button', { name: /重新获取/ })).toBeVisible();
  const { messages } = await (await page.request.get(`/api/dev/sms?phone=${o.phone}`)).json();
  await page.getByLabel('短信验证码').fill(messages[0].code);
  if (o.item) await page.getByLabel('异议对象（选填）').selectOption({ label: o.item });
  await page.getByLabel(/异议内容/).fill(o.content);
  await page.getByRole('button', { name: '提交异议' }).click();
  await expect(page.getByRole('heading', { name: '异议已受理' })).toBeVisible();
  return (await page.locator('.receipt-code').textContent())!.trim();
}
