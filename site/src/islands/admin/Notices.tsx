/**
 * /admin/notices/: 公示 notices and their objections. City admins create a draft from a confirmed
 * decision (items with their score breakdown) or by hand (bases, institutions), publish it today or
 * on a later date (the period end is computed and stored by the server), withdraw it with a public
 * reason, and handle each objection: take it, answer it, decide it (an upheld objection may remove
 * items, which re-publishes the notice). Auditors read. Names and phones of objectors reach city
 * admins only; the server leaves them out for other roles.
 */
import { useEffect, useState } from 'preact/hooks';
import { TRACK_KEYS, type TrackKey } from '../../../../contracts/enums';
import { labels } from '../../../../contracts/labels';
import { formatScore } from '../../../../contracts/decision';
import type { AdminNotice, AdminNoticeBody } from '../../../../contracts/admin-notices';
import type { AdminObjection } from '../../../../contracts/objections';
import { api, send, type ApiFailure } from '../api';
import {
  ErrorBanner,
  formatTime,
  Notice,
  RequireSession,
  queryParam,
  SelectField,
  TextField,
  useAction,
  seg,
  type AdminSession,
} from './ui';
import { useSlugProposal } from './Rounds';
import { useConfirm } from './Confirm';
import { useCounties } from './counties';
import { DraftEditor, NoticePreview } from './NoticeDraft';
import { emptyItem, itemsBody, ManualItems, type ItemRow } from './NoticeItems';

const STATE: Record<AdminNotice['state'], string> = { draft: '草稿', ...labels.noticeStatus };

/** The notices island. */
export default function Notices() {
  return <RequireSession>{(s) => <NoticesBody session={s} />}</RequireSession>;
}

function NoticesBody({ session }: { session: AdminSession }) {
  const [notices, setNotices] = useState<AdminNotice[] | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  // ?notice=<slug> (the dashboard's link to waiting objections) opens that notice.
  const [open, setOpen] = useState<string | null>(queryParam('notice'));
  const [tick, setTick] = useState(0);
  const reload = () => setTick((t) => t + 1);
  useEffect(() => {
    void send(api.admin.notices.$get({ query: {} })).then((r) =>
      r.ok ? setNotices(r.data.notices) : setError(r.error),
    );
  }, [tick]);
  const city = session.account.role === 'city_admin';
  return (
    <>
      <h1>公示管理</h1>
      <ErrorBanner error={error} />
      <section class="panel" aria-labelledby="list-title">
        <h2 id="list-title">公示</h2>
        {notices && notices.length === 0 && <p>还没有公示。</p>}
        {notices && notices.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">标题</th>
                <th scope="col">赛道</th>
                <th scope="col">状态</th>
                <th scope="col">公示期</th>
                <th scope="col">异议（待处理）</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {notices.map((n) => (
                <tr key={n.slug}>
                  <td>{n.state === 'draft' ? n.title : <a href={`/notices/${seg(n.slug)}/`}>{n.title}</a>}</td>
                  <td>{labels.track[n.track]}</td>
                  <td>
                    <span class="status">{STATE[n.state]}</span>
                  </td>
                  <td>{n.startsOn && n.endsOn ? `${n.startsOn} 至 ${n.endsOn}（${n.workingDays} 个工作日）` : '—'}</td>
                  <td>
                    {n.objections.total}（{n.objections.pending}）
                  </td>
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      aria-expanded={open === n.slug}
                      onClick={() => setOpen(open === n.slug ? null : n.slug)}
                    >
                      {open === n.slug ? '收起' : '查看和处理'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {open && <NoticeDetail key={open} slug={open} city={city} tick={tick} onChanged={reload} />}
      {city && <CreateNotice onChanged={reload} />}
    </>
  );
}

function NoticeDetail({
  slug,
  city,
  tick,
  onChanged,
}: {
  slug: string;
  city: boolean;
  tick: number;
  onChanged: () => void;
}) {
  const [body, setBody] = useState<AdminNoticeBody | null>(null);
  const [objections, setObjections] = useState<AdminObjection[]>([]);
  const [error, setError] = useState<ApiFailure | null>(null);
  // Publishing or withdrawing changes the state and so which form shows: the outcome lives here.
  const change = useAction(onChanged);
  useEffect(() => {
    void send(api.admin.notices[':slug'].$get({ param: { slug } })).then((r) =>
      r.ok ? setBody(r.data) : setError(r.error),
    );
    void send(api.admin.notices[':slug'].objections.$get({ param: { slug } })).then(
      (r) => r.ok && setObjections(r.data.objections),
    );
  }, [slug, tick]);
  if (error) return <ErrorBanner error={error} />;
  if (!body) return <p aria-live="polite">正在加载……</p>;
  const n = body.notice;
  return (
    <section class="panel" aria-labelledby="detail-title">
      <h2 id="detail-title">{n.title}</h2>
      <p>
        状态：{STATE[n.state]}
        {n.publishedOn && `；发布日期 ${n.publishedOn}`}
        {n.endsOn && `；公示期 ${n.startsOn} 至 ${n.endsOn} 24:00（北京时间）`}
        {n.withdrawnReason && `；撤回理由：${n.withdrawnReason}`}
        {n.replacedBy && `；已由 ${n.replacedBy} 替代`}
      </p>
      <p>
        联系人 {n.contact.name}，电话 {n.contact.phone}，地址 {n.contact.address}；{n.postmarkRule}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">名称</th>
            <th scope="col">县区</th>
            <th scope="col">得分</th>
            <th scope="col">说明</th>
          </tr>
        </thead>
        <tbody>
          {body.items.map((i) => (
            <tr key={i.id}>
              <td>
                {i.name}
                {i.removed ? '（已移除）' : ''}
              </td>
              <td>{i.county ?? '—'}</td>
              <td>{formatScore(i.score)}</td>
              <td>{i.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {n.state === 'draft' && <NoticePreview notice={n} items={body.items} />}
      {city && n.state === 'draft' && <DraftEditor notice={n} items={body.items} onChanged={onChanged} />}
      {city && n.state === 'draft' && (
        <PublishForm slug={slug} title={n.title} workingDays={n.workingDays} a={change} />
      )}
      {city && (n.state === 'scheduled' || n.state === 'open') && <WithdrawForm slug={slug} a={change} />}
      <ErrorBanner error={change.error} />
      <Notice text={change.done} />
      <h3>异议（{objections.length}）</h3>
      {objections.length === 0 && <p>暂无异议。</p>}
      {objections.map((o) => (
        <ObjectionCard key={o.trackingNo} o={o} items={body.items} city={city} onChanged={onChanged} />
      ))}
    </section>
  );
}

type Action = ReturnType<typeof useAction>;

function PublishForm({ slug, title, workingDays, a }: { slug: string; title: string; workingDays: number; a: Action }) {
  const [on, setOn] = useState('');
  const confirm = useConfirm();
  return (
    <form
      class="inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        confirm.run(
          {
            title: `确认发布公示《${title}》？`,
            happens: [
              `公示${on ? `于 ${on}` : '今天'}在 /notices/${slug}/ 公开，公示期 ${workingDays} 个工作日，起止日期按节假日安排计算并保存。`,
              '公示期内公众可以提出异议。',
            ],
            irreversible: '发布后不能再修改内容；如有错误只能撤回（撤回理由公开显示）或发布替代公示。',
            action: '确认发布',
          },
          () =>
            a.run(
              api.admin.notices[':slug'].publish.$post({ param: { slug }, json: on ? { publishedOn: on } : {} }),
              '已发布，公示期已计算并保存。',
            ),
        );
      }}
    >
      {confirm.dialog}
      <TextField
        label="发布日期（留空为今天）"
        type="date"
        error={a.error?.fields.publishedOn}
        value={on}
        onValue={setOn}
      />
      <button type="submit" disabled={a.busy}>
        发布公示
      </button>
    </form>
  );
}

function WithdrawForm({ slug, a }: { slug: string; a: Action }) {
  const [reason, setReason] = useState('');
  const confirm = useConfirm();
  const withdraw = () =>
    a.run(api.admin.notices[':slug'].withdraw.$post({ param: { slug }, json: { reason } }), '已撤回。');
  return (
    <form
      class="inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason.trim()) return void withdraw();
        confirm.run(
          {
            title: '确认撤回这份公示？',
            happens: ['公示页面显示“已撤回”和撤回理由。', `撤回理由（公开）：${reason}`],
            irreversible: '撤回后不能恢复；需要时另行发布新的公示。',
            action: '确认撤回',
            danger: true,
          },
          withdraw,
        );
      }}
    >
      {confirm.dialog}
      <TextField label="撤回理由（公开显示）" error={a.error?.fields.reason} value={reason} onValue={setReason} />
      <button type="submit" class="danger" disabled={a.busy}>
        撤回公示
      </button>
    </form>
  );
}

function ObjectionCard({
  o,
  items,
  city,
  onChanged,
}: {
  o: AdminObjection;
  items: AdminNoticeBody['items'];
  city: boolean;
  onChanged: () => void;
}) {
  const a = useAction(onChanged);
  const [response, setResponse] = useState(o.response ?? '');
  // Nothing is ticked for removal until the admin ticks it: upholding must not remove by default.
  const [remove, setRemove] = useState<number[]>([]);
  const confirm = useConfirm();
  const removedNames = items
    .filter((i) => remove.includes(i.id))
    .map((i) => i.name)
    .join('、');
  const uphold = () =>
    confirm.run(
      {
        title: `确认异议 ${o.trackingNo} 成立？`,
        happens: [
          '异议办结为“异议成立”，答复公开显示（不含异议人信息）。',
          remove.length ? `从公示中移除：${removedNames}，并重新发布公示。` : '不移除任何公示项目。',
        ],
        irreversible: remove.length ? '办结后不能改判，移除的项目不能恢复，也不会列入最终名单。' : '办结后不能改判。',
        action: '确认异议成立',
        danger: remove.length > 0,
      },
      () =>
        a.run(
          objection.decide.$post({ param, json: { outcome: 'upheld', response, removeItemIds: remove } }),
          remove.length ? '异议成立，已移除所选项目并重新发布公示。' : '异议成立。',
        ),
    );
  const dismiss = () =>
    confirm.run(
      {
        title: `确认异议 ${o.trackingNo} 不成立？`,
        happens: ['异议办结为“异议不成立”，答复公开显示（不含异议人信息）。'],
        irreversible: '办结后不能改判。',
        action: '确认异议不成立',
      },
      () => a.run(objection.decide.$post({ param, json: { outcome: 'dismissed', response } }), '异议不成立，已答复。'),
    );
  const objection = api.admin.objections[':trackingNo'];
  const param = { trackingNo: o.trackingNo };
  const pending = o.status === 'received' || o.status === 'under_review';
  return (
    <article class="panel" aria-label={`异议 ${o.trackingNo}`}>
      <h4>
        {o.trackingNo} <span class="status">{labels.objectionStatus[o.status]}</span>
      </h4>
      <dl class="facts">
        <dt>提交时间</dt>
        <dd>{formatTime(o.submittedAt)}</dd>
        {o.name !== null && (
          <>
            <dt>异议人</dt>
            <dd>
              {o.name}（{o.phone}）{o.contact ? `，${o.contact}` : ''}
            </dd>
          </>
        )}
        {o.personalCleared && (
          <>
            <dt>个人信息</dt>
            <dd>已按保存期限删除</dd>
          </>
        )}
        <dt>针对</dt>
        <dd>{o.item?.name ?? '整个公示'}</dd>
        <dt>内容</dt>
        <dd>{o.content}</dd>
        {o.response && (
          <>
            <dt>公开答复</dt>
            <dd>{o.response}</dd>
          </>
        )}
      </dl>
      {city && pending && (
        <>
          {o.status === 'received' && (
            <button
              type="button"
              class="secondary"
              disabled={a.busy}
              onClick={() => void a.run(objection.assign.$post({ param }), '已接手核查。')}
            >
              接手核查
            </button>
          )}
          <TextField
            multiline
            label="答复（公开显示，不含异议人信息）"
            error={a.error?.fields.response}
            value={response}
            onValue={setResponse}
          />
          <fieldset>
            <legend>异议成立时从公示中移除（将重新发布公示）</legend>
            {items
              .filter((i) => !i.removed)
              .map((i) => (
                <label key={i.id} class="check">
                  <input
                    type="checkbox"
                    checked={remove.includes(i.id)}
                    onChange={() =>
                      setRemove(remove.includes(i.id) ? remove.filter((x) => x !== i.id) : [...remove, i.id])
                    }
                  />
                  {i.name}
                </label>
              ))}
          </fieldset>
          <div class="actions">
            <button
              type="button"
              class="secondary"
              disabled={a.busy}
              onClick={() => void a.run(objection.respond.$post({ param, json: { response } }), '答复已保存。')}
            >
              保存答复
            </button>
            <button
              type="button"
              disabled={a.busy}
              onClick={() =>
                response.trim()
                  ? uphold()
                  : void a.run(
                      objection.decide.$post({ param, json: { outcome: 'upheld', response, removeItemIds: remove } }),
                      '',
                    )
              }
            >
              异议成立
            </button>
            <button
              type="button"
              class="danger"
              disabled={a.busy}
              onClick={() =>
                response.trim()
                  ? dismiss()
                  : void a.run(objection.decide.$post({ param, json: { outcome: 'dismissed', response } }), '')
              }
            >
              异议不成立
            </button>
          </div>
        </>
      )}
      <ErrorBanner error={a.error} />
      <Notice text={a.done} />
      {confirm.dialog}
    </article>
  );
}

const TRACK_OPTIONS = TRACK_KEYS.map((k) => [k, labels.track[k]] as const);

/** A draft: from the track's confirmed decision, or items typed in (name, county from the list, score). */
function CreateNotice({ onChanged }: { onChanged: () => void }) {
  const a = useAction(onChanged);
  const counties = useCounties();
  const [rows, setRows] = useState<ItemRow[]>([emptyItem()]);
  const empty = {
    slug: '',
    track: 'trades' as TrackKey,
    source: 'decision' as 'decision' | 'manual',
    title: '',
    body: '',
    contactName: '',
    contactPhone: '',
    contactAddress: '',
    workingDays: '5',
  };
  const [f, setF] = useState(empty);
  useSlugProposal(f.track, 'notice', f.slug, (slug) => setF((g) => ({ ...g, slug })));
  // A created draft empties the form for the next one (it is listed above).
  useEffect(() => {
    if (!a.done) return;
    setF((old) => ({ ...empty, track: old.track, source: old.source }));
    setRows([emptyItem()]);
  }, [a.done]);
  /** A field's value, setter and inline error, for TextField and SelectField. */
  const bind = (k: keyof typeof f) => ({
    value: f[k],
    onValue: (v: string) => setF({ ...f, [k]: v }),
    error: a.error?.fields[k],
  });
  const submit = (e: Event) => {
    e.preventDefault();
    // Empty score: none; not a number: sent as typed, so the server names the rule at the field.
    const items = f.source === 'manual' ? itemsBody(rows) : undefined;
    void a.run(
      api.admin.notices.$post({
        json: {
          slug: f.slug,
          track: f.track,
          source: f.source,
          title: f.title,
          body: f.body,
          contactName: f.contactName,
          contactPhone: f.contactPhone,
          contactAddress: f.contactAddress,
          workingDays: Number(f.workingDays),
          items,
        },
      }),
      '草稿已创建，请在上方列表中查看并发布。',
    );
  };
  return (
    <section class="panel" aria-labelledby="create-title">
      <h2 id="create-title">新建公示草稿</h2>
      <form onSubmit={submit} noValidate>
        <ErrorBanner error={a.error} />
        <div class="inline-form">
          <SelectField label="赛道" {...bind('track')} options={TRACK_OPTIONS} />
          <SelectField
            label="公示内容来源"
            {...bind('source')}
            options={[
              ['decision', '已确定的综合评定（含得分构成）'],
              ['manual', '手工填写（无投票的赛道）'],
            ]}
          />
          <TextField label="网址标识" hint="小写字母、数字、横线，发布后地址为 /notices/标识/" {...bind('slug')} />
          <TextField label="公示工作日数" inputMode="numeric" size={4} {...bind('workingDays')} />
        </div>
        <TextField label="标题" {...bind('title')} />
        <TextField multiline label="正文" {...bind('body')} />
        {f.source === 'manual' && (
          <ManualItems rows={rows} onRows={setRows} counties={counties} error={a.error?.fields.items} />
        )}
        <div class="inline-form">
          <TextField label="联系人" {...bind('contactName')} />
          <TextField label="联系电话" {...bind('contactPhone')} />
          <TextField label="通信地址" size={40} {...bind('contactAddress')} />
        </div>
        <button type="submit" disabled={a.busy}>
          创建草稿
        </button>
        <Notice text={a.done} />
      </form>
    </section>
  );
}
