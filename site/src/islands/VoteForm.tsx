/**
 * The vote island of /polls/{slug}/. The server renders the finalists as a form of checkboxes; this
 * island counts and limits the choices, verifies the phone by SMS code and casts the ballot.
 * WeChat and Douyin in-app browsers: no localStorage, no pop-ups; the session token lives in memory
 * (and in an HttpOnly cookie), and every error keeps what the citizen entered.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { BallotReceipt, VotePagePoll } from '../../../contracts/api';
import { normalisePhone } from '../../../contracts/phone';
import { PAGE_FRESH_SECONDS, PAGE_STALE_SECONDS } from '../../../contracts/site';
import { api, bearer, send, type Refusal } from './api';
import { PhoneCodeFields } from './PhoneCodeFields';
import { failureMessage, readPageData, sendCode, useCountdown } from './verification';
import type { CaptchaConfig } from './captcha';

interface PageData {
  poll: VotePagePoll;
  captcha: CaptchaConfig;
}

type Field = 'phone' | 'code' | 'choices' | null;

const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

export default function VoteForm() {
  const [data] = useState(() => readPageData<PageData>());
  const [selected, setSelected] = useState<number[]>([]);
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [voter, setVoter] = useState<{ phone: string; token: string | null } | null>(null);
  const [countdown, setCountdown] = useCountdown();
  const [busy, setBusy] = useState<'otp' | 'vote' | null>(null);
  const [error, setError] = useState<{ message: string; field: Field } | null>(null);
  const [info, setInfo] = useState('');
  const [receipt, setReceipt] = useState<BallotReceipt | null>(null);
  const [finished, setFinished] = useState(false);
  // The receipt is of a ballot cast before this page was opened (this session's phone already voted).
  const [earlier, setEarlier] = useState(false);
  const idempotencyKey = useRef(newKey());
  // Binds the SMS code to this page: the server refuses the code without it.
  const challenge = useRef<string | undefined>(undefined);
  const phoneRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const captchaHost = useRef<HTMLDivElement>(null);
  const found = typeof document !== 'undefined' ? document.getElementById('ballot-form') : null;
  const form = found instanceof HTMLFormElement ? found : null;
  const max = data?.poll.maxChoices ?? 0;

  // Mirror the server-rendered checkboxes and keep at most `max` of them checked.
  useEffect(() => {
    if (!form) return;
    const boxes = () => [...form.querySelectorAll<HTMLInputElement>('input[name="choice"]')];
    const sync = () => {
      const ids = boxes()
        .filter((b) => b.checked)
        .map((b) => Number(b.value));
      for (const b of boxes()) b.disabled = finished || (!b.checked && ids.length >= max);
      setSelected(ids);
    };
    sync();
    form.addEventListener('change', sync);
    return () => form.removeEventListener('change', sync);
  }, [form, max, finished]);

  // The fixed counter bar must not cover the end of the page.
  useEffect(() => {
    const shown = Boolean(data && data.poll.status === 'open' && form && !finished);
    document.body.classList.toggle('has-vote-bar', shown);
  }, [data, form, finished]);

  // One verification serves every open poll: pick up a session from the cookie. A phone that has
  // already voted here (today, in a daily poll) sees its receipt instead of the ballot paper.
  useEffect(() => {
    void send(api['voter-session'].$get()).then(async (r) => {
      if (!r.ok || !r.data.session) return;
      const session = { phone: r.data.session.phone, token: null };
      setVoter(session);
      if (data) await showEarlierBallot(session);
    });
  }, []);

  // Ticks the boxes of the ballot the receipt shows (the sync above then disables them all).
  useEffect(() => {
    if (!form || !receipt) return;
    for (const b of form.querySelectorAll<HTMLInputElement>('input[name="choice"]'))
      b.checked = receipt.choices.includes(Number(b.value));
    form.dispatchEvent(new Event('change'));
  }, [form, receipt]);

  /** Shows the ballot this session's phone cast in the poll, if any; true when there is one. */
  async function showEarlierBallot(session: { token: string | null }): Promise<boolean> {
    const mine = await send(
      api.polls[':slug']['my-ballot'].$get({ param: { slug: data!.poll.slug } }, { headers: bearer(session.token) }),
    );
    if (!mine.ok || !mine.data.ballot) return false;
    setReceipt(mine.data.ballot);
    setEarlier(true);
    setFinished(true);
    setError(null);
    return true;
  }

  if (!data || data.poll.status !== 'open' || !form) return null;
  const poll = data.poll;

  const fail = (e: Refusal, field: Field = null) => {
    setError({ message: failureMessage(e), field });
    setInfo('');
    (field === 'phone' ? phoneRef : field === 'code' ? codeRef : null)?.current?.focus();
  };

  async function askForCode() {
    setBusy('otp');
    setError(null);
    try {
      const r = await sendCode(phone, data!.captcha, captchaHost.current!, challenge.current);
      if (!r.ok) {
        if (r.error.code === 'rate_limited' && r.error.retryAfter && r.error.retryAfter <= 60)
          setCountdown(r.error.retryAfter);
        return fail(r.error, r.field);
      }
      challenge.current = r.challenge;
      setCountdown(r.resendIn);
      setInfo(r.info);
      codeRef.current?.focus();
    } finally {
      setBusy(null);
    }
  }

  async function vote() {
    if (!selected.length) return fail({ code: 'invalid_choices', message: '请至少选择1项。' }, 'choices');
    setBusy('vote');
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
        if (!r.ok)
          return fail(
            r.error,
            r.error.code === 'invalid_code' ? 'code' : r.error.code === 'invalid_phone' ? 'phone' : null,
          );
        session = { phone: r.data.phone, token: r.data.token };
        setVoter(session);
      }
      // The same Idempotency-Key on a retry returns the same receipt.
      const r = await send(
        api.polls[':slug'].ballots.$post(
          {
            param: { slug: poll.slug },
            json: { choices: selected },
            header: { 'Idempotency-Key': idempotencyKey.current },
          },
          { headers: bearer(session.token) },
        ),
      );
      if (r.ok) {
        setReceipt(r.data);
        setFinished(true);
        setInfo('');
        return;
      }
      if (r.error.code === 'unauthenticated') {
        setVoter(null);
        setCode('');
        return fail({ ...r.error, message: '手机验证已过期，请重新获取验证码。' }, 'phone');
      }
      if (r.error.code === 'already_voted' && (await showEarlierBallot(session))) return;
      if (r.error.code === 'already_voted' || r.error.code === 'poll_not_open') setFinished(true);
      fail(r.error, r.error.code === 'invalid_choices' ? 'choices' : null);
    } finally {
      setBusy(null);
    }
  }

  const names = new Map(poll.candidates.map((c) => [c.id, c.name]));
  const daily = poll.ballotMode === 'daily';

  return (
    <>
      {!finished && (
        <div class="vote-bar" role="region" aria-label="已选数量">
          <div class="inner">
            <span aria-live="polite">
              已选 <strong>{selected.length}</strong> / {max} 项
            </span>
            <a class="button" href="#vote-panel">
              去投票
            </a>
          </div>
        </div>
      )}
      <section id="vote-panel" class="card" aria-labelledby="vote-title">
        <h2 id="vote-title">{receipt ? (earlier ? '已投票' : '投票成功') : '验证手机号并投票'}</h2>
        {receipt ? (
          <div class="success" role="status">
            <p>
              {earlier
                ? daily
                  ? '该手机号今天已在本次评选中投票，明天可再投。回执码：'
                  : '该手机号已在本次评选中投票，不能再投。回执码：'
                : '您的选票已提交。请保存回执码，可随时查询这张选票是否计入：'}
            </p>
            <p class="receipt-code">{receipt.receipt}</p>
            <p>
              {earlier ? '所选' : '您选择了'}：{receipt.choices.map((id) => names.get(id) ?? id).join('、')}
            </p>
            <p>
              <a href={`/receipts/${receipt.receipt}/`}>查询这张选票</a>
            </p>
            <p class="muted count-note">
              选票通过<a href="/rules/">投票规则</a>的自动检查后计入票数，需人工复核的选票在复核前不计入。
              {poll.liveCounts &&
                `页面上的票数每 ${PAGE_FRESH_SECONDS} 秒更新一次，新选票最迟约 ${PAGE_FRESH_SECONDS + PAGE_STALE_SECONDS} 秒后计入显示，刷新页面即可查看。`}
            </p>
          </div>
        ) : (
          <>
            {voter ? (
              <p>
                已验证手机号 <strong>{voter.phone}</strong>，可直接提交。
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
                phoneRef={phoneRef}
                codeRef={codeRef}
              />
            )}
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
            <button type="button" class="button block" disabled={busy !== null || finished} onClick={vote}>
              {busy === 'vote' ? '提交中…' : `提交投票（已选 ${selected.length} 项）`}
            </button>
            <p class="muted">每个手机号限投一次，提交后不可更改。手机号仅用于验证，不会公开。</p>
          </>
        )}
      </section>
    </>
  );
}
