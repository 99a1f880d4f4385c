/**
 * /admin/accounts/: staff accounts for city admins — the list, a form that creates one (checked in
 * the browser with the same rules as the server, contracts/admin-accounts.ts), and per account: disable or
 * enable, reset the password, reset the authenticator, end its sessions, lift a sign-in lock, and
 * confirm a city admin another admin made (two people). Also the signed-in staff member's own
 * password change, for every role. The server's strength estimate (common and site-derived
 * passwords) is not repeated here.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  newAccountProblems,
  passwordProblems,
  STAFF_ROLE_LABELS,
  type StaffRole,
} from '../../../../contracts/admin-accounts';
import { ROLES } from '../../../../contracts/enums';
import type { CountyList } from '../../../../contracts/content';
import type { StaffAccount } from '../../../../contracts/admin-api';
import { api, send, type ApiFailure, type Call } from '../api';
import { ErrorBanner, Field, formatTime, Notice, RequireSession, roleLabel, TextField, type AdminSession } from './ui';
import { useCountyName } from './counties';

type Account = StaffAccount;

/** The accounts island. */
export default function Accounts() {
  return (
    <RequireSession>
      {(s) => (
        <>
          <h1>账号管理</h1>
          {s.account.role !== 'city_admin' ? (
            <p>只有市级管理员可以管理账号。</p>
          ) : s.account.pendingConfirmation ? (
            <p>本账号尚待另一位市级管理员确认，确认后才能管理账号。</p>
          ) : (
            <AccountsBody me={s.account.id} />
          )}
          <OwnPassword session={s} />
        </>
      )}
    </RequireSession>
  );
}

/** The password rules as a hint beside every password field. */
const PASSWORD_HINT =
  '至少 12 个字符，含大写字母、小写字母、数字、其他符号中的三类；不用常见密码，不含用户名、姓名或“临汾”等本站词语';

function localFailure(issues: { path: string[]; message: string }[]): ApiFailure | null {
  if (!issues.length) return null;
  const fields: Record<string, string> = {};
  for (const i of issues) fields[i.path[0]] ??= i.message;
  return { code: 'invalid_request', message: '请检查标红的项目。', fields };
}

function AccountsBody({ me }: { me: number }) {
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [tick, setTick] = useState(0);
  const reload = () => setTick((t) => t + 1);
  useEffect(() => {
    void send(api.admin.accounts.$get()).then((r) => {
      if (r.ok) setAccounts(r.data.accounts);
      else setError(r.error);
    });
  }, [tick]);
  return (
    <>
      <ErrorBanner error={error} />
      {accounts && (
        <div class="table-wrap panel">
          <table>
            <thead>
              <tr>
                <th scope="col">用户名</th>
                <th scope="col">姓名</th>
                <th scope="col">角色</th>
                <th scope="col">县区</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <AccountRow key={a.id} account={a} self={a.id === me} onChanged={reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateAccount onChanged={reload} />
    </>
  );
}

/** One account; `self` is the signed-in one, which the server lets no one disable or reset here. */
function AccountRow({ account: a, self, onChanged }: { account: Account; self: boolean; onChanged: () => void }) {
  const [error, setError] = useState<ApiFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [reason, setReason] = useState('');
  const [resetting, setResetting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const account = api.admin.accounts[':id'];
  /** Disable, enable, reset-totp and revoke-sessions need a written reason (kept in the audit log). */
  const withReason = (
    op: 'enable' | 'disable' | 'reset-totp' | 'revoke-sessions' | 'unlock' | 'confirm',
    success: string,
  ) => {
    if (!reason.trim())
      return setError({ code: 'invalid_request', message: '请先填写操作原因。', fields: { reason: '请填写原因。' } });
    void act(account[op].$post({ param: { id: a.id }, json: { reason } }), success);
  };
  const countyName = useCountyName();
  const act = async (call: Call, success: string) => {
    setDone(null);
    const r = await send(call);
    if (!r.ok) return setError(r.error);
    setError(null);
    setDone(success);
    setResetting(false);
    setConfirming(false);
    setPassword('');
    setReason('');
    onChanged();
  };
  return (
    <tr>
      <td>{a.username}</td>
      <td>{a.displayName}</td>
      <td>{roleLabel(a.role)}</td>
      <td>{countyName(a.countyId)}</td>
      <td>
        {a.disabled ? '已停用' : '正常'}
        {a.totpEnrolled ? '' : '，未绑定验证器'}
        {a.lockedUntil && <>，登录已锁定至 {formatTime(a.lockedUntil)}</>}
        {a.pendingConfirmation ? '，待另一位市级管理员确认' : ''}
      </td>
      <td>
        <TextField label="操作原因" error={error?.fields.reason} size={18} value={reason} onValue={setReason} />
        <div class="actions">
          {a.pendingConfirmation && (
            <button type="button" onClick={() => setConfirming(true)} aria-expanded={confirming}>
              确认账号
            </button>
          )}
          {self ? (
            <p class="hint">本人账号：密码请在下方“修改我的密码”中修改。</p>
          ) : a.disabled ? (
            <button type="button" class="secondary" onClick={() => withReason('enable', '账号已启用。')}>
              启用
            </button>
          ) : (
            <button type="button" class="danger" onClick={() => withReason('disable', '账号已停用，其会话已结束。')}>
              停用
            </button>
          )}
          {!self && (
            <button type="button" class="secondary" onClick={() => setResetting(!resetting)} aria-expanded={resetting}>
              重置密码
            </button>
          )}
          <button
            type="button"
            class="secondary"
            onClick={() => withReason('reset-totp', '验证器已重置，下次登录需重新绑定。')}
          >
            重置验证器
          </button>
          <button
            type="button"
            class="secondary"
            onClick={() => withReason('revoke-sessions', '该账号的所有会话已结束。')}
          >
            结束会话
          </button>
          {a.lockedUntil && (
            <button
              type="button"
              class="secondary"
              onClick={() => {
                // Lifts the lock from every network: only after confirming it is the owner who asks.
                if (window.confirm(`确认解除 ${a.username} 的登录锁定？请先核实是账号本人提出。`))
                  withReason('unlock', '登录锁定已解除。');
              }}
            >
              解除锁定
            </button>
          )}
        </div>
        {confirming && (
          <div class="inline-form" role="alertdialog" aria-labelledby={`confirm-${a.id}`}>
            <p id={`confirm-${a.id}`}>
              确认 {a.displayName}（{a.username}
              ）为市级管理员？确认后该账号即可行使市级管理员的全部权限；须由创建或授予该角色的管理员以外的另一位市级管理员确认，并填写操作原因。
            </p>
            <button type="button" onClick={() => withReason('confirm', '账号已确认，现可行使市级管理员权限。')}>
              确定确认
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              取消
            </button>
          </div>
        )}
        {resetting && (
          <form
            class="inline-form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              const local = localFailure(
                passwordProblems(password).map((message) => ({ path: ['password'], message })),
              );
              if (local) return setError(local);
              void act(
                account['reset-password'].$post({ param: { id: a.id }, json: { password } }),
                '密码已重置，该账号的会话已结束。',
              );
            }}
          >
            <TextField
              label={`${a.username} 的新密码`}
              error={error?.fields.password}
              hint={PASSWORD_HINT}
              type="password"
              autocomplete="new-password"
              value={password}
              onValue={setPassword}
            />
            <button type="submit">确认重置</button>
          </form>
        )}
        <ErrorBanner error={error} />
        <Notice text={done} />
      </td>
    </tr>
  );
}

function CreateAccount({ onChanged }: { onChanged: () => void }) {
  const empty = { username: '', displayName: '', role: 'county_officer' as StaffRole, countyId: '', password: '' };
  const [f, setF] = useState(empty);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [counties, setCounties] = useState<CountyList['counties']>([]);
  useEffect(() => {
    void send(api.counties.$get()).then((r) => r.ok && setCounties(r.data.counties));
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(null);
    const body = { ...f, countyId: f.role === 'county_officer' ? f.countyId : null };
    const local = localFailure(newAccountProblems(body));
    if (local) return setError(local);
    const r = await send(api.admin.accounts.$post({ json: body }));
    if (!r.ok) return setError(r.error);
    setError(null);
    setDone(
      f.role === 'city_admin'
        ? `账号 ${f.username} 已创建，须由另一位市级管理员确认后才能使用；首次登录时绑定身份验证器。`
        : `账号 ${f.username} 已创建，首次登录时绑定身份验证器。`,
    );
    setF(empty);
    onChanged();
  };
  const text = (k: 'username' | 'displayName' | 'password', label: string, type = 'text', hint?: string) => (
    <Field label={label} error={error?.fields[k]} hint={hint}>
      {(id, d) => (
        <input
          id={id}
          aria-describedby={d}
          type={type}
          autocomplete={type === 'password' ? 'new-password' : 'off'}
          value={f[k]}
          onInput={(e) => setF({ ...f, [k]: e.currentTarget.value })}
        />
      )}
    </Field>
  );
  return (
    <section class="panel" aria-labelledby="create-title">
      <h2 id="create-title">新建账号</h2>
      <form class="inline-form" onSubmit={submit} noValidate>
        {text('username', '用户名', 'text', '3–32 位小写字母、数字、点、横线或下划线')}
        {text('displayName', '姓名')}
        <Field label="角色" error={error?.fields.role}>
          {(id, d) => (
            <select
              id={id}
              aria-describedby={d}
              value={f.role}
              onChange={(e) => setF({ ...f, role: e.currentTarget.value as StaffRole })}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {STAFF_ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {f.role === 'county_officer' && (
          <Field label="所属县区" error={error?.fields.countyId}>
            {(id, d) => (
              <select
                id={id}
                aria-describedby={d}
                value={f.countyId}
                onChange={(e) => setF({ ...f, countyId: e.currentTarget.value })}
              >
                <option value="">请选择</option>
                {counties.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {text('password', '初始密码', 'password', PASSWORD_HINT)}
        <button type="submit">创建账号</button>
      </form>
      <ErrorBanner error={error} />
      <Notice text={done} />
    </section>
  );
}

function OwnPassword({ session }: { session: AdminSession }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<ApiFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const local = localFailure(passwordProblems(next).map((message) => ({ path: ['newPassword'], message })));
    if (local) return setError(local);
    const r = await send(api.admin.password.$post({ json: { currentPassword: current, newPassword: next } }));
    if (!r.ok) return setError(r.error);
    setError(null);
    setDone('密码已修改。其他设备上的会话已结束。');
    setCurrent('');
    setNext('');
  };
  return (
    <section class="panel" aria-labelledby="own-title">
      <h2 id="own-title">修改我的密码（{session.account.username}）</h2>
      <form class="inline-form" onSubmit={submit} noValidate>
        <TextField
          label="当前密码"
          error={error?.fields.currentPassword}
          type="password"
          autocomplete="current-password"
          value={current}
          onValue={setCurrent}
        />
        <TextField
          label="新密码"
          error={error?.fields.newPassword}
          hint={PASSWORD_HINT}
          type="password"
          autocomplete="new-password"
          value={next}
          onValue={setNext}
        />
        <button type="submit">修改密码</button>
      </form>
      <ErrorBanner error={error} />
      <Notice text={done} />
    </section>
  );
}
