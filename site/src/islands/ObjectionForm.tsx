/**
 * The objection island of /notices/{slug}/: real name, phone verified by SMS code (the same challenge
 * flow and API calls as the vote island), contact, content and an optional item. Shown only while
 * the notice is open; the tracking number links to the status page.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Notice } from '../../../contracts/api';
import { OBJECTION_MAX_CHARS } from '../../../contracts/publicity';
import { normalisePhone } from '../../../contracts/phone';
import { api, bearer, send, type Refusal } from './api';
import { PhoneCodeFields } from './PhoneCodeFields';
import { failureMessage, readPageData, sendCode, useCountdown } from './verification';
import type { CaptchaConfig } from './captcha';

interface PageData {
  notice: Notice;
  captcha: CaptchaConfig;
}

type Field = 'name' | 'phone' | 'code' | 'content' | null;

export default function ObjectionForm() {
  const [data] = useState(() => readPageData<PageData>());
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [content, setContent] = useState('');
  const [itemId, setItemId] = useState('');
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [voter, setVoter] = useState<{ phone: string; token: string | null } | null>(null);
  const [countdown, setCountdown] = useCountdown();
  const [busy, setBusy] = useState<'otp' | 'send' | null>(null);
  const [error, setError] = useState<{ message: string; field: Field } | null>(null);
  const [info, setInfo] = useState('');
  const [trackingNo, setTrackingNo] = useState<string | null>(null);
  const challenge = useRef<string | undefined>(undefined);
  const captchaHost = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void send(api['voter-session'].$get()).then(
      (r) => r.ok && r.data.session && setVoter({ phone: r.data.session.phone, token: null }),
    );
  }, []);

  if (!data || data.notice.status !== 'open') return null;
  const notice = data.notice;

  const fail = (e: Refusal, field: Field = null) => {
    setError({ message: failureMessage(e), field });
    setInfo('');
  };

  async function askForCode() {
    setBusy('otp');
    setError(null);
    try {
      const r = await sendCode(phone, data!.captcha, captchaHost.current!, challenge.current);
      if (!r.ok) return fail(r.error, r.field);
      challenge.current = r.challenge;
      setCountdown(r.resendIn);
      setInfo(r.info);
    } finally {
      setBusy(null);
    }
  }

  async function submit() {
    if (!name.trim()) return fail({ code: 'invalid_request', message: '请填写真实姓名。' }, 'name');
    if (!content.trim()) return fail({ code: 'invalid_request', message: '请填写异议内容。' }, 'content');
    setBusy('send');
    setError(null);
    try {
      let session = voter;
      if (!session) {
        const normalised = normalisePhone(phone);
        if (!normalised) return fail({ code: 'invalid_phone', message: '请输入正确的11位中国大陆手机号码。' }, 'phone');
        if (!/^\d{6}$/.test(code)) return fail({ code: 'invalid_code', message: '请输入短信中的6位验证码。' }, 'code');
        const r = await send(
          api['voter-session'].$post({ json: { phone: normalised, code, challenge: challenge.current } }),
        );
        if (!r.ok) return fail(r.error, r.error.code === 'invalid_code' ? 'code' : null);
        session = { phone: r.data.phone, token: r.data.token };
        setVoter(session);
      }
      const body = {
        name: name.trim(),
        content: content.trim(),
        ...(contact.trim() ? { contact: contact.trim() } : {}),
        ...(itemId ? { itemId: Number(itemId) } : {}),
      };
      const r = await send(
        api.notices[':slug'].objections.$post(
          { param: { slug: notice.slug }, json: body },
          { headers: bearer(session.token) },
        ),
      );
      if (r.ok) {
        setTrackingNo(r.data.trackingNo);
        return;
      }
      if (r.error.code === 'unauthenticated') {
        setVoter(null);
        setCode('');
        return fail({ ...r.error, message: '手机验证已过期，请重新获取验证码。' }, 'phone');
      }
      fail(r.error);
    } finally {
      setBusy(null);
    }
  }

  if (trackingNo)
    return (
      <section class="card" aria-labelledby="objection-done">
        <h2 id="objection-done">异议已受理</h2>
        <div class="success" role="status">
          <p>请保存受理编号，可凭编号查询办理进度和答复：</p>
          <p class="receipt-code">{trackingNo}</p>
          <p>
            <a href={`/objections/${trackingNo}/`}>查询办理进度</a>
          </p>
        </div>
      </section>
    );

  return (
    <section class="card" aria-labelledby="objection-form">
      <h2 id="objection-form">在线提出异议</h2>
      <label class="field">
        <span>真实姓名</span>
        <input
          value={name}
          maxLength={50}
          autoComplete="name"
          aria-invalid={error?.field === 'name'}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      {voter ? (
        <p>
          已验证手机号 <strong>{voter.phone}</strong>。
        </p>
      ) : (
        <PhoneCodeFields
          phone={phone}
          onPhone={setPhone}
          code={code}
          onCode={setCode}
          countdown={countdown}
          busy={busy}
          onAskForCode={askForCode}
          invalid={error?.field}
          captchaHost={captchaHost}
        />
      )}
      <label class="field">
        <span>其他联系方式（选填）</span>
        <input value={contact} maxLength={100} onInput={(e) => setContact(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>异议对象（选填）</span>
        <select value={itemId} onChange={(e) => setItemId(e.currentTarget.value)}>
          <option value="">整份公示</option>
          {notice.items.map((it) => (
            <option key={it.id} value={String(it.id)}>
              {it.name}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>
          异议内容（{content.length}/{OBJECTION_MAX_CHARS}字）
        </span>
        <textarea
          rows={6}
          maxLength={OBJECTION_MAX_CHARS}
          value={content}
          aria-invalid={error?.field === 'content'}
          onInput={(e) => setContent(e.currentTarget.value)}
        />
      </label>
      {info && (
        <p class="muted" role="status">
          {info}
        </p>
      )}
      {error && (
        <p class="alert" role="alert">
          {error.message}
        </p>
      )}
      <button type="button" class="button block" disabled={busy !== null} onClick={submit}>
        {busy === 'send' ? '提交中…' : '提交异议'}
      </button>
      <p class="muted">请实名反映，手机号仅用于验证和必要时联系您，不会公开；查询进度时不显示姓名和手机号。</p>
    </section>
  );
}
