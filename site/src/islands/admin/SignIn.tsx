/**
 * /admin/: sign in with username and password, then the second factor — on the first sign-in the
 * authenticator enrolment (QR code, then the recovery codes shown once), later a TOTP code or a
 * recovery code. A half-open session found on load resumes at its second step.
 */
import { useEffect, useState } from 'preact/hooks';
import type { SecondFactorState } from '../../../../contracts/admin-accounts';
import { api, send, type ApiFailure, type DataOf } from '../api';
import { ErrorBanner, queryParam, TextField } from './ui';

type Step = 'loading' | 'password' | SecondFactorState | 'codes';

/** Only our own admin pages are places to return to after sign-in. */
function nextHref() {
  const next = queryParam('next');
  return next && /^\/admin\/[a-z/]*(\?[\w=&%.-]*)?$/.test(next) ? next : '/admin/dashboard/';
}

/** The sign-in island. */
export default function SignIn() {
  const [step, setStep] = useState<Step>('loading');
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>([]);
  useEffect(() => {
    void send(api.admin.session.$get()).then((r) => {
      if (r.ok && r.data.secondFactor === 'done') location.assign(nextHref());
      else setStep(r.ok ? r.data.secondFactor : 'password');
    });
  }, []);
  const done = () => location.assign(nextHref());
  // Move focus to each new step's heading, so keyboard and screen-reader users follow the change.
  useEffect(() => document.getElementById('signin-step')?.focus(), [step]);
  return (
    <section class="panel narrow" aria-labelledby="signin-title">
      <h1 id="signin-title">管理后台登录</h1>
      {step === 'loading' && <p>正在加载……</p>}
      {step === 'password' && <PasswordStep onNext={(s) => (s === 'done' ? done() : setStep(s))} />}
      {step === 'enrol' && (
        <EnrolStep
          onDone={(codes) => {
            setRecoveryCodes(codes);
            setStep('codes');
          }}
        />
      )}
      {step === 'verify' && <VerifyStep onDone={done} />}
      {step === 'codes' && <RecoveryCodes codes={recoveryCodes} onDone={done} />}
    </section>
  );
}

function PasswordStep({ onNext }: { onNext: (s: SecondFactorState) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const r = await send(api.admin.session.$post({ json: { username, password } }));
    setBusy(false);
    if (r.ok) onNext(r.data.secondFactor);
    else setError(r.error);
  };
  return (
    <form onSubmit={submit} noValidate>
      <ErrorBanner error={error} />
      <TextField
        label="用户名"
        error={error?.fields.username}
        name="username"
        autocomplete="username"
        required
        value={username}
        onValue={setUsername}
      />
      <TextField
        label="密码"
        error={error?.fields.password}
        name="password"
        type="password"
        autocomplete="current-password"
        required
        value={password}
        onValue={setPassword}
      />
      <button type="submit" disabled={busy}>
        {busy ? '正在登录……' : '登录'}
      </button>
    </form>
  );
}

function CodeInput({ value, onInput, error }: { value: string; onInput: (v: string) => void; error?: string }) {
  return (
    <TextField
      label="动态验证码（6 位）"
      error={error}
      name="code"
      inputMode="numeric"
      autocomplete="one-time-code"
      pattern="[0-9 ]*"
      maxLength={7}
      required
      value={value}
      onValue={onInput}
    />
  );
}

function EnrolStep({ onDone }: { onDone: (codes: string[]) => void }) {
  const [enrolment, setEnrolment] = useState<DataOf<typeof api.admin.session.totp.enrol.$post> | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void send(api.admin.session.totp.enrol.$post()).then((r) => (r.ok ? setEnrolment(r.data) : setError(r.error)));
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const r = await send(api.admin.session.totp.confirm.$post({ json: { code } }));
    setBusy(false);
    if (r.ok) onDone(r.data.recoveryCodes);
    else setError(r.error);
  };
  return (
    <form onSubmit={submit} noValidate>
      <h2 id="signin-step" tabIndex={-1}>
        绑定身份验证器
      </h2>
      <p>
        首次登录需要绑定身份验证器（如腾讯身份验证器、Microsoft
        Authenticator）。用手机应用扫描下方二维码，然后输入应用显示的 6 位验证码。
      </p>
      <ErrorBanner error={error} />
      {enrolment && (
        <div class="qr">
          <img
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`}
            width={220}
            height={220}
            alt="身份验证器绑定二维码"
          />
          <p>
            无法扫码时，手动输入密钥：
            <code class="secret" data-testid="totp-secret" data-uri={enrolment.uri}>
              {enrolment.secret}
            </code>
          </p>
        </div>
      )}
      <CodeInput value={code} onInput={setCode} error={error?.fields.code} />
      <button type="submit" disabled={busy || !enrolment}>
        {busy ? '正在验证……' : '完成绑定'}
      </button>
    </form>
  );
}

function VerifyStep({ onDone }: { onDone: () => void }) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const body = useRecovery ? { recoveryCode: value } : { code: value };
    const r = await send(api.admin.session.totp.$post({ json: body }));
    setBusy(false);
    if (r.ok) onDone();
    else setError(r.error);
  };
  return (
    <form onSubmit={submit} noValidate>
      <h2 id="signin-step" tabIndex={-1}>
        两步验证
      </h2>
      <ErrorBanner error={error} />
      {useRecovery ? (
        <TextField
          label="恢复码（XXXXX-XXXXX）"
          error={error?.fields.recoveryCode}
          name="recoveryCode"
          autocomplete="off"
          required
          value={value}
          onValue={setValue}
        />
      ) : (
        <CodeInput value={value} onInput={setValue} error={error?.fields.code} />
      )}
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? '正在验证……' : '验证'}
        </button>
        <button
          type="button"
          class="link"
          onClick={() => {
            setUseRecovery(!useRecovery);
            setValue('');
            setError(null);
          }}
        >
          {useRecovery ? '改用动态验证码' : '手机丢失？使用恢复码'}
        </button>
      </div>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div>
      <h2 id="signin-step" tabIndex={-1}>
        保存恢复码
      </h2>
      <p role="status">
        身份验证器已绑定。以下 {codes.length} 个恢复码<strong>只显示这一次</strong>
        ：请打印或离线保存。手机丢失时，每个恢复码可代替一次动态验证码。
      </p>
      <ol class="codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <RecoveryCodeTools codes={codes} />
      <button type="button" class="no-print" onClick={onDone}>
        我已保存，进入管理后台
      </button>
    </div>
  );
}

/**
 * Print (the page's print style leaves only the codes and the note on paper) or copy the codes,
 * one per line; the outcome of copying is announced.
 */
function RecoveryCodeTools({ codes }: { codes: string[] }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopied('已复制到剪贴板，请粘贴到离线保存的文件中。');
    } catch {
      setCopied('无法访问剪贴板，请手动选中恢复码复制，或打印。');
    }
  };
  return (
    <div class="actions no-print" style={{ marginBottom: '12px' }}>
      <button type="button" class="secondary" onClick={() => window.print()}>
        打印恢复码
      </button>
      <button type="button" class="secondary" onClick={() => void copy()}>
        复制恢复码
      </button>
      <p role="status" class="hint">
        {copied}
      </p>
    </div>
  );
}
