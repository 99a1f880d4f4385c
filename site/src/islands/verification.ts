/**
 * What the vote and objection islands share: the page data the Worker wrote, the resend countdown,
 * asking for an SMS code (captcha first when configured) and the wording of a refusal.
 */
import { useEffect, useState } from 'preact/hooks';
import { maskPhone, normalisePhone } from '../../../contracts/phone';
import { api, send, type Refusal } from './api';
import type { CaptchaConfig } from './captcha';

/** The JSON the Worker placed in `<script type="application/json" data-slot="data">`, or null. */
export function readPageData<T>(): T | null {
  const el = document.querySelector('script[data-slot="data"]');
  try {
    return el?.textContent ? (JSON.parse(el.textContent) as T) : null;
  } catch {
    return null;
  }
}

/** Seconds until a new code may be asked for, ticking down once a second. */
export function useCountdown() {
  const [countdown, setCountdown] = useState(0);
  useEffect(() => {
    if (countdown <= 0) return;
    const id = setTimeout(() => setCountdown((n) => n - 1), 1000);
    return () => clearTimeout(id);
  }, [countdown]);
  return [countdown, setCountdown] as const;
}

/** The API's message, with when to try again for a rate limit. */
export function failureMessage(e: Refusal): string {
  if (e.code !== 'rate_limited' || !e.retryAfter) return e.message;
  return `${e.message}（约${e.retryAfter >= 120 ? `${Math.ceil(e.retryAfter / 60)}分钟` : `${e.retryAfter}秒`}后可重试）`;
}

export type CodeRequest =
  | { ok: true; challenge: string; resendIn: number; info: string }
  | { ok: false; error: Refusal; field: 'phone' | null };

/**
 * Asks for an SMS code for the typed phone, solving the captcha first when one is configured. On a
 * resend, `previous` is the challenge of the code this page asked for before, which the new one replaces.
 */
export async function sendCode(
  phone: string,
  captchaConfig: CaptchaConfig,
  host: HTMLElement,
  previous?: string,
): Promise<CodeRequest> {
  const normalised = normalisePhone(phone);
  if (!normalised)
    return {
      ok: false,
      error: { code: 'invalid_phone', message: '请输入正确的11位中国大陆手机号码。' },
      field: 'phone',
    };
  let captcha: string | undefined;
  if (captchaConfig.provider !== 'none') {
    const { solveCaptcha } = await import('./captcha');
    captcha = await solveCaptcha(captchaConfig, host).catch(() => undefined);
    if (!captcha) return { ok: false, error: { code: 'captcha_failed', message: '请先完成安全验证。' }, field: null };
  }
  const r = await send(api.otp.$post({ json: { phone: normalised, captcha, challenge: previous } }));
  if (!r.ok) return { ok: false, error: r.error, field: r.error.code === 'invalid_phone' ? 'phone' : null };
  return {
    ok: true,
    challenge: r.data.challenge,
    resendIn: r.data.resendIn,
    info: `验证码已发送至 ${maskPhone(normalised)}，${Math.round(r.data.expiresIn / 60)}分钟内有效。`,
  };
}
