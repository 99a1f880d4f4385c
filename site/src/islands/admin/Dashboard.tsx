/**
 * /admin/dashboard/: the six tracks and where each stands, today's SMS use against its budget, and
 * for city admins the form that raises today's budget (with a reason, audited by the server).
 */
import { useEffect, useState } from 'preact/hooks';
import { labels } from '../../../../contracts/labels';
import type { StageStatus } from '../../../../contracts/enums';
import type { Dashboard as DashboardData } from '../../../../contracts/admin-api';
import { api, send, type ApiFailure } from '../api';
import { ErrorBanner, Field, Notice, RequireSession, seg, type AdminSession } from './ui';

/** The dashboard island. */
export default function Dashboard() {
  return <RequireSession>{(s) => <DashboardBody session={s} />}</RequireSession>;
}

/** A stage's status as a labelled badge. */
export function StageBadge({ status }: { status: StageStatus }) {
  return <span class={`status status-${status}`}>{labels.stageStatus[status] ?? status}</span>;
}

function DashboardBody({ session }: { session: AdminSession }) {
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const load = () => void send(api.admin.dashboard.$get()).then((r) => (r.ok ? setData(r.data) : setError(r.error)));
  useEffect(load, []);
  return (
    <>
      <h1>工作台</h1>
      <ErrorBanner error={error} />
      {data && (
        <>
          <section class="grid" aria-label="六个赛道">
            {data.tracks.map((t) => (
              <article class="panel" key={t.key}>
                <h2>
                  <a href={`/admin/tracks/?track=${seg(t.key)}`}>{t.title}</a>
                </h2>
                <ol class="stages">
                  {t.stages.map((st) => (
                    <li key={st.key}>
                      <span>{st.title}</span>
                      <StageBadge status={st.status} />
                    </li>
                  ))}
                </ol>
              </article>
            ))}
          </section>
          {/* SMS use is the city's concern (and the auditor's): county officers and experts do not see it. */}
          {(session.account.role === 'city_admin' || session.account.role === 'auditor') && (
            <SmsPanel sms={data.sms} canRaise={session.account.role === 'city_admin'} onChanged={load} />
          )}
        </>
      )}
    </>
  );
}

function SmsPanel({
  sms,
  canRaise,
  onChanged,
}: {
  sms: DashboardData['sms'];
  canRaise: boolean;
  onChanged: () => void;
}) {
  const [budget, setBudget] = useState(String(sms.budget));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const pct = sms.budget > 0 ? Math.min(100, Math.round((sms.used / sms.budget) * 100)) : 100;
  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(null);
    const r = await send(api.admin['sms-budget'].$post({ json: { budget: Number(budget), reason } }));
    if (!r.ok) return setError(r.error);
    setError(null);
    setReason('');
    setDone('今日短信额度已更新。');
    onChanged();
  };
  return (
    <section class="panel" aria-labelledby="sms-title">
      <h2 id="sms-title">今日短信用量（{sms.day}）</h2>
      <p>
        已发送 <strong>{sms.used}</strong> 条 / 额度 <strong>{sms.budget}</strong> 条（{pct}%）
      </p>
      <div
        class="meter"
        role="meter"
        aria-label="短信用量"
        aria-valuemin={0}
        aria-valuemax={sms.budget}
        aria-valuenow={sms.used}
      >
        <span style={{ width: `${pct}%` }} />
      </div>
      {canRaise && (
        <form class="inline-form" onSubmit={submit} noValidate style={{ marginTop: '12px' }}>
          <Field label="今日额度（条）" error={error?.fields.budget}>
            {(id, d) => (
              <input
                id={id}
                aria-describedby={d}
                type="number"
                min={1}
                step={1}
                required
                value={budget}
                onInput={(e) => setBudget(e.currentTarget.value)}
              />
            )}
          </Field>
          <Field label="调整原因" error={error?.fields.reason}>
            {(id, d) => (
              <input
                id={id}
                aria-describedby={d}
                required
                size={32}
                value={reason}
                onInput={(e) => setReason(e.currentTarget.value)}
              />
            )}
          </Field>
          <button type="submit">提高今日额度</button>
        </form>
      )}
      <ErrorBanner error={error} />
      <Notice text={done} />
    </section>
  );
}
