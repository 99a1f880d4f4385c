/**
 * /admin/ballots/: quarantined ballots of a poll, grouped by rule, network, China hour and choice
 * set (never a phone). A city admin proposes to release a group to the count or to void it; a
 * second, different city admin confirms (the server refuses the proposer). Auditors read. Every step has a written reason and is
 * audited; the public recount (/transparency) follows at once.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AdminTrackBody } from '../../../../contracts/admin-workflow';
import { RULE_TITLES } from '../../../../contracts/detection-rules';
import { labels } from '../../../../contracts/labels';
import type { QuarantineBody, QuarantineGroup } from '../../../../contracts/review';
import { TRACK_KEYS } from '../../../../contracts/enums';
import { api, send, type ApiFailure, type Call } from '../api';
import {
  ErrorBanner,
  Field,
  formatTime,
  Notice,
  queryParam,
  RequireSession,
  useAction,
  TextField,
  type AdminSession,
} from './ui';
import { useConfirm, type ConfirmRequest } from './Confirm';

type Poll = AdminTrackBody['polls'][number];

/** The ballots island. */
export default function Ballots() {
  return <RequireSession>{(s) => <BallotsBody session={s} />}</RequireSession>;
}

function BallotsBody({ session }: { session: AdminSession }) {
  const [polls, setPolls] = useState<Poll[]>([]);
  /** Candidate names by id, so a group's choices read as names. */
  const [names, setNames] = useState<Map<number, string>>(new Map());
  const [poll, setPoll] = useState(queryParam('poll') ?? '');
  const [data, setData] = useState<QuarantineBody | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    // The polls of the voting tracks, from the admin track views (read from D1, not the edge cache).
    void Promise.all(TRACK_KEYS.map((t) => send(api.admin.tracks[':track'].$get({ param: { track: t } })))).then(
      (answers) => {
        const all = answers.flatMap((r) => (r.ok ? r.data.polls : []));
        setPolls(all);
        setNames(new Map(answers.flatMap((r) => (r.ok ? r.data.candidates.map((c) => [c.id, c.name] as const) : []))));
        if (!poll && all[0]) setPoll(all[0].slug);
      },
    );
  }, []);
  useEffect(() => {
    if (!poll) return;
    void send(api.admin.ballots.quarantined.$get({ query: { poll } })).then((r) => {
      if (r.ok) {
        setData(r.data);
        setError(null);
      } else setError(r.error);
    });
  }, [poll, tick]);
  const city = session.account.role === 'city_admin';
  const total = data?.groups.reduce((n, g) => n + g.ballotIds.length, 0) ?? 0;
  return (
    <>
      <h1>选票复核</h1>
      <p>
        被反刷票规则暂不计入公开票数的选票按规则、网络、时段和所选项分组显示（不显示手机号）。恢复计入和作废都须由一位市级管理员提议、另一位市级管理员确认；确认恢复计入后立即计入公开票数。每一步都写入审计日志，并在公开的复核记录中体现。
      </p>
      <Field label="投票">
        {(id, d) => (
          <select id={id} aria-describedby={d} value={poll} onChange={(e) => setPoll(e.currentTarget.value)}>
            {polls.map((p) => (
              <option key={p.slug} value={p.slug}>
                {p.title}（{labels.pollStatus[p.status]}，{formatTime(p.opensAt)} 至 {formatTime(p.closesAt)}）
              </option>
            ))}
          </select>
        )}
      </Field>
      <ErrorBanner error={error} />
      {data && (
        <section class="panel" aria-labelledby="groups-title">
          <h2 id="groups-title">
            待复核选票：{data.groups.length} 组，共 {total} 张
          </h2>
          {data.groups.length === 0 && <p>没有待复核的选票。</p>}
          {data.groups.map((g) => (
            <GroupCard
              key={g.key}
              poll={data.poll}
              group={g}
              names={names}
              city={city}
              me={session.account.id}
              onChanged={() => setTick((t) => t + 1)}
            />
          ))}
        </section>
      )}
    </>
  );
}

function GroupCard({
  poll,
  group,
  names,
  city,
  me,
  onChanged,
}: {
  poll: string;
  group: QuarantineGroup;
  names: Map<number, string>;
  city: boolean;
  /** The signed-in account: the proposer of a step cannot confirm it, so is not offered to. */
  me: number;
  onChanged: () => void;
}) {
  const a = useAction(onChanged);
  const [reason, setReason] = useState('');
  const ballots = api.admin.ballots;
  const body = { poll, group: group.key, reason };
  const proposed = group.proposedVoid.length > 0;
  const releaseProposed = group.proposedRelease.length > 0;
  const mine = (group.proposedVoid[0] ?? group.proposedRelease[0])?.proposedBy === me;
  const n = group.ballotIds.length;
  // Every step asks first: a proposal is on record for the second admin, a confirmation is final.
  const confirm = useConfirm();
  // The call is made only when it is sent (a call of `api` starts its request at once).
  const step = (req: ConfirmRequest, call: () => Call, success: string) =>
    reason.trim() ? confirm.run(req, () => a.run(call(), success)) : void a.run(call(), success);
  const proposal = '提议写入审计日志，须由另一位市级管理员确认后才生效。';
  return (
    <article class="panel" aria-label={`${RULE_TITLES[group.ruleId]}，${group.hour} 时`}>
      <h3>{RULE_TITLES[group.ruleId]}</h3>
      <dl class="facts">
        <dt>网络</dt>
        <dd>{group.network ?? '—'}</dd>
        <dt>时段（北京时间）</dt>
        <dd>{group.hour} 时</dd>
        <dt>选票</dt>
        <dd>{group.ballotIds.length} 张</dd>
        <dt>所选候选</dt>
        <dd>{group.choices.map((id) => names.get(id) ?? `编号 ${id}`).join('、')}</dd>
        <dt>规则发现</dt>
        <dd>{group.reason}</dd>
        {proposed && (
          <>
            <dt>作废提议</dt>
            <dd>
              {group.proposedVoid.length} 张已提议作废（提议人：{group.proposedVoid[0].proposedByName}）：
              {group.proposedVoid[0].reason}
            </dd>
          </>
        )}
        {releaseProposed && (
          <>
            <dt>恢复计入提议</dt>
            <dd>
              {group.proposedRelease.length} 张已提议恢复计入，等待另一位市级管理员确认（提议人：
              {group.proposedRelease[0].proposedByName}）：{group.proposedRelease[0].reason}
            </dd>
          </>
        )}
      </dl>
      {city && (
        <div class="inline-form">
          <TextField
            label="理由（必填，写入审计日志）"
            error={a.error?.fields.reason}
            size={40}
            value={reason}
            onValue={setReason}
          />
          {!proposed && !releaseProposed && (
            <button
              type="button"
              disabled={a.busy}
              onClick={() =>
                step(
                  {
                    title: `提议将这 ${n} 张选票恢复计入？`,
                    happens: [
                      `这 ${n} 张选票标记为“已提议恢复计入”，理由：${reason}`,
                      '另一位市级管理员确认后计入公开票数。',
                    ],
                    irreversible: proposal,
                    action: '确认提议',
                  },
                  () => ballots['propose-release'].$post({ json: body }),
                  '已提议恢复计入，等待另一位市级管理员确认。',
                )
              }
            >
              提议恢复计入
            </button>
          )}
          {(proposed || releaseProposed) && mine && <p class="hint">您是提议人，须由另一位市级管理员确认。</p>}
          {releaseProposed && !mine && (
            <button
              type="button"
              disabled={a.busy}
              onClick={() =>
                step(
                  {
                    title: `确认将这 ${n} 张选票恢复计入公开票数？`,
                    happens: [`这 ${n} 张选票立即计入公开票数，并记入公开的复核记录。`],
                    irreversible: '确认后立即生效，计入的选票不能再作废。',
                    action: '确认恢复计入',
                  },
                  () => ballots['confirm-release'].$post({ json: body }),
                  '已确认恢复计入。',
                )
              }
            >
              确认恢复计入
            </button>
          )}
          {!proposed && !releaseProposed && (
            <button
              type="button"
              class="danger"
              disabled={a.busy}
              onClick={() =>
                step(
                  {
                    title: `提议作废这 ${n} 张选票？`,
                    happens: [
                      `这 ${n} 张选票标记为“已提议作废”，理由：${reason}`,
                      '另一位市级管理员确认后作废，不计入票数。',
                    ],
                    irreversible: proposal,
                    action: '确认提议作废',
                    danger: true,
                  },
                  () => ballots['propose-void'].$post({ json: body }),
                  '已提议作废，等待另一位市级管理员确认。',
                )
              }
            >
              提议作废
            </button>
          )}
          {proposed && !mine && (
            <button
              type="button"
              class="danger"
              disabled={a.busy}
              onClick={() =>
                step(
                  {
                    title: `确认作废这 ${n} 张选票？`,
                    happens: [`这 ${n} 张选票作废，不计入票数，并记入公开的复核记录。`],
                    irreversible: '确认后立即生效，作废的选票不能再恢复计入。',
                    action: '确认作废',
                    danger: true,
                  },
                  () => ballots['confirm-void'].$post({ json: body }),
                  '已确认作废。',
                )
              }
            >
              确认作废
            </button>
          )}
        </div>
      )}
      <ErrorBanner error={a.error} />
      <Notice text={a.done} />
      {confirm.dialog}
    </article>
  );
}
