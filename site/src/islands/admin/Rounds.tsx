/**
 * The rounds (年度评选) of one track on its admin page: the current round, the earlier ones read-only
 * beside it, and for a city admin "开始下一年度评选" (year, title, start date; the annex's stages with
 * their computed deadlines from the preview, then a confirmation dialog) and "提前结束本年度评选"
 * (a public reason, then a confirmation dialog). The server refuses whatever the role or the round's
 * state does not allow; the dialogs say what cannot be undone before anything is sent.
 */
import { useEffect, useState } from 'preact/hooks';
import type { TrackBody } from '../../../../contracts/content';
import type { TrackKey } from '../../../../contracts/enums';
import { chinaDate } from '../../../../contracts/china-time';
import { labels, roundTitle } from '../../../../contracts/labels';
import type { z } from 'zod';
// Types only: a runtime import of contracts/rounds would bring zod, whose eval probe the CSP reports.
import type { RoundPreviewBody } from '../../../../contracts/rounds';
import { api, send, type ApiFailure as AdminFailure } from '../api';
import { useConfirm } from './Confirm';
import { ErrorBanner, Notice, seg, TextField, type AdminSession } from './ui';

/** A round as GET /api/tracks/{track} lists it. */
type RoundSummary = TrackBody['track']['rounds'][number];

/** A stage of the next round with its computed dates, as the preview answers it. */
type PreviewStage = z.infer<typeof RoundPreviewBody>['stages'][number];

/** Fired on window when a round of the shown track starts or closes. */
const ROUNDS_CHANGED = 'admin:rounds-changed';

/**
 * The rounds panel of a track. `onChanged` reloads the track page (its stages follow the current round);
 * a change of `reloaded` (the page reloaded its track view) reads the rounds again, since publishing the
 * final list finishes the round.
 */
export default function Rounds({
  session,
  track,
  reloaded,
  onChanged,
}: {
  session: AdminSession;
  track: TrackKey;
  reloaded: number;
  onChanged: () => void;
}) {
  const [rounds, setRounds] = useState<RoundSummary[] | null>(null);
  const [error, setError] = useState<AdminFailure | null>(null);
  useEffect(() => {
    void send(api.tracks[':track'].$get({ param: { track } })).then((r) =>
      r.ok ? setRounds(r.data.track.rounds) : setError(r.error),
    );
  }, [track, reloaded]);
  const changed = () => {
    // The page reloads its view, and with it this panel (`reloaded`).
    onChanged();
    // The slug proposals of the track's forms follow the new current round.
    window.dispatchEvent(new Event(ROUNDS_CHANGED));
  };
  const city = session.account.role === 'city_admin';
  if (error) return <ErrorBanner error={error} />;
  if (!rounds) return null;
  // The current round: the open one, else the newest (the server's rule).
  const current = rounds.find((r) => r.status === 'open') ?? rounds[0];
  const earlier = rounds.filter((r) => r !== current);
  return (
    <section class="panel rounds" aria-labelledby="rounds-title">
      <h2 id="rounds-title">年度评选</h2>
      <div class="rounds-grid">
        <div>
          {current ? (
            <p>
              本年度：<strong>{current.title}</strong>（{current.year}）{' '}
              <span class={`status status-${current.status === 'open' ? 'active' : 'done'}`}>
                {labels.roundStatus[current.status]}
              </span>{' '}
              <a href={`/tracks/${seg(track)}/${current.year}/`}>公开页面</a>
            </p>
          ) : (
            <p>本赛道还没有年度评选。</p>
          )}
          {current?.status !== 'open' && current && (
            <p class="hint">
              {current.status === 'finished' ? '本年度评选已完成，' : '本年度评选已提前结束，'}
              所有内容只读。{city ? '可以开始下一年度评选。' : ''}
            </p>
          )}
          {city && current?.status === 'open' && <CloseRound track={track} round={current} onChanged={changed} />}
          {city && (!current || current.status !== 'open') && (
            <StartRound track={track} after={current ?? null} onChanged={changed} />
          )}
        </div>
        <div>
          <h3>往年评选（只读）</h3>
          {earlier.length ? (
            <ul class="plain-list">
              {earlier.map((r) => (
                <li key={r.year}>
                  <a href={`/tracks/${seg(track)}/${r.year}/`}>{r.title}</a>{' '}
                  <span class="status">{labels.roundStatus[r.status]}</span>
                  {r.finalList && (
                    <>
                      {' '}
                      · 最终名单：<a href={`/lists/${seg(r.finalList.slug)}/`}>{r.finalList.title}</a>
                    </>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p class="hint">暂无往年评选。</p>
          )}
        </div>
      </div>
    </section>
  );
}

function StartRound({
  track,
  after,
  onChanged,
}: {
  track: TrackKey;
  after: RoundSummary | null;
  onChanged: () => void;
}) {
  const nextYear = after ? after.year + 1 : Number(chinaDate(Date.now()).slice(0, 4));
  const [year, setYear] = useState(String(nextYear));
  // The title follows the year until the admin writes one of their own.
  const [title, setTitle] = useState<string | null>(null);
  const [startsOn, setStartsOn] = useState(chinaDate(Date.now()));
  const [preview, setPreview] = useState<PreviewStage[] | null>(null);
  const confirm = useConfirm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AdminFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const y = Number(year);
  const shownTitle = title ?? (Number.isInteger(y) && y > 0 ? roundTitle(track, y) : '');
  const body = () => ({ year: Number(year), title: shownTitle, startsOn });
  // A changed field makes the shown schedule stale: preview again before starting.
  const edit = (f: (v: string) => void) => (v: string) => {
    f(v);
    setPreview(null);
  };
  const showPreview = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const r = await send(
      api.admin.tracks[':track'].rounds.preview.$get({
        param: { track },
        query: { year, startsOn, ...(shownTitle ? { title: shownTitle } : {}) },
      }),
    );
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setPreview(r.data.stages);
  };
  const start = async () => {
    setBusy(true);
    const r = await send(api.admin.tracks[':track'].rounds.$post({ param: { track }, json: body() }));
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setDone(`${shownTitle}已开始。`);
    onChanged();
  };
  return (
    <details open={done === null && after?.status !== 'open'}>
      <summary>开始下一年度评选</summary>
      <form class="inline-form" onSubmit={showPreview} noValidate>
        <TextField label="年度" inputMode="numeric" error={error?.fields.year} value={year} onValue={edit(setYear)} />
        <TextField
          label="评选名称"
          hint="按年度和赛道自动生成，可修改"
          error={error?.fields.title}
          value={shownTitle}
          onValue={edit(setTitle)}
        />
        <TextField
          label="开始日期"
          type="date"
          hint="第一个环节从这一天起算"
          error={error?.fields.startsOn}
          value={startsOn}
          onValue={edit(setStartsOn)}
        />
        <button type="submit" class="secondary" disabled={busy}>
          预览环节和截止时间
        </button>
      </form>
      {preview && (
        <>
          <div class="table-wrap">
            <table aria-label="新年度的环节和截止时间">
              <thead>
                <tr>
                  <th>环节</th>
                  <th>开始</th>
                  <th>截止</th>
                  <th>文件规定</th>
                </tr>
              </thead>
              <tbody>
                {preview.map((s) => (
                  <tr key={s.key}>
                    <td>{s.title}</td>
                    <td class="date">{s.startsOn ?? '—'}</td>
                    <td class="date">{s.endsOn ? `${s.endsOn} 24:00` : '开启环节时确定'}</td>
                    <td>{s.rule}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                confirm.run(
                  {
                    title: `确认开始${shownTitle}？`,
                    happens: [
                      `${labels.track[track]}将按上表开始 ${year} 年度评选，从 ${startsOn} 起按附件规定的环节计算截止时间。`,
                      ...(after ? [`${after.title}从此只读：其候选、投票、公示和名单都不能再修改。`] : []),
                    ],
                    irreversible: '年度评选开始后不能取消，也不能删除。',
                    action: '确认开始',
                  },
                  start,
                )
              }
            >
              开始{shownTitle}……
            </button>
          </p>
        </>
      )}
      <ErrorBanner error={error} />
      <Notice text={done} />
      {confirm.dialog}
    </details>
  );
}

function CloseRound({ track, round, onChanged }: { track: TrackKey; round: RoundSummary; onChanged: () => void }) {
  const [reason, setReason] = useState('');
  const confirm = useConfirm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AdminFailure | null>(null);
  const ask = (e: Event) => {
    e.preventDefault();
    if (!reason.trim())
      return setError({
        code: 'invalid_request',
        message: '请填写原因。',
        fields: { reason: '请填写原因（将在年度页面公开）' },
      });
    setError(null);
    confirm.run(
      {
        title: `确认提前结束${round.title}？`,
        happens: [
          '本年度评选将结束，已有的候选、投票、公示和名单都保留并公开，但不能再修改。',
          `原因将显示在年度页面上：“${reason.trim()}”`,
          '之后可以开始下一年度评选。',
        ],
        irreversible: '提前结束后，本年度评选不能重新开启。',
        action: '确认提前结束',
        danger: true,
      },
      close,
    );
  };
  const close = async () => {
    setBusy(true);
    const r = await send(
      api.admin.tracks[':track'].rounds[':year'].close.$post({
        param: { track, year: String(round.year) },
        json: { reason },
      }),
    );
    setBusy(false);
    if (!r.ok) return setError(r.error);
    onChanged();
  };
  return (
    <details>
      <summary>提前结束本年度评选</summary>
      <form class="inline-form" onSubmit={ask} noValidate>
        <TextField
          label="原因（将在年度页面公开）"
          multiline
          error={error?.fields.reason}
          value={reason}
          onValue={setReason}
        />
        <button type="submit" class="danger" disabled={busy}>
          提前结束本年度评选……
        </button>
      </form>
      <ErrorBanner error={error} />
      {confirm.dialog}
    </details>
  );
}

/**
 * Proposes a slug with the year of the track's current round (`trades-2027-vote`), so slugs stay
 * unique across rounds: once the year is known, and again when the track changes, it fills the
 * field if it is empty or still holds a proposal (`kind` without a year, or an earlier proposal).
 * What the admin typed is left alone.
 */
export function useSlugProposal(track: TrackKey, kind: string, value: string, set: (slug: string) => void) {
  const [year, setYear] = useState<number | null>(null);
  useEffect(() => {
    const load = () =>
      void send(api.tracks[':track'].$get({ param: { track } })).then((r) => {
        if (r.ok) setYear(r.data.track.round?.year ?? null);
      });
    load();
    window.addEventListener(ROUNDS_CHANGED, load);
    return () => window.removeEventListener(ROUNDS_CHANGED, load);
  }, [track]);
  useEffect(() => {
    if (year === null) return;
    const proposed = new RegExp(`^[a-z]+(-\\d{4})?-${kind}$`);
    if (value === '' || proposed.test(value)) set(`${track}-${year}-${kind}`);
    // Only a new year or track proposes again; typing does not.
  }, [year, track]);
}
