/**
 * /admin/tracks/?track=…: one track's workflow. Stages (open/close), candidates with their scores,
 * the county officer's recommendation form, the expert's score form, the shortlist, the poll (create,
 * close or extend with a reason, publish results), the decision with its breakdown (confirm the top
 * N or override with a reason), the final list, and the CSV export. Controls follow the role; the
 * server refuses whatever the role may not do.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AdminTrackBody, DecisionBody } from '../../../../contracts/admin-workflow';
import { TRACK_KEYS, type CandidateStatus, type StageKey, type TrackKey } from '../../../../contracts/enums';
import { labels } from '../../../../contracts/labels';
import { formatScore } from '../../../../contracts/decision';
import { scoreInput, TRACK_RULES, type Activity } from '../../../../contracts/workflow';
import { nextStep } from '../../../../contracts/guidance';
import {
  addDays,
  chinaDate,
  chinaMidnight,
  chinaTimeOfDay,
  formatChinaDate,
  formatChinaDeadline,
} from '../../../../contracts/china-time';
import { api, send, type ApiFailure } from '../api';
import { useConfirm } from './Confirm';
import { useCountyName } from './counties';
import {
  criteriaBody,
  criteriaErrorsOf,
  criteriaProblems,
  CriteriaFields,
  emptyCriteria,
  type CriteriaValues,
} from './CriteriaFields';
import { StageBadge } from './Dashboard';
import Rounds, { useSlugProposal } from './Rounds';
import {
  ApplicationForm,
  AssignExperts,
  CompetitionsPanel,
  InstitutionsPanel,
  RecommendApplication,
  RecruitmentPanel,
} from './Programme';
import {
  ErrorBanner,
  Field,
  formatTime,
  Notice,
  queryParam,
  RequireSession,
  SelectField,
  TextField,
  useAction,
  seg,
  type AdminSession,
} from './ui';

type Stage = AdminTrackBody['stages'][number];
type Candidate = AdminTrackBody['candidates'][number];
type Poll = AdminTrackBody['polls'][number];

const CANDIDATE_STATUS: Record<CandidateStatus, string> = {
  applied: '已申报',
  recommended: '已推荐',
  shortlisted: '已入围',
  finalist: '候选',
  selected: '已入选',
  rejected: '未入选',
  withdrawn: '已撤回',
};
/** The track island. */
export default function Track() {
  const track = queryParam('track') ?? 'trades';
  const known = (t: string): t is TrackKey => (TRACK_KEYS as readonly string[]).includes(t);
  return (
    <RequireSession>
      {(s) => (known(track) ? <TrackBody session={s} track={track} /> : <p class="error-banner">没有这个赛道。</p>)}
    </RequireSession>
  );
}

function TrackBody({ session, track }: { session: AdminSession; track: TrackKey }) {
  const [view, setView] = useState<AdminTrackBody | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [tick, setTick] = useState(0);
  const reload = () => setTick((t) => t + 1);
  useEffect(() => {
    void send(api.admin.tracks[':track'].$get({ param: { track } })).then((r) =>
      r.ok ? setView(r.data) : setError(r.error),
    );
  }, [track, tick]);
  // The dashboard links to a section (#score-title, #rec-title, #progress): it exists once loaded.
  const [scrolled, setScrolled] = useState(false);
  useEffect(() => {
    if (!view || scrolled || !location.hash) return;
    setScrolled(true);
    document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, [view]);
  const role = session.account.role;
  const city = role === 'city_admin';
  const county = role === 'county_officer';
  /** Whether one of the track's stages allows `activity` (contracts/workflow.ts, annexes 2-7). */
  const rules = TRACK_RULES[track].stages;
  const has = (activity: Activity) => Object.values(rules).some((r) => r.activities.includes(activity));
  /** Writes go to the current round while it is open; a finished or closed one is read-only. */
  const roundOpen = view?.round?.status === 'open';
  /** A city admin's controls of the round (stages, poll, decision); the institutions register spans rounds. */
  const canWrite = city && roundOpen;
  /** Forms show only while a stage that allows their activity is open; the server checks the same. */
  const active = (activity: Activity) =>
    roundOpen &&
    (view?.stages.some((st) => st.status === 'active' && rules[st.key]?.activities.includes(activity)) ?? false);
  /** A stage that allows `activity` has started (running or over): its results can be read. */
  const reached = (activity: Activity) =>
    view?.stages.some((st) => st.status !== 'pending' && rules[st.key]?.activities.includes(activity)) ?? false;
  return (
    <>
      <nav class="tabs" aria-label="赛道">
        {TRACK_KEYS.map((k) => (
          <a key={k} href={`/admin/tracks/?track=${k}`} aria-current={k === track ? 'page' : undefined}>
            {labels.track[k]}
          </a>
        ))}
      </nav>
      <h1>{labels.track[track]}</h1>
      <Rounds session={session} track={track} reloaded={tick} onChanged={reload} />
      <ErrorBanner error={error} />
      {view && (
        <>
          <p class="next-step" data-testid="next-step">
            {nextStep(
              track as TrackKey,
              view.stages.map((st) => ({ ...st, deadlineAt: null })),
              view.round,
            )}
          </p>
          <StagesPanel track={track} stages={view.stages} canChange={canWrite} onChanged={reload} />
          {has('recommend') && <ProgressPanel progress={view.recommendationProgress} />}
          {view.candidates.length > 0 && (
            <CandidatesPanel track={track} candidates={view.candidates} csv={city || role === 'auditor'} />
          )}
          {active('apply') && (city || county) && (
            <ApplicationForm
              track={track as 'bases' | 'institutions'}
              counties={view.recommendationProgress}
              ownCounty={county ? view.viewer.countyId : null}
              onChanged={reload}
            />
          )}
          {county && view.viewer.countyId && active('recommend') && !has('apply') && (
            <RecommendForm
              track={track}
              countyId={view.viewer.countyId}
              counties={view.recommendationProgress}
              onChanged={reload}
            />
          )}
          {city && active('recommend') && !has('apply') && (
            <RecommendForm track={track} countyId={null} counties={view.recommendationProgress} onChanged={reload} />
          )}
          {county && view.viewer.countyId && active('recommend') && has('apply') && (
            <RecommendApplication
              track={track}
              countyId={view.viewer.countyId}
              candidates={view.candidates}
              onChanged={reload}
            />
          )}
          {city && active('recommend') && has('apply') && (
            <RecommendApplication track={track} countyId={null} candidates={view.candidates} onChanged={reload} />
          )}
          {city && active('review') && <AssignExperts track={track} candidates={view.candidates} onChanged={reload} />}
          {role === 'expert' && active('review') && <ScoreForm candidates={view.candidates} onChanged={reload} />}
          {city && active('shortlist') && (
            <ShortlistForm track={track} candidates={view.candidates} onChanged={reload} />
          )}
          {has('poll') && ((city && active('poll')) || view.polls.length > 0) && (
            <PollsPanel
              track={track}
              polls={view.polls}
              canChange={canWrite}
              canCreate={active('poll')}
              onChanged={reload}
            />
          )}
          {has('decide') && reached('decide') && (city || role === 'auditor') && (
            <DecisionPanel track={track} canChange={canWrite} tick={tick} />
          )}
          {has('approve') && (city || role === 'auditor') && (
            <InstitutionsPanel candidates={view.candidates} canChange={city} onChanged={reload} />
          )}
          {has('award') && city && <CompetitionsPanel canSchedule={active('schedule')} canAward={active('award')} />}
          {has('outcome') && city && (
            <RecruitmentPanel canSchedule={active('schedule')} canRecord={active('outcome')} />
          )}
          {has('final_list') && city && active('final_list') && (
            <FinalListForm track={track} publicity={view.publicity} onChanged={reload} />
          )}
        </>
      )}
    </>
  );
}

function StagesPanel({
  track,
  stages,
  canChange,
  onChanged,
}: {
  track: TrackKey;
  stages: Stage[];
  canChange: boolean;
  onChanged: () => void;
}) {
  const a = useAction(onChanged);
  const confirm = useConfirm();
  // Only the next stage can open: the first not closed, once every earlier one is closed and none runs.
  const running = stages.some((st) => st.status === 'active');
  const next = running ? undefined : stages.find((st) => st.status !== 'done' && st.status !== 'skipped');
  const closeStage = (st: Stage) =>
    confirm.run(
      {
        title: `确认结束“${st.title}”环节？`,
        happens: [`“${st.title}”环节标记为已完成，本环节的提交和修改不再受理。`, '之后可以开启下一个环节。'],
        irreversible: '结束的环节不能重新开启。',
        action: `确认结束“${st.title}”`,
        danger: true,
      },
      () => act(st, 'close'),
    );
  const act = (s: Stage, op: 'open' | 'close', json: { deadlineAt?: string | null } = {}) => {
    const stage = api.admin.tracks[':track'].stages[':stage'];
    // The view's stage keys are the track's (AdminStage declares them as strings).
    const param = { track, stage: s.key as StageKey };
    return a.run(
      op === 'open' ? stage.open.$post({ param, json }) : stage.close.$post({ param }),
      `“${s.title}”环节已${op === 'open' ? '开启' : '关闭'}。`,
    );
  };
  const active = stages.find((s) => s.status === 'active');
  return (
    <section class="panel" aria-labelledby="stages-title">
      <h2 id="stages-title">环节</h2>
      {active?.deadlineAt && (
        <p class="stage-deadline" data-testid="stage-deadline">
          “{active.title}”环节截止：<strong>{formatDeadline(active.deadlineAt)}</strong>
          （北京时间，截止后不再受理本环节的提交）
        </p>
      )}
      <ol class="stages">
        {stages.map((s) => (
          <li key={s.key}>
            <span>
              {s.title}
              {s.deadlineAt ? `（截止 ${formatDeadline(s.deadlineAt)}）` : ''}
            </span>
            <span class="actions">
              <StageBadge status={s.status} />
              {canChange && s.status === 'active' && (
                <button type="button" class="secondary" disabled={a.busy} onClick={() => closeStage(s)}>
                  关闭“{s.title}”
                </button>
              )}
            </span>
          </li>
        ))}
      </ol>
      {canChange && next && (
        <OpenStageForm
          key={next.key}
          stage={next}
          busy={a.busy}
          error={a.error?.fields.deadlineAt}
          onOpen={(deadlineAt) => act(next, 'open', { deadlineAt })}
        />
      )}
      <ErrorBanner error={a.error} />
      <Notice text={a.done} />
      {confirm.dialog}
    </section>
  );
}

/** An instant as a deadline in China time: 00:00 is written as 24:00 of the day before. */
export function formatDeadline(at: string): string {
  return formatChinaDeadline(Date.parse(at));
}

/**
 * Opens the next stage with its deadline: the last day (submissions close at 24:00 China time),
 * pre-filled with the default the server computed from the annex (its working days from today);
 * emptied, the stage has no deadline.
 */
function OpenStageForm({
  stage,
  busy,
  error,
  onOpen,
}: {
  stage: Stage;
  busy: boolean;
  error: string | undefined;
  onOpen: (deadlineAt: string | null) => void;
}) {
  const lastDayOf = (at: string | null | undefined) => (at ? chinaDate(Date.parse(at) - 1) : '');
  const [lastDay, setLastDay] = useState(lastDayOf(stage.defaultDeadlineAt));
  const suggested = lastDayOf(stage.defaultDeadlineAt);
  return (
    <form
      class="inline-form"
      noValidate
      data-testid="open-stage"
      onSubmit={(e) => {
        e.preventDefault();
        onOpen(lastDay ? new Date(chinaMidnight(addDays(lastDay, 1))).toISOString() : null);
      }}
    >
      <TextField
        label={`“${stage.title}”截止日期（当天24:00截止）`}
        type="date"
        error={error}
        value={lastDay}
        onValue={setLastDay}
        hint={
          suggested
            ? `按文件规定的期限，默认截止到 ${formatChinaDate(suggested)}；可以修改，清空则不设截止时间。`
            : '文件未规定本环节的期限；不填则不设截止时间。'
        }
      />
      <button type="submit" disabled={busy}>
        开启“{stage.title}”
      </button>
    </form>
  );
}

const PROGRESS: Record<AdminTrackBody['recommendationProgress'][number]['state'], string> = {
  missing: '未推荐',
  below_aim: '未达建议数',
  ok: '已达要求',
  full: '已满额',
  direct: '市直直接申报',
  not_applicable: '—',
};

function ProgressPanel({ progress }: { progress: AdminTrackBody['recommendationProgress'] }) {
  if (!progress.length) return null;
  return (
    <details class="panel" id="progress" open={location.hash === '#progress'}>
      <summary>各县区推荐进度</summary>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">县区</th>
              <th scope="col" class="num">
                已推荐
              </th>
              <th scope="col">名额</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {progress.map((p) => (
              <tr key={p.countyId}>
                <td>{p.name}</td>
                <td class="num">{p.count}</td>
                <td>{p.quota ? `${p.quota.min}–${p.quota.max}` : '—'}</td>
                <td>{PROGRESS[p.state]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function CandidatesPanel({ track, candidates, csv }: { track: TrackKey; candidates: Candidate[]; csv: boolean }) {
  const countyName = useCountyName();
  return (
    <section class="panel" aria-labelledby="cand-title">
      <h2 id="cand-title">候选（{candidates.length}）</h2>
      {/* Only the roles the export allows see the link: another would download a 403. */}
      {csv && (
        <p>
          <a href={`/api/admin/tracks/${seg(track)}/candidates.csv`} download>
            导出候选及评分（CSV）
          </a>
        </p>
      )}
      {candidates.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">编号</th>
                <th scope="col">名称</th>
                <th scope="col">县区</th>
                <th scope="col">状态</th>
                <th scope="col">县级推荐名次</th>
                <th scope="col" class="num">
                  专家评分
                </th>
              </tr>
            </thead>
            <tbody>
              {candidates.map((c) => (
                <tr key={c.id}>
                  <td>{c.id}</td>
                  <td>{c.name}</td>
                  <td>{c.county ?? countyName(c.countyId)}</td>
                  <td>{CANDIDATE_STATUS[c.status] ?? c.status}</td>
                  <td>{c.recommendations.length ? c.recommendations.map((r) => r.rank).join('、') : '—'}</td>
                  <td class="num">
                    {c.expertScore !== null
                      ? formatScore(c.expertScore)
                      : c.reviews.some((r) => r.score !== null)
                        ? c.reviews.map((r) => `${r.expert}：${r.score ?? '未评'}`).join('；')
                        : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * A county's recommendation of a new candidate, with the fields the track's criteria need. A county
 * officer recommends for their own county; a city admin enters a county's paper submission (the
 * audit log records it as made on the county's behalf).
 */
function RecommendForm({
  track,
  countyId: ownCounty,
  counties = [],
  onChanged,
}: {
  track: TrackKey;
  countyId: string | null;
  counties?: AdminTrackBody['recommendationProgress'];
  onChanged: () => void;
}) {
  const a = useAction(onChanged);
  const eligible = counties.filter((c) => c.quota !== null && c.state !== 'full' && c.state !== 'direct');
  const [countyId, setCountyId] = useState(ownCounty ?? '');
  const [name, setName] = useState('');
  const [summary, setSummary] = useState('');
  const [rank, setRank] = useState('1');
  const [criteria, setCriteria] = useState<CriteriaValues>(() => emptyCriteria(track));
  const [local, setLocal] = useState<Record<string, string>>({});
  // A recommendation that went through empties the form for the next one.
  useEffect(() => {
    if (!a.done) return;
    setName('');
    setSummary('');
    setCriteria(emptyCriteria(track));
    setLocal({});
  }, [a.done]);
  const submit = (e: Event) => {
    e.preventDefault();
    const problems: Record<string, string> = criteriaProblems(track, criteria);
    if (!name.trim()) problems.name = '请填写推荐名称';
    if (!countyId) problems.countyId = '请选择县（市、区）';
    setLocal(problems);
    if (Object.keys(problems).length) return;
    void a.run(
      api.admin.tracks[':track'].recommendations.$post({
        param: { track },
        json: { countyId, rank: Number(rank), candidate: { name, summary, ...criteriaBody(track, criteria) } },
      }),
      '推荐已提交。',
    );
  };
  const server = criteriaErrorsOf(track, a.error);
  const nameError = local.name ?? (Object.keys(server).length ? undefined : a.error?.fields.candidate);
  return (
    <section class="panel" aria-labelledby="rec-title">
      <h2 id="rec-title">{ownCounty ? '本县推荐' : '代县（市、区）录入推荐'}</h2>
      {!ownCounty && <p class="hint">用于录入县（市、区）报送的纸质推荐材料；审计日志将记录为市级管理员代为录入。</p>}
      <form onSubmit={submit} noValidate>
        <ErrorBanner error={a.error} />
        {Object.keys(local).length > 0 && (
          <div class="error-banner" role="alert">
            请修改以下内容后再提交：
            <ul>
              {Object.values(local).map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </div>
        )}
        {!ownCounty && (
          <SelectField
            label="推荐的县（市、区）"
            error={local.countyId ?? a.error?.fields.countyId}
            value={countyId}
            onValue={setCountyId}
            options={[['', '请选择'], ...eligible.map((c) => [c.countyId, c.name] as const)]}
          />
        )}
        <Field label="推荐名称" error={nameError}>
          {(id, d) => (
            <input id={id} aria-describedby={d} required value={name} onInput={(e) => setName(e.currentTarget.value)} />
          )}
        </Field>
        <Field label="推荐理由">
          {(id, d) => (
            <textarea id={id} aria-describedby={d} value={summary} onInput={(e) => setSummary(e.currentTarget.value)} />
          )}
        </Field>
        <CriteriaFields
          track={track}
          values={criteria}
          onValue={(field, v) => setCriteria({ ...criteria, [field]: v })}
          errors={{ ...server, ...local }}
        />
        <Field label={ownCounty ? '本县推荐顺位' : '推荐顺位'} error={a.error?.fields.rank}>
          {(id, d) => (
            <select id={id} aria-describedby={d} value={rank} onChange={(e) => setRank(e.currentTarget.value)}>
              {/* As many ranks as the county's quota allows (trades 2, brands 5). */}
              {Array.from({ length: counties.find((c) => c.countyId === countyId)?.quota?.max ?? 2 }, (_, i) => (
                <option key={i} value={String(i + 1)}>
                  第 {i + 1} 顺位
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" disabled={a.busy}>
          提交推荐
        </button>
        <Notice text={a.done} />
      </form>
    </section>
  );
}

function ScoreForm({ candidates, onChanged }: { candidates: Candidate[]; onChanged: () => void }) {
  const a = useAction(onChanged);
  const [candidate, setCandidate] = useState(candidates[0] ? String(candidates[0].id) : '');
  const [score, setScore] = useState('');
  const [comment, setComment] = useState('');
  // A saved score empties the form for the next candidate.
  useEffect(() => {
    if (!a.done) return;
    setScore('');
    setComment('');
  }, [a.done]);
  const submit = (e: Event) => {
    e.preventDefault();
    void a.run(
      api.admin.candidates[':id'].score.$post({
        param: { id: candidate },
        // Empty or not a number: sent as typed (so not the declared type), so the server names the rule.
        json: { score: scoreInput(score) as number, comment: comment || null },
      }),
      '评分已保存。',
    );
  };
  return (
    <section class="panel" aria-labelledby="score-title">
      <h2 id="score-title">专家评分</h2>
      <form class="inline-form" onSubmit={submit} noValidate>
        <Field label="候选" error={a.error?.fields.candidateId}>
          {(id, d) => (
            <select
              id={id}
              aria-describedby={d}
              value={candidate}
              onChange={(e) => setCandidate(e.currentTarget.value)}
            >
              {candidates.map((c) => (
                <option key={c.id} value={String(c.id)}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="评分（0–100）" error={a.error?.fields.score}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              type="number"
              min={0}
              max={100}
              step={0.01}
              required
              value={score}
              onInput={(e) => setScore(e.currentTarget.value)}
            />
          )}
        </Field>
        <TextField
          label="评语（可选）"
          error={a.error?.fields.comment}
          size={30}
          value={comment}
          onValue={setComment}
        />
        <button type="submit" disabled={a.busy || !candidate}>
          保存评分
        </button>
      </form>
      <ErrorBanner error={a.error} />
      <Notice text={a.done} />
    </section>
  );
}

function ShortlistForm({
  track,
  candidates,
  onChanged,
}: {
  track: TrackKey;
  candidates: Candidate[];
  onChanged: () => void;
}) {
  const a = useAction(onChanged);
  const [picked, setPicked] = useState<number[]>(
    candidates.filter((c) => c.status === 'shortlisted' || c.status === 'finalist').map((c) => c.id),
  );
  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  // Highest expert score first, unscored last: the shortlist is picked by the experts' judgement.
  const byScore = [...candidates].sort((x, y) => (y.expertScore ?? -1) - (x.expertScore ?? -1));
  const submit = (e: Event) => {
    e.preventDefault();
    void a.run(
      api.admin.tracks[':track'].shortlist.$post({ param: { track }, json: { candidateIds: picked } }),
      '入围名单已保存。',
    );
  };
  if (!candidates.length) return null;
  return (
    <section class="panel" aria-labelledby="short-title">
      <h2 id="short-title">入围名单</h2>
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>选择入围候选（已选 {picked.length}）</legend>
          {byScore.map((c) => (
            <label key={c.id} class="check">
              <input type="checkbox" checked={picked.includes(c.id)} onChange={() => toggle(c.id)} />
              {c.name}（专家评分 {c.expertScore === null ? '未评分' : formatScore(c.expertScore)}）
            </label>
          ))}
        </fieldset>
        <ErrorBanner error={a.error} />
        <button type="submit" disabled={a.busy}>
          保存入围名单
        </button>
        <Notice text={a.done} />
      </form>
    </section>
  );
}

function PollsPanel({
  track,
  polls,
  canChange,
  canCreate = true,
  onChanged,
}: {
  track: TrackKey;
  polls: Poll[];
  canChange: boolean;
  /** The voting stage runs: a poll can be created. */
  canCreate?: boolean;
  onChanged: () => void;
}) {
  return (
    <section class="panel" aria-labelledby="poll-title">
      <h2 id="poll-title">投票</h2>
      {polls.map((p) => (
        <PollControls key={p.slug} poll={p} canChange={canChange} onChanged={onChanged} />
      ))}
      {/* One poll at a time: a new one only once the track's last poll has closed. */}
      {canChange && canCreate && !polls.some((p) => p.status === 'open' || p.status === 'scheduled') && (
        <CreatePollForm track={track} onChanged={onChanged} />
      )}
    </section>
  );
}

function PollControls({ poll, canChange, onChanged }: { poll: Poll; canChange: boolean; onChanged: () => void }) {
  const a = useAction(onChanged);
  const [reason, setReason] = useState('');
  const [lastDay, setLastDay] = useState('');
  const admin = api.admin.polls[':slug'];
  const param = { slug: poll.slug };
  const confirm = useConfirm();
  // Without a reason (or a day) the server's refusal names the field; nothing to confirm yet.
  const closeNow = () =>
    !reason.trim()
      ? void a.run(admin.close.$post({ param, json: { reason } }), '投票已提前截止。')
      : confirm.run(
          {
            title: `确认提前截止《${poll.title}》？`,
            happens: [
              poll.status === 'scheduled'
                ? '投票尚未开始，将就此结束，不会再开放投票。'
                : '投票立即截止，不再接受新的选票。',
              `截止原因将在投票页面公开显示：${reason || '（未填写，须先填写原因）'}`,
            ],
            irreversible: '截止后不能重新开放投票，也不能延期。',
            action: '确认提前截止',
            danger: true,
          },
          () => a.run(admin.close.$post({ param, json: { reason } }), '投票已提前截止。'),
        );
  const extend = () =>
    !reason.trim() || !lastDay
      ? void a.run(admin.extend.$post({ param, json: { lastDay, reason } }), '投票已延期。')
      : confirm.run(
          {
            title: `确认将《${poll.title}》延期？`,
            happens: [
              `投票延长到 ${lastDay || '（未选择日期）'} 24:00（北京时间）。`,
              `延期原因将在投票页面公开显示：${reason || '（未填写，须先填写原因）'}`,
            ],
            irreversible: '延期和原因会公开显示并写入审计日志，投票窗口不能再缩回原来的截止时间（只能提前截止）。',
            action: '确认延期',
          },
          () => a.run(admin.extend.$post({ param, json: { lastDay, reason } }), '投票已延期。'),
        );
  const publish = () =>
    confirm.run(
      {
        title: `确认公布《${poll.title}》的结果？`,
        happens: [
          poll.liveCounts
            ? '投票结果作为最终结果公布（票数此前已实时公开）。'
            : '各候选项的得票在投票页面、结果接口和嵌入组件中公开。',
          '之后可以进行综合评定。',
        ],
        irreversible: '结果公布后不能撤回，票数对所有人可见。',
        action: '确认公布结果',
      },
      () => a.run(admin['publish-results'].$post({ param }), '投票结果已公布。'),
    );
  return (
    <div class="panel" data-poll={poll.slug}>
      {confirm.dialog}
      <h3>
        <a href={`/polls/${seg(poll.slug)}/`}>{poll.title}</a>{' '}
        <span class="status">{labels.pollStatus[poll.status] ?? poll.status}</span>
      </h3>
      <p>
        开始 {formatTime(poll.opensAt)}，截止 {formatTime(poll.closesAt)}，每票最多选 {poll.maxChoices} 项，
        {poll.liveCounts ? '实时公开票数' : '截止后公布结果'}
      </p>
      {poll.windowChangeReason && <p>调整原因（已公开）：{poll.windowChangeReason}</p>}
      {canChange && (
        <>
          {(poll.status === 'open' || poll.status === 'scheduled') && (
            <form
              class="inline-form"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                closeNow();
              }}
            >
              <TextField
                label="提前截止或延期的原因（公开显示）"
                error={a.error?.fields.reason}
                size={36}
                value={reason}
                onValue={setReason}
              />
              <button type="submit" class="danger" disabled={a.busy}>
                提前截止投票
              </button>
              <TextField
                label="延期至（最后一天）"
                error={a.error?.fields.lastDay}
                type="date"
                value={lastDay}
                onValue={setLastDay}
              />
              <button type="button" class="secondary" disabled={a.busy} onClick={extend}>
                延期
              </button>
            </form>
          )}
          {poll.status === 'closed' && (
            <button type="button" disabled={a.busy} onClick={publish}>
              公布投票结果
            </button>
          )}
        </>
      )}
      <ErrorBanner error={a.error} />
      <Notice text={a.done} />
    </div>
  );
}

/** Today's China date and the next whole ten minutes at least five minutes ahead, as form values. */
function defaultStart(): { day: string; time: string } {
  const at = Math.ceil((Date.now() + 5 * 60_000) / 600_000) * 600_000;
  return { day: chinaDate(at), time: chinaTimeOfDay(at) };
}

function CreatePollForm({ track, onChanged }: { track: TrackKey; onChanged: () => void }) {
  const a = useAction(onChanged);
  const start = defaultStart();
  const [f, setF] = useState({
    slug: `${track}-vote`,
    title: '',
    firstDay: start.day,
    time: start.time,
    days: '15',
    maxChoices: '10',
    county: '30',
    expert: '40',
    vote: '30',
  });
  useSlugProposal(track, 'vote', f.slug, (slug) => setF((g) => ({ ...g, slug })));
  const [embargo, setEmbargo] = useState(false);
  const set = (k: keyof typeof f) => (e: { currentTarget: HTMLInputElement }) =>
    setF({ ...f, [k]: e.currentTarget.value });
  const submit = (e: Event) => {
    e.preventDefault();
    void a.run(
      api.admin.tracks[':track'].poll.$post({
        param: { track },
        json: {
          slug: f.slug,
          title: f.title,
          // The date and time are China time; today is allowed, from a time still ahead.
          opensAt: f.firstDay && f.time ? new Date(`${f.firstDay}T${f.time}:00+08:00`).toISOString() : '',
          days: Number(f.days),
          maxChoices: Number(f.maxChoices),
          liveCounts: !embargo,
          weights: { county: Number(f.county), expert: Number(f.expert), vote: Number(f.vote) },
        },
      }),
      '投票已创建。',
    );
  };
  // A created poll empties the form (a track has one poll at a time; the next starts afresh).
  useEffect(() => {
    if (!a.done) return;
    const next = defaultStart();
    setF((old) => ({ ...old, title: '', firstDay: next.day, time: next.time }));
  }, [a.done]);
  const input = (k: keyof typeof f, label: string, type = 'text', hint?: string) => (
    <Field
      label={label}
      hint={hint}
      error={
        a.error?.fields[k === 'firstDay' ? 'opensAt' : k] ??
        (['county', 'expert', 'vote'].includes(k) ? a.error?.fields.weights : undefined)
      }
    >
      {(id, d) => <input id={id} aria-describedby={d} type={type} value={f[k]} onInput={set(k)} />}
    </Field>
  );
  return (
    <details>
      <summary>从入围名单创建投票</summary>
      <form class="inline-form" onSubmit={submit} noValidate>
        {input('slug', '网址标识')}
        {input('title', '投票标题')}
        {input('firstDay', '开始日期', 'date', '北京时间，可以选今天')}
        {input('time', '开始时刻', 'time', '须晚于当前时间')}
        {input('days', '投票天数', 'number')}
        {input('maxChoices', '每票最多可选', 'number')}
        {input('county', '县级推荐权重 %', 'number')}
        {input('expert', '专家评分权重 %', 'number')}
        {input('vote', '大众投票权重 %', 'number')}
        <label class="check">
          <input type="checkbox" checked={embargo} onChange={(e) => setEmbargo(e.currentTarget.checked)} />
          投票期间不公开实时票数
        </label>
        <button type="submit" disabled={a.busy}>
          创建投票
        </button>
      </form>
      <ErrorBanner error={a.error} />
      <Notice text={a.done} />
    </details>
  );
}

function DecisionPanel({ track, canChange, tick }: { track: TrackKey; canChange: boolean; tick: number }) {
  const [view, setView] = useState<DecisionBody | null>(null);
  const [loadError, setLoadError] = useState<ApiFailure | null>(null);
  const [own, setOwn] = useState(0);
  const a = useAction(() => setOwn((n) => n + 1));
  const [override, setOverride] = useState<number[]>([]);
  const [reason, setReason] = useState('');
  const decision = api.admin.tracks[':track'].decision;
  useEffect(() => {
    void send(decision.$get({ param: { track } })).then((r) => {
      if (r.ok) {
        setView(r.data);
        setLoadError(null);
      } else setLoadError(r.error);
    });
  }, [track, tick, own]);
  const rows = view?.rows ?? [];
  const decided = view?.confirmed ?? null;
  const confirm = useConfirm();
  // Where the annex fixes no number (brands: 最终确定获选名单), the admin says how many: ten at most, as the
  // programme's name asks, and no more than there are candidates.
  const [count, setCount] = useState<string | null>(null);
  const fixed = view?.selectCount ?? null;
  const proposed = Math.min(10, rows.length);
  const typed = count === null ? proposed : /^\d+$/.test(count.trim()) ? Number(count) : 0;
  const n = fixed ?? typed;
  /** Selected by the confirmed decision, or (before it) among the top N by total. */
  const chosen = (r: (typeof rows)[number]) =>
    decided ? (decided.items.find((i) => i.candidateId === r.candidateId)?.selected ?? false) : n > 0 && r.rank <= n;
  const names = (ids: number[]) =>
    rows
      .filter((r) => ids.includes(r.candidateId))
      .map((r) => r.name)
      .join('、');
  const confirmTop = () =>
    confirm.run(
      {
        title: `确认按综合得分确定前 ${n} 名？`,
        happens: [
          `入选：${names(rows.filter((r) => r.rank <= n).map((r) => r.candidateId))}。`,
          '入选名单可用于发布公示和最终名单。',
        ],
        irreversible: '入选名单确认后不能修改或重新确定。',
        action: `确认前 ${n} 名`,
      },
      () =>
        a.run(
          decision.$post({ param: { track }, json: { mode: 'top_n', ...(fixed === null ? { selectCount: n } : {}) } }),
          '已按排名确认入选名单。',
        ),
    );
  const confirmOverride = () =>
    !reason.trim() || !override.length
      ? void a.run(
          decision.$post({ param: { track }, json: { mode: 'override', selected: override, reason } }),
          '已按勾选确定入选名单。',
        )
      : confirm.run(
          {
            title: `确认按勾选确定 ${override.length} 名入选？`,
            happens: [`入选：${names(override)}。`, `调整理由将写入评定结果和审计日志：${reason}`],
            irreversible: '入选名单确认后不能修改或重新确定。',
            action: '确认按勾选确定',
            danger: true,
          },
          () =>
            a.run(
              decision.$post({ param: { track }, json: { mode: 'override', selected: override, reason } }),
              '已按勾选确定入选名单。',
            ),
        );
  return (
    <section class="panel" aria-labelledby="decision-title">
      <h2 id="decision-title">综合评定</h2>
      {view?.weights && (
        <p>
          {view.pollSlug ? '权重（投票开始前已公布）' : '权重'}：县级推荐 {view.weights.county}%，专家评分{' '}
          {view.weights.expert}%，大众投票 {view.weights.vote}%
        </p>
      )}
      {loadError && <p class="hint">{loadError.message}</p>}
      {decided && (
        <p class="notice">
          已{decided.mode === 'override' ? '调整确定' : '按排名确定'}前 {decided.selectCount} 名
          {decided.overrideReason ? `，理由：${decided.overrideReason}` : ''}。
        </p>
      )}
      {rows.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col" class="num">
                  排名
                </th>
                <th scope="col">名称</th>
                <th scope="col" class="num">
                  县级推荐分
                </th>
                <th scope="col" class="num">
                  专家评分
                </th>
                <th scope="col" class="num">
                  得票
                </th>
                <th scope="col" class="num">
                  投票得分
                </th>
                <th scope="col" class="num">
                  综合得分
                </th>
                <th scope="col">{decided ? '结果' : `前 ${n} 名`}</th>
                {canChange && !decided && <th scope="col">调整选定</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.candidateId} class={chosen(r) ? 'selected' : undefined}>
                  <td class="num">
                    {r.rank}
                    {r.tied ? '（并列）' : ''}
                  </td>
                  <td>{r.name}</td>
                  <td class="num">{formatScore(r.countyScore)}</td>
                  <td class="num">{formatScore(r.expertScore)}</td>
                  <td class="num">{r.votes ?? '—'}</td>
                  <td class="num">{formatScore(r.voteScore)}</td>
                  <td class="num">
                    <strong>{formatScore(r.total)}</strong>
                  </td>
                  <td>{chosen(r) ? <span class="selected-mark">{decided ? '入选' : '拟入选'}</span> : ''}</td>
                  {canChange && !decided && (
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`调整选定：${r.name}`}
                        checked={override.includes(r.candidateId)}
                        onChange={() =>
                          setOverride((o) =>
                            o.includes(r.candidateId) ? o.filter((x) => x !== r.candidateId) : [...o, r.candidateId],
                          )
                        }
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canChange && !decided && rows.length > 0 && (
        <div class="actions" style={{ marginTop: '12px' }}>
          {fixed === null && (
            <TextField
              label="确定数量"
              hint={`文件未规定数量，默认 ${proposed} 名`}
              inputMode="numeric"
              size={4}
              error={a.error?.fields.selectCount}
              value={count ?? String(proposed)}
              onValue={setCount}
            />
          )}
          <button type="button" disabled={a.busy || n < 1} onClick={confirmTop}>
            确认前 {n} 名
          </button>
          <TextField
            label="调整理由（按勾选确定时必填）"
            error={a.error?.fields.reason}
            size={36}
            value={reason}
            onValue={setReason}
          />
          <button type="button" class="secondary" disabled={a.busy} onClick={confirmOverride}>
            按勾选确定（{override.length}）
          </button>
        </div>
      )}
      <ErrorBanner error={a.error} />
      <Notice text={a.done} />
      {confirm.dialog}
    </section>
  );
}

/**
 * The final-list form mirrors the server's 公示 rule (contracts/publicity.ts, from the track view):
 * where 公示 is required there is no choice, the list follows the notice the server names; the form
 * shows why it cannot publish yet instead of offering the button. The server decides either way.
 */
function FinalListForm({
  track,
  publicity,
  onChanged,
}: {
  track: TrackKey;
  publicity: AdminTrackBody['publicity'];
  onChanged: () => void;
}) {
  const a = useAction(onChanged);
  const [slug, setSlug] = useState('');
  useSlugProposal(track, 'list', slug, setSlug);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const follows = publicity.notice;
  const [chosen, setChosen] = useState(follows?.slug ?? '');
  useEffect(() => setChosen(follows?.slug ?? ''), [follows?.slug]);
  const [published, setPublished] = useState<string | null>(null);
  const noticeSlug = publicity.required ? follows?.slug : chosen || undefined;
  const confirm = useConfirm();
  const publish = async () => {
    await a.run(
      api.admin.tracks[':track']['final-list'].$post({
        param: { track },
        json: { slug, title, body: body || undefined, noticeSlug },
      }),
      '最终名单已发布。',
    );
    setPublished(slug);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    // Without a slug or title the server's refusal names the field; nothing to confirm yet.
    if (!slug.trim() || !title.trim()) return void publish();
    confirm.run(
      {
        title: `确认发布最终名单《${title}》？`,
        happens: [
          `名单立即在 /lists/${slug}/ 公开，列出已确定入选的项目（异议成立撤下的除外）。`,
          noticeSlug ? `名单依据公示《${follows?.title ?? noticeSlug}》发布。` : '名单不依据公示发布。',
        ],
        irreversible: '最终名单发布后不能撤回或修改。',
        action: '确认发布',
      },
      publish,
    );
  };
  const period = publicity.workingDays ? `${publicity.workingDays}个工作日` : '';
  return (
    <section class="panel" aria-labelledby="final-title">
      <h2 id="final-title">发布最终名单</h2>
      <form onSubmit={submit} noValidate>
        <ErrorBanner error={a.error} />
        {publicity.blocked && (
          <p class="error-banner" role="status" data-publicity="blocked">
            {publicity.blocked}
          </p>
        )}
        <TextField
          label="网址标识（小写字母、数字、横线）"
          error={a.error?.fields.slug}
          hint="发布后地址为 /lists/标识/"
          value={slug}
          onValue={setSlug}
        />
        <TextField label="标题" error={a.error?.fields.title} size={40} value={title} onValue={setTitle} />
        <TextField multiline label="说明（可选）" error={a.error?.fields.body} value={body} onValue={setBody} />
        {publicity.required ? (
          <p class="hint" data-publicity="follows">
            本赛道须经公示{period}，名单依据期满且无待处理异议的公示发布，异议成立撤下的项目不列入。
            {follows && (
              <>
                {' '}
                依据的公示：<a href={`/notices/${seg(follows.slug)}/`}>{follows.title}</a>（{follows.endsOn} 期满）。
              </>
            )}
          </p>
        ) : (
          <SelectField
            label="依据的公示（可选；有公示进行中或异议未办结时不能发布）"
            error={a.error?.fields.noticeSlug}
            value={chosen}
            onValue={setChosen}
            options={[
              ['', '不依据公示'],
              ...(follows ? [[follows.slug, `${follows.title}（${follows.endsOn} 期满）`] as [string, string]] : []),
            ]}
          />
        )}
        <button type="submit" disabled={a.busy || publicity.blocked !== null}>
          发布最终名单
        </button>
        {confirm.dialog}
        <Notice text={a.done} />
        {a.done && published && (
          <p>
            <a href={`/lists/${seg(published)}/`}>查看公开页面</a>
          </p>
        )}
      </form>
    </section>
  );
}
