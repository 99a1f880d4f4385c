/**
 * /admin/dashboard/: the 工作台 of each role. Every role sees the six tracks: the current round,
 * the running stage with its deadline and the working days left, and what comes next. A city admin
 * (and, read-only, an auditor) sees first what waits for staff, each a link to the page where it
 * is handled, and the running polls with their turnout charts (SVG drawn by the server) and
 * quarantine rate; a county officer sees the county's open tasks, an expert the candidates assigned
 * to them. Then today's SMS use, and for city admins the form that raises today's budget.
 */
import { useEffect, useState } from 'preact/hooks';
import { labels } from '../../../../contracts/labels';
import { formatScore } from '../../../../contracts/decision';
import { formatChinaDeadline } from '../../../../contracts/china-time';
import type { StageStatus } from '../../../../contracts/enums';
import type { Dashboard as DashboardData } from '../../../../contracts/admin-api';
import { api, send, type ApiFailure } from '../api';
import { ErrorBanner, Field, Notice, RequireSession, seg, type AdminSession } from './ui';

type TrackData = DashboardData['tracks'][number];
type PollData = NonNullable<TrackData['poll']>;

/** The dashboard island. */
export default function Dashboard() {
  return <RequireSession>{(s) => <DashboardBody session={s} />}</RequireSession>;
}

/** A stage's status as a labelled badge. */
export function StageBadge({ status }: { status: StageStatus }) {
  return <span class={`status status-${status}`}>{labels.stageStatus[status] ?? status}</span>;
}

/** A deadline and the working days left before it, in words. */
function Deadline({ at, left }: { at: string | null; left: number | null }) {
  if (!at) return <span>不设截止时间</span>;
  const passed = Date.parse(at) <= Date.now();
  return (
    <span class="deadline">
      截止 {formatChinaDeadline(Date.parse(at))}
      {passed ? (
        <strong class="overdue">（已截止）</strong>
      ) : left === null ? (
        ''
      ) : left === 0 ? (
        <strong class="due-soon">（今日截止）</strong>
      ) : (
        <span class={left <= 2 ? 'due-soon' : undefined}>（还剩 {left} 个工作日）</span>
      )}
    </span>
  );
}

function DashboardBody({ session }: { session: AdminSession }) {
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const load = () => void send(api.admin.dashboard.$get()).then((r) => (r.ok ? setData(r.data) : setError(r.error)));
  useEffect(load, []);
  const role = session.account.role;
  const city = role === 'city_admin' || role === 'auditor';
  return (
    <>
      <h1>工作台</h1>
      <ErrorBanner error={error} />
      {data && (
        <>
          {city && <TodoPanel tracks={data.tracks} readOnly={role === 'auditor'} />}
          {data.county && <CountyPanel county={data.county} />}
          {data.expert && <ExpertPanel expert={data.expert} />}
          {city && data.tracks.map((t) => t.poll && <PollPanel key={t.poll.slug} track={t.title} poll={t.poll} />)}
          <section class="grid" aria-label="六个赛道">
            {data.tracks.map((t) => (
              <TrackCard key={t.key} track={t} />
            ))}
          </section>
          {/* SMS use is the city's concern (and the auditor's): county officers and experts do not see it. */}
          {city && <SmsPanel sms={data.sms} canRaise={role === 'city_admin'} onChanged={load} />}
        </>
      )}
    </>
  );
}

/** What waits for staff across the tracks, each a link to where it is handled. */
function TodoPanel({ tracks, readOnly }: { tracks: TrackData[]; readOnly: boolean }) {
  const items = tracks.flatMap((t) => t.todo.map((item) => ({ ...item, track: t.title })));
  return (
    <section class="panel" aria-labelledby="todo-title" data-testid="todo">
      <h2 id="todo-title">待办事项{readOnly ? '（只读）' : ''}</h2>
      {items.length === 0 ? (
        <p>目前没有待办事项。</p>
      ) : (
        <ul class="todo">
          {items.map((i) => (
            <li key={`${i.kind}:${i.href}`}>
              <span class="todo-track">{i.track}</span>
              <a href={i.href}>{i.label}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A county officer's open tasks: the stages that take the county's recommendations now. */
function CountyPanel({ county }: { county: NonNullable<DashboardData['county']> }) {
  return (
    <section class="panel" aria-labelledby="county-title" data-testid="county-tasks">
      <h2 id="county-title">本县待办（{county.name}）</h2>
      {county.tasks.length === 0 ? (
        <p>目前没有需要本县办理的推荐或申报。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">赛道</th>
              <th scope="col">环节</th>
              <th scope="col">截止时间</th>
              <th scope="col">本县已推荐 / 名额</th>
              <th scope="col">办理</th>
            </tr>
          </thead>
          <tbody>
            {county.tasks.map((task) => (
              <tr key={task.track}>
                <td>{task.trackTitle}</td>
                <td>{task.stageTitle}</td>
                <td>
                  <Deadline at={task.deadlineAt} left={task.workingDaysLeft} />
                </td>
                <td>
                  {task.recommended} / {task.quota ? `${task.quota.min}–${task.quota.max}` : '—'}
                  {task.quota && task.recommended < task.quota.min && (
                    <strong class="due-soon">（至少还需 {task.quota.min - task.recommended} 个）</strong>
                  )}
                </td>
                <td>
                  <a href={task.href}>去推荐</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** An expert's assignments and the scores still missing. */
function ExpertPanel({ expert }: { expert: NonNullable<DashboardData['expert']> }) {
  return (
    <section class="panel" aria-labelledby="expert-title" data-testid="expert-tasks">
      <h2 id="expert-title">我的评审任务</h2>
      <p>
        分配给您的候选 {expert.assignments.length} 项，尚未评分 <strong>{expert.missing}</strong> 项。
      </p>
      {expert.assignments.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">赛道</th>
              <th scope="col">候选</th>
              <th scope="col">县区</th>
              <th scope="col">评分</th>
              <th scope="col">截止时间</th>
              <th scope="col">办理</th>
            </tr>
          </thead>
          <tbody>
            {expert.assignments.map((a) => (
              <tr key={a.candidateId}>
                <td>{a.trackTitle}</td>
                <td>{a.name}</td>
                <td>{a.county ?? '—'}</td>
                <td>{a.score === null ? <strong class="due-soon">未评分</strong> : formatScore(a.score)}</td>
                <td>
                  <Deadline at={a.deadlineAt} left={a.workingDaysLeft} />
                </td>
                <td>
                  <a href={a.href}>{a.score === null ? '去评分' : '查看'}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

/** A running poll: ballots so far, quarantine rate, turnout per hour and per day. */
function PollPanel({ track, poll }: { track: string; poll: PollData }) {
  const id = `poll-${poll.slug}`;
  return (
    <section class="panel" aria-labelledby={id} data-testid="running-poll">
      <h2 id={id}>
        正在进行的投票：<a href={`/polls/${seg(poll.slug)}/`}>{poll.title}</a>（{track}）
      </h2>
      <dl class="figures">
        <div>
          <dt>已投选票</dt>
          <dd>{poll.ballots}</dd>
        </div>
        <div>
          <dt>已计入</dt>
          <dd>{poll.counted}</dd>
        </div>
        <div>
          <dt>待复核</dt>
          <dd>
            <a href={`/admin/ballots/?poll=${seg(poll.slug)}`}>{poll.quarantined}</a>
          </dd>
        </div>
        <div>
          <dt>已作废</dt>
          <dd>{poll.voided}</dd>
        </div>
        <div>
          <dt>规则暂扣率</dt>
          <dd>
            {pct(poll.quarantineRate)}
            <small>（{poll.held} 张曾被规则暂不计入）</small>
          </dd>
        </div>
      </dl>
      <div class="charts">
        <figure>
          <figcaption>每小时投票数（最近三天，北京时间）</figcaption>
          {/* Markup drawn and escaped by the server (worker/services/charts.ts). */}
          <div class="chart-box" dangerouslySetInnerHTML={{ __html: poll.hourly.svg }} />
        </figure>
        <figure>
          <figcaption>每日投票数（整个投票期）</figcaption>
          <div class="chart-box" dangerouslySetInnerHTML={{ __html: poll.daily.svg }} />
        </figure>
      </div>
    </section>
  );
}

/** One track: its round, the running stage with deadline, what comes next, every stage. */
function TrackCard({ track }: { track: TrackData }) {
  return (
    <article class="panel" aria-labelledby={`track-${track.key}`}>
      <h2 id={`track-${track.key}`}>
        <a href={`/admin/tracks/?track=${seg(track.key)}`}>{track.title}</a>
      </h2>
      {track.round && (
        <p class="round-line">
          {track.round.title}
          {track.round.status !== 'open' && `（${labels.roundStatus[track.round.status]}）`}
        </p>
      )}
      {track.stage && (
        <p class="current-stage">
          当前环节：<strong>{track.stage.title}</strong>，
          <Deadline at={track.stage.deadlineAt} left={track.stage.workingDaysLeft} />
        </p>
      )}
      <p class="next-step">{track.next}</p>
      <ol class="stages">
        {track.stages.map((st) => (
          <li key={st.key}>
            <span>{st.title}</span>
            <StageBadge status={st.status} />
          </li>
        ))}
      </ol>
    </article>
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
