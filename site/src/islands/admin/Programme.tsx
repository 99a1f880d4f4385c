/**
 * Track panels beyond the vote: applications (bases, institutions), a county's recommendation of
 * an application (bases), expert assignment, the institutions directory (decide, renew, revoke),
 * the competitions' schedule and winners, and the recruitment events' schedule and outcomes.
 * Each posts to one admin route; the server checks roles, stages, quotas and deadlines and its
 * errors show inline.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AdminTrackBody } from '../../../../contracts/admin-workflow';
import type { CompetitionList, RecruitmentList } from '../../../../contracts/content';
import type { TrackKey } from '../../../../contracts/enums';
import type { StaffAccount } from '../../../../contracts/admin-api';
import { api, send } from '../api';
import { ErrorBanner, Notice, SelectField, TextField, useAction } from './ui';
import { criteriaBody, criteriaErrorsOf, CriteriaFields, emptyCriteria, type CriteriaValues } from './CriteriaFields';

type Candidate = AdminTrackBody['candidates'][number];
type County = AdminTrackBody['recommendationProgress'][number];

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
const month = (v: string) => (v === '' ? null : Number(v));
const count = (v: string) => (v.trim() === '' ? null : Number(v));

const MONTH_OPTIONS: [string, string][] = [
  ['', '待定'],
  ...MONTHS.map((m): [string, string] => [String(m), `${m} 月`]),
];

/** A month picker where the empty choice means 待定 (to be decided). */
function MonthField(props: { label: string; error?: string; value: string; onValue: (v: string) => void }) {
  return <SelectField {...props} options={MONTH_OPTIONS} />;
}

/** An application (bases, institutions) by a county officer for their county, or by a city admin for any. */
export function ApplicationForm({
  track,
  counties,
  ownCounty,
  onChanged,
}: {
  track: 'bases' | 'institutions';
  counties: County[];
  ownCounty: string | null;
  onChanged: () => void;
}) {
  const a = useAction(onChanged);
  const [countyId, setCountyId] = useState(ownCounty ?? counties[0]?.countyId ?? '');
  const [name, setName] = useState('');
  const [applicant, setApplicant] = useState('');
  const [summary, setSummary] = useState('');
  const [occupations, setOccupations] = useState('');
  // Bases: the facilities and full-time teacher share the annex asks for, checked when recommended.
  const [criteria, setCriteria] = useState<CriteriaValues>(() => emptyCriteria(track));
  useEffect(() => {
    if (!a.done) return;
    setName('');
    setApplicant('');
    setSummary('');
    setOccupations('');
    setCriteria(emptyCriteria(track));
  }, [a.done]);
  const submit = (e: Event) => {
    e.preventDefault();
    const candidate =
      track === 'institutions'
        ? {
            name,
            summary,
            applicant: applicant || null,
            occupations: occupations
              .split(/[,，、\s]+/)
              .map((o) => o.trim())
              .filter(Boolean),
          }
        : { name, summary, applicant: applicant || null, ...criteriaBody(track, criteria) };
    void a.run(
      api.admin.tracks[':track'].applications.$post({ param: { track }, json: { countyId, candidate } }),
      '申报已登记。',
    );
  };
  return (
    <section class="panel" aria-labelledby="apply-title">
      <h2 id="apply-title">登记申报</h2>
      <form onSubmit={submit} noValidate>
        <ErrorBanner error={a.error} />
        {ownCounty === null && (
          <SelectField
            label="所属县区"
            error={a.error?.fields.countyId}
            value={countyId}
            onValue={setCountyId}
            options={counties.map((c) => [c.countyId, c.name] as const)}
          />
        )}
        <TextField
          label={track === 'bases' ? '基地名称' : '机构名称'}
          error={a.error?.fields.candidate}
          required
          value={name}
          onValue={setName}
        />
        <TextField label="申报单位（可选）" value={applicant} onValue={setApplicant} />
        {track === 'institutions' && (
          <TextField label="鉴定职业（工种），用顿号或逗号分隔" value={occupations} onValue={setOccupations} />
        )}
        <TextField multiline label="简介" value={summary} onValue={setSummary} />
        <CriteriaFields
          track={track}
          values={criteria}
          onValue={(field, v) => setCriteria({ ...criteria, [field]: v })}
          errors={criteriaErrorsOf(track, a.error)}
        />
        <button type="submit" disabled={a.busy}>
          登记申报
        </button>
        <Notice text={a.done} />
      </form>
    </section>
  );
}

/** A county officer recommends one of their county's applications (bases: one per county). */
export function RecommendApplication({
  track,
  countyId,
  candidates,
  onChanged,
}: {
  track: TrackKey;
  countyId: string | null;
  candidates: Candidate[];
  onChanged: () => void;
}) {
  const a = useAction(onChanged);
  // A city admin (countyId null) enters any county's recommendation from its paper submission.
  const applied = candidates.filter((c) => (countyId === null || c.countyId === countyId) && c.status === 'applied');
  return (
    <section class="panel" aria-labelledby="rec-app-title">
      <h2 id="rec-app-title">{countyId ? '推荐本县申报' : '代县（市、区）推荐申报'}</h2>
      {!countyId && <p class="hint">用于录入县（市、区）报送的纸质推荐材料；审计日志将记录为市级管理员代为录入。</p>}
      <ErrorBanner error={a.error} />
      {applied.length === 0 ? (
        <p>{countyId ? '本县暂无待推荐的申报。' : '暂无待推荐的申报。'}</p>
      ) : (
        <ul class="plain-list">
          {applied.map((c) => (
            <li key={c.id}>
              {c.name}
              {!countyId && `（${c.county ?? c.countyId ?? '—'}）`}{' '}
              <button
                type="button"
                class="secondary"
                disabled={a.busy}
                onClick={() =>
                  void a.run(
                    api.admin.tracks[':track'].recommendations.$post({
                      param: { track },
                      // An application always names its county; '' would be refused at the field.
                      json: { countyId: countyId ?? c.countyId ?? '', candidateId: c.id, rank: 1 },
                    }),
                    `已推荐“${c.name}”。`,
                  )
                }
              >
                推荐“{c.name}”
              </button>
            </li>
          ))}
        </ul>
      )}
      <Notice text={a.done} />
    </section>
  );
}

/** The city admin assigns experts (active expert accounts) to candidates for review. */
export function AssignExperts({
  track,
  candidates,
  onChanged,
}: {
  track: TrackKey;
  candidates: Candidate[];
  onChanged: () => void;
}) {
  const a = useAction(onChanged);
  const [experts, setExperts] = useState<StaffAccount[]>([]);
  const [pickedCandidates, setPickedCandidates] = useState<number[]>([]);
  const [pickedExperts, setPickedExperts] = useState<number[]>([]);
  useEffect(() => {
    void send(api.admin.accounts.$get()).then((r) => {
      if (r.ok) setExperts(r.data.accounts.filter((x) => x.role === 'expert' && !x.disabled));
    });
  }, []);
  const toggle = (list: number[], id: number) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  const open = candidates.filter((c) => c.status === 'recommended' || c.status === 'applied');
  return (
    <section class="panel" aria-labelledby="assign-title">
      <h2 id="assign-title">分配评审专家</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void a.run(
            api.admin.tracks[':track'].experts.$post({
              param: { track },
              json: { candidateIds: pickedCandidates, expertIds: pickedExperts },
            }),
            '专家已分配。',
          );
        }}
      >
        <ErrorBanner error={a.error} />
        <fieldset>
          <legend>待评审候选（{open.length}）</legend>
          {open.map((c) => (
            <label key={c.id} class="check">
              <input
                type="checkbox"
                checked={pickedCandidates.includes(c.id)}
                onChange={() => setPickedCandidates(toggle(pickedCandidates, c.id))}
              />
              {c.name}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>评审专家（{experts.length}）</legend>
          {experts.length === 0 && <p>还没有可用的专家账号，请先在“账号管理”中创建。</p>}
          {experts.map((x) => (
            <label key={x.id} class="check">
              <input
                type="checkbox"
                checked={pickedExperts.includes(x.id)}
                onChange={() => setPickedExperts(toggle(pickedExperts, x.id))}
              />
              {x.displayName}（{x.username}）
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={a.busy}>
          分配
        </button>
        <Notice text={a.done} />
      </form>
    </section>
  );
}

/** The institutions directory: decide applications, renew entries (3 years), revoke with a reason. */
export function InstitutionsPanel({
  candidates,
  canChange,
  onChanged,
}: {
  candidates: Candidate[];
  canChange: boolean;
  onChanged: () => void;
}) {
  return (
    <section class="panel" aria-labelledby="inst-title">
      <h2 id="inst-title">鉴定机构目录</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">名称</th>
            <th scope="col">县区</th>
            <th scope="col">有效期</th>
            {canChange && <th scope="col">操作</th>}
          </tr>
        </thead>
        <tbody>
          {candidates.map((c) => (
            <InstitutionRow key={c.id} c={c} canChange={canChange} onChanged={onChanged} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function InstitutionRow({ c, canChange, onChanged }: { c: Candidate; canChange: boolean; onChanged: () => void }) {
  const a = useAction(onChanged);
  const [reason, setReason] = useState('');
  const institution = api.admin.institutions[':id'];
  const param = { id: c.id };
  const reasonField = (
    <TextField
      label={c.status === 'applied' ? '理由（不予认定时必填）' : '理由（撤销时必填）'}
      error={a.error?.fields.reason}
      value={reason}
      onValue={setReason}
    />
  );
  return (
    <tr>
      <td>{c.name}</td>
      <td>{c.county ?? '市直'}</td>
      <td>
        {c.revokedAt
          ? `已撤销：${c.revokedReason ?? ''}`
          : c.validFrom
            ? `${c.validFrom} 至 ${c.validUntil ?? ''}`
            : c.status === 'rejected'
              ? '不予认定'
              : '待认定'}
      </td>
      {canChange && (
        <td>
          <ErrorBanner error={a.error} />
          {c.status === 'applied' && (
            <div class="inline-form">
              {reasonField}
              <button
                type="button"
                disabled={a.busy}
                onClick={() =>
                  void a.run(
                    institution.decision.$post({ param, json: { approve: true, reason: reason || null } }),
                    '已认定，有效期 3 年。',
                  )
                }
              >
                认定
              </button>
              <button
                type="button"
                class="danger"
                disabled={a.busy}
                onClick={() =>
                  void a.run(
                    institution.decision.$post({ param, json: { approve: false, reason } }),
                    '已作出不予认定结论。',
                  )
                }
              >
                不予认定
              </button>
            </div>
          )}
          {c.status === 'selected' && !c.revokedAt && (
            <div class="inline-form">
              {reasonField}
              <button
                type="button"
                class="secondary"
                disabled={a.busy}
                onClick={() =>
                  void a.run(institution.renew.$post({ param, json: { reason: reason || null } }), '已续期 3 年。')
                }
              >
                续期
              </button>
              <button
                type="button"
                class="danger"
                disabled={a.busy}
                onClick={() => void a.run(institution.revoke.$post({ param, json: { reason } }), '已撤销。')}
              >
                撤销
              </button>
            </div>
          )}
          <Notice text={a.done} />
        </td>
      )}
    </tr>
  );
}

/** The competitions: schedule (months may be 待定) and winners per trade. */
export function CompetitionsPanel({ canSchedule, canAward }: { canSchedule: boolean; canAward: boolean }) {
  const [data, setData] = useState<CompetitionList | null>(null);
  const [tick, setTick] = useState(0);
  const reload = () => setTick((t) => t + 1);
  useEffect(() => {
    // Staff requests bypass the edge cache (their session cookie), so this is D1 as it stands.
    void send(api.competitions.$get()).then((r) => r.ok && setData(r.data));
  }, [tick]);
  if (!data) return <p aria-live="polite">正在加载大赛安排……</p>;
  return (
    <>
      <section class="panel" aria-labelledby="comp-title">
        <h2 id="comp-title">大赛安排</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">序号</th>
              <th scope="col">名称</th>
              <th scope="col">举办月份</th>
            </tr>
          </thead>
          <tbody>
            {data.competitions.map((c) => (
              <CompetitionRow key={c.id} c={c} canChange={canSchedule} onChanged={reload} />
            ))}
          </tbody>
        </table>
      </section>
      {canAward && <WinnersForm competitions={data.competitions} />}
    </>
  );
}

function CompetitionRow({
  c,
  canChange,
  onChanged,
}: {
  c: CompetitionList['competitions'][number];
  canChange: boolean;
  onChanged: () => void;
}) {
  const a = useAction(onChanged);
  const [from, setFrom] = useState(c.monthFrom === null ? '' : String(c.monthFrom));
  const [to, setTo] = useState(c.monthTo === null ? '' : String(c.monthTo));
  return (
    <tr>
      <td>{c.seq}</td>
      <td>{c.name}</td>
      <td>
        {!canChange && (c.monthFrom === null ? '待定' : `${c.monthFrom}–${c.monthTo ?? c.monthFrom} 月`)}
        {canChange && (
          <form
            class="inline-form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void a.run(
                api.admin.competitions[':id'].schedule.$post({
                  param: { id: c.id },
                  json: { monthFrom: month(from), monthTo: month(to) },
                }),
                '安排已保存。',
              );
            }}
          >
            <MonthField label="起" error={a.error?.fields.monthFrom} value={from} onValue={setFrom} />
            <MonthField label="止" error={a.error?.fields.monthTo} value={to} onValue={setTo} />
            <button type="submit" class="secondary" disabled={a.busy} aria-label={`保存“${c.name}”的安排`}>
              保存
            </button>
          </form>
        )}
        <ErrorBanner error={a.error} />
        <Notice text={a.done} />
      </td>
    </tr>
  );
}

/** Per trade: 1 first, 2 second and 3 third prizes (the prize rules of annex 5). */
const SLOTS = [
  { prize: 'first', place: 1, title: '一等奖' },
  { prize: 'second', place: 1, title: '二等奖（1）' },
  { prize: 'second', place: 2, title: '二等奖（2）' },
  { prize: 'third', place: 1, title: '三等奖（1）' },
  { prize: 'third', place: 2, title: '三等奖（2）' },
  { prize: 'third', place: 3, title: '三等奖（3）' },
] as const;

function WinnersForm({ competitions }: { competitions: CompetitionList['competitions'] }) {
  const a = useAction(() => undefined);
  const [competition, setCompetition] = useState(String(competitions[0]?.id ?? ''));
  const [trade, setTrade] = useState('');
  const [names, setNames] = useState<string[]>(SLOTS.map(() => ''));
  const [orgs, setOrgs] = useState<string[]>(SLOTS.map(() => ''));
  const set = (list: string[], i: number, v: string) => list.map((x, j) => (j === i ? v : x));
  const submit = (e: Event) => {
    e.preventDefault();
    const winners = SLOTS.map((p, i) => ({
      prize: p.prize,
      place: p.place,
      winnerName: names[i].trim(),
      organisation: orgs[i].trim() || null,
    })).filter((w) => w.winnerName !== '');
    void a.run(
      api.admin.competitions[':id'].winners.$post({ param: { id: competition }, json: { trade, winners } }),
      '获奖名单已保存。',
    );
  };
  return (
    <section class="panel" aria-labelledby="winners-title">
      <h2 id="winners-title">登记获奖名单</h2>
      <p>每个工种设一等奖 1 名、二等奖 2 名、三等奖 3 名；未评出的名次留空。保存后替换该工种原有名单。</p>
      <form onSubmit={submit} noValidate>
        <ErrorBanner error={a.error} />
        <SelectField
          label="大赛"
          value={competition}
          onValue={setCompetition}
          options={competitions.map((c) => [String(c.id), c.name] as const)}
        />
        <TextField label="工种" error={a.error?.fields.trade} value={trade} onValue={setTrade} />
        {SLOTS.map((p, i) => (
          <div class="inline-form" key={`${p.prize}-${p.place}`}>
            <TextField
              label={`${p.title}：姓名`}
              error={a.error?.fields.winners}
              value={names[i]}
              onValue={(v) => setNames(set(names, i, v))}
            />
            <TextField label={`${p.title}：单位`} value={orgs[i]} onValue={(v) => setOrgs(set(orgs, i, v))} />
          </div>
        ))}
        <button type="submit" disabled={a.busy}>
          保存获奖名单
        </button>
        <Notice text={a.done} />
      </form>
    </section>
  );
}

/** The recruitment events: schedule and outcome. */
export function RecruitmentPanel({ canSchedule, canRecord }: { canSchedule: boolean; canRecord: boolean }) {
  const [data, setData] = useState<RecruitmentList | null>(null);
  const [tick, setTick] = useState(0);
  const reload = () => setTick((t) => t + 1);
  useEffect(() => {
    void send(api.recruitment.$get()).then((r) => r.ok && setData(r.data));
  }, [tick]);
  if (!data) return <p aria-live="polite">正在加载招聘活动……</p>;
  return (
    <section class="panel" aria-labelledby="recruit-title">
      <h2 id="recruit-title">招聘活动</h2>
      {data.events.map((ev) => (
        <RecruitmentEvent key={ev.id} ev={ev} canSchedule={canSchedule} canRecord={canRecord} onChanged={reload} />
      ))}
    </section>
  );
}

function RecruitmentEvent({
  ev,
  canSchedule,
  canRecord,
  onChanged,
}: {
  ev: RecruitmentList['events'][number];
  canSchedule: boolean;
  canRecord: boolean;
  onChanged: () => void;
}) {
  const schedule = useAction(onChanged);
  const outcome = useAction(onChanged);
  const [period, setPeriod] = useState(ev.period);
  const [from, setFrom] = useState(ev.monthFrom === null ? '' : String(ev.monthFrom));
  const [to, setTo] = useState(ev.monthTo === null ? '' : String(ev.monthTo));
  const [o, setO] = useState({ heldOn: '', employers: '', positions: '', attendees: '', agreements: '', outcome: '' });
  const num = (k: 'employers' | 'positions' | 'attendees' | 'agreements', label: string) => (
    <TextField
      label={label}
      error={outcome.error?.fields[k]}
      inputMode="numeric"
      size={6}
      value={o[k]}
      onValue={(v) => setO({ ...o, [k]: v })}
    />
  );
  return (
    <details class="panel">
      <summary>
        {ev.seq}. {ev.name}（{ev.period}）
      </summary>
      {!canSchedule && !canRecord && <p>当前环节不可修改。</p>}
      {canSchedule && (
        <form
          class="inline-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void schedule.run(
              api.admin.recruitment[':id'].schedule.$post({
                param: { id: ev.id },
                json: { period, monthFrom: month(from), monthTo: month(to) },
              }),
              '安排已保存。',
            );
          }}
        >
          <TextField label="举办时间说明" error={schedule.error?.fields.period} value={period} onValue={setPeriod} />
          <MonthField label="起始月份" error={schedule.error?.fields.monthFrom} value={from} onValue={setFrom} />
          <MonthField label="结束月份" error={schedule.error?.fields.monthTo} value={to} onValue={setTo} />
          <button type="submit" class="secondary" disabled={schedule.busy}>
            保存安排
          </button>
        </form>
      )}
      <ErrorBanner error={schedule.error} />
      <Notice text={schedule.done} />
      {canRecord && (
        <>
          <h3>登记活动成效</h3>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void outcome.run(
                api.admin.recruitment[':id'].outcome.$post({
                  param: { id: ev.id },
                  json: {
                    heldOn: o.heldOn,
                    employers: count(o.employers),
                    positions: count(o.positions),
                    attendees: count(o.attendees),
                    agreements: count(o.agreements),
                    outcome: o.outcome || null,
                  },
                }),
                '活动成效已登记。',
              );
            }}
          >
            <ErrorBanner error={outcome.error} />
            <div class="inline-form">
              <TextField
                label="举办日期"
                error={outcome.error?.fields.heldOn}
                type="date"
                value={o.heldOn}
                onValue={(v) => setO({ ...o, heldOn: v })}
              />
              {num('employers', '参会企业（家）')}
              {num('positions', '提供岗位（个）')}
              {num('attendees', '参会人数')}
              {num('agreements', '达成意向（人）')}
            </div>
            <TextField multiline label="成效说明" value={o.outcome} onValue={(v) => setO({ ...o, outcome: v })} />
            <button type="submit" disabled={outcome.busy}>
              登记成效
            </button>
            <Notice text={outcome.done} />
          </form>
        </>
      )}
    </details>
  );
}
