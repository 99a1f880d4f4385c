/**
 * Phone number, 获取验证码 with its countdown, the captcha's mount point and the SMS code: the
 * fields the vote and objection islands both show before a phone is verified.
 */
import type { RefObject } from 'preact';

export function PhoneCodeFields(p: {
  phone: string;
  onPhone: (v: string) => void;
  code: string;
  onCode: (v: string) => void;
  countdown: number;
  /** A request is running: 'otp' while the code is being sent. */
  busy: string | null;
  onAskForCode: () => void;
  /** The field the last error is about, marked aria-invalid. */
  invalid: string | null | undefined;
  captchaHost: RefObject<HTMLDivElement>;
  phoneRef?: RefObject<HTMLInputElement>;
  codeRef?: RefObject<HTMLInputElement>;
}) {
  return (
    <>
      <div class="row">
        <label class="field">
          <span>手机号码</span>
          <input
            ref={p.phoneRef}
            type="tel"
            inputMode="numeric"
            autoComplete="tel"
            maxLength={20}
            placeholder="11位手机号码"
            value={p.phone}
            aria-invalid={p.invalid === 'phone'}
            onInput={(e) => p.onPhone(e.currentTarget.value)}
          />
        </label>
        <button
          type="button"
          class="button secondary"
          disabled={p.busy !== null || p.countdown > 0}
          onClick={p.onAskForCode}
        >
          {p.countdown > 0 ? `重新获取(${p.countdown}s)` : p.busy === 'otp' ? '发送中…' : '获取验证码'}
        </button>
      </div>
      <div ref={p.captchaHost} />
      <label class="field">
        <span>短信验证码</span>
        <input
          ref={p.codeRef}
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          placeholder="6位数字"
          value={p.code}
          aria-invalid={p.invalid === 'code'}
          onInput={(e) => p.onCode(e.currentTarget.value.replace(/\D/g, ''))}
        />
      </label>
    </>
  );
}
