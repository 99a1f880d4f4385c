/**
 * Building blocks shared by the admin islands: mounting an island into its page, the session guard
 * with the signed-in bar, labelled form fields with inline errors, and the error banner.
 */
import type { ComponentChildren, ComponentType, JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { STAFF_ROLE_LABELS, type StaffRole } from '../../../../contracts/admin-accounts';
import { api, send, type ApiFailure, type Call, type DataOf } from '../api';
import { mountIsland } from '../mount';
import { useCountyName } from './counties';

/** The signed-in staff member's session, as GET /api/admin/session answers it. */
export type AdminSession = DataOf<typeof api.admin.session.$get>;

/** Renders `Island` into the page's `#admin-app` (see ../mount.ts for why not Astro's `client:*`). */
export function mount(Island: ComponentType) {
  mountIsland('admin-app', Island);
}

/** Where the sign-in page sends a staff member back to after signing in. */
function signInHref() {
  return `/admin/?next=${encodeURIComponent(location.pathname + location.search)}`;
}

/**
 * Loads the session; without a complete one, goes to the sign-in page. Renders the signed-in bar
 * (name, role, sign-out) and then `children(session)`.
 */
export function RequireSession({ children }: { children: (s: AdminSession) => ComponentChildren }) {
  const [session, setSession] = useState<AdminSession | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  useEffect(() => {
    void send(api.admin.session.$get()).then((r) => {
      if (r.ok && r.data.secondFactor === 'done') {
        showNavFor(r.data.account.role);
        setSession(r.data);
      } else if (r.ok || r.status === 401) location.assign(signInHref());
      else setFailure(r.error);
    });
  }, []);
  if (failure) return <ErrorBanner error={failure} />;
  if (!session) return <p aria-live="polite">正在加载……</p>;
  return (
    <>
      <SessionBar session={session} />
      {children(session)}
    </>
  );
}

/**
 * Leaves in the navigation only the pages the role may use (layouts/Admin.astro marks each with
 * `data-roles`, after the roles × routes matrix of docs/admin.md), so no one meets a 403 in normal use.
 */
function showNavFor(role: StaffRole) {
  for (const item of document.querySelectorAll<HTMLElement>('[data-roles]'))
    item.hidden = !(item.dataset.roles ?? '').split(' ').includes(role);
}

function SessionBar({ session }: { session: AdminSession }) {
  const countyName = useCountyName();
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    await send(api.admin.session.$delete());
    location.assign('/admin/');
  };
  const a = session.account;
  return (
    <div class="session-bar">
      <span>
        {a.displayName}（{a.username}，{roleLabel(a.role)}
        {a.countyId ? `，${countyName(a.countyId)}` : ''}）
      </span>
      <button type="button" class="secondary" onClick={signOut} disabled={busy}>
        退出登录
      </button>
      {a.pendingConfirmation && (
        <p class="error-banner" role="status">
          该城市管理员账号尚待另一位城市管理员确认。确认前只能修改自己的密码和退出登录。
        </p>
      )}
    </div>
  );
}

/** The Chinese name of a role. */
export const roleLabel = (r: StaffRole) => STAFF_ROLE_LABELS[r] ?? r;

/**
 * An error from the API, announced to screen readers. A refusal of the form's fields lists what to
 * change (each message names its field) instead of the generic 请求格式不正确, and goes away once
 * the form is edited; the fields keep their own messages until each is fixed.
 */
export function ErrorBanner({ error }: { error: ApiFailure | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const [stale, setStale] = useState(false);
  useEffect(() => {
    setStale(false);
    const form = ref.current?.closest('form, section, article');
    if (!form) return;
    const edited = () => setStale(true);
    form.addEventListener('input', edited);
    form.addEventListener('change', edited);
    return () => {
      form.removeEventListener('input', edited);
      form.removeEventListener('change', edited);
    };
  }, [error]);
  if (!error) return null;
  const fieldMessages = [...new Set(Object.values(error.fields))];
  if (error.code === 'invalid_request' && fieldMessages.length) {
    return (
      <div ref={ref} class="error-banner" role="alert" hidden={stale}>
        请修改以下内容后再提交：
        <ul>
          {fieldMessages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <div ref={ref} role="alert">
      <p class="error-banner">{error.message}</p>
    </div>
  );
}

/** A success message, announced politely. */
export function Notice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p class="notice" role="status">
      {text}
    </p>
  );
}

let fieldSeq = 0;

/** A labelled input or control with its inline error (from the envelope's issues). */
export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string;
  hint?: string;
  children: (id: string, describedBy: string | undefined) => JSX.Element;
}) {
  const [id] = useState(() => `f${++fieldSeq}`);
  // The error of the last refusal clears once the field's value differs from the value refused
  // (and shows again if the refused value comes back).
  const refused = useRef<string | null>(null);
  const [edited, setEdited] = useState(false);
  const current = () => (document.getElementById(id) as HTMLInputElement | null)?.value ?? null;
  useEffect(() => {
    refused.current = current();
    setEdited(false);
  }, [error]);
  const check = () => setEdited(refused.current !== null && current() !== refused.current);
  if (edited) error = undefined;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' invalid' : ''}`} onInput={check} onChange={check}>
      <label for={id}>{label}</label>
      {children(id, describedBy)}
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-err`} class="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

/** Formats an instant (ISO string as the API sends, or ms) as China time, e.g. 2026/11/27 18:05:00. */
export function formatTime(at: string | number | null | undefined): string {
  if (at === null || at === undefined) return '—';
  return new Date(at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** A path segment of a page address, encoded. */
export const seg = (s: string | number) => encodeURIComponent(String(s));

/** The `?name=` query value of the page's address. */
export const queryParam = (name: string) => new URLSearchParams(location.search).get(name);

/**
 * A form that changes something through the admin API and reports the outcome inline:
 * `run(api.admin….$post({ param, json }), '已保存。')`, the call typed by its route.
 */
export function useAction(onDone: () => void) {
  const [error, setError] = useState<ApiFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (call: Call, success: string) => {
    setBusy(true);
    setDone(null);
    const r = await send(call);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setDone(success);
    onDone();
  };
  return { error, done, busy, run };
}

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onInput' | 'id'>;

/** A labelled text input bound to `value`, with its inline error and hint. */
export function TextField({
  label,
  error,
  hint,
  value,
  onValue,
  multiline,
  ...input
}: InputProps & {
  label: string;
  error?: string;
  hint?: string;
  value: string;
  onValue: (v: string) => void;
  multiline?: boolean;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(id, d) =>
        multiline ? (
          <textarea id={id} aria-describedby={d} value={value} onInput={(e) => onValue(e.currentTarget.value)} />
        ) : (
          <input
            {...input}
            id={id}
            aria-describedby={d}
            value={value}
            onInput={(e) => onValue(e.currentTarget.value)}
          />
        )
      }
    </Field>
  );
}

/** A labelled select of `options` ([value, label] pairs) bound to `value`, with its inline error. */
export function SelectField({
  label,
  error,
  value,
  onValue,
  options,
}: {
  label: string;
  error?: string;
  value: string;
  onValue: (v: string) => void;
  options: readonly (readonly [string, string])[];
}) {
  return (
    <Field label={label} error={error}>
      {(id, d) => (
        <select id={id} aria-describedby={d} value={value} onChange={(e) => onValue(e.currentTarget.value)}>
          {options.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
