/**
 * A draft 公示 before it goes out: its full text as the public page will read it (title, body,
 * items, contact and the rule for letters), and the form that edits it (PUT
 * /api/admin/notices/{slug}). Items made from a decision keep their breakdown and are not edited
 * here; items typed in by hand can be.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AdminNotice, AdminNoticeBody } from '../../../../contracts/admin-notices';
import { api } from '../api';
import { useCounties } from './counties';
import { emptyItem, itemsBody, ManualItems, type ItemRow } from './NoticeItems';
import { ErrorBanner, Notice, TextField, useAction } from './ui';

/** The draft's text as the public notice page shows it. */
export function NoticePreview({ notice, items }: { notice: AdminNotice; items: AdminNoticeBody['items'] }) {
  return (
    <section class="notice-preview" aria-labelledby={`preview-${notice.slug}`}>
      <h3 id={`preview-${notice.slug}`}>预览：{notice.title}</h3>
      {notice.body ? <div data-testid="draft-body">{notice.body}</div> : <p class="hint">（正文为空）</p>}
      <ol>
        {items
          .filter((i) => !i.removed)
          .map((i) => (
            <li key={i.id}>
              {i.name}
              {i.county ? `（${i.county}）` : ''}
              {i.score !== null ? ` ${i.score}分` : ''}
            </li>
          ))}
      </ol>
      <p>
        公示期 {notice.workingDays} 个工作日（发布时计算起止日期）。对公示对象有异议的，请在公示期内向
        {notice.contact.name}
        反映，电话 {notice.contact.phone}，地址 {notice.contact.address}；{notice.postmarkRule}。
      </p>
    </section>
  );
}

/** Edits a draft; `onChanged` reloads it. */
export function DraftEditor({
  notice,
  items,
  onChanged,
}: {
  notice: AdminNotice;
  items: AdminNoticeBody['items'];
  onChanged: () => void;
}) {
  const a = useAction(onChanged);
  const counties = useCounties();
  const [open, setOpen] = useState(false);
  const byHand = items.every((i) => i.candidateId === null);
  const initial = () => ({
    title: notice.title,
    body: notice.body,
    contactName: notice.contact.name,
    contactPhone: notice.contact.phone,
    contactAddress: notice.contact.address,
    workingDays: String(notice.workingDays),
  });
  const [f, setF] = useState(initial);
  const rowsOf = (): ItemRow[] => {
    const rows = items.map((i) => ({
      name: i.name,
      countyId: counties.find((c) => c.name === i.county)?.id ?? '',
      score: i.score === null ? '' : String(i.score),
    }));
    return rows.length ? rows : [emptyItem()];
  };
  const [rows, setRows] = useState<ItemRow[]>(rowsOf);
  // The county names arrive after the first render: match the items' counties once they do.
  useEffect(() => setRows(rowsOf()), [counties.length, items]);
  useEffect(() => setF(initial()), [notice]);
  useEffect(() => {
    if (a.done) setOpen(false);
  }, [a.done]);
  const bind = (k: keyof typeof f) => ({
    value: f[k],
    onValue: (v: string) => setF({ ...f, [k]: v }),
    error: a.error?.fields[k],
  });
  const save = (e: Event) => {
    e.preventDefault();
    void a.run(
      api.admin.notices[':slug'].$put({
        param: { slug: notice.slug },
        json: {
          ...f,
          workingDays: Number(f.workingDays),
          postmarkRule: notice.postmarkRule,
          replaces: notice.replaces,
          ...(byHand ? { items: itemsBody(rows) } : {}),
        },
      }),
      '草稿已保存。',
    );
  };
  return (
    <div class="draft-editor">
      <button type="button" class="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? '收起编辑' : '编辑草稿'}
      </button>
      {open && (
        <form onSubmit={save} noValidate aria-label="编辑公示草稿">
          <ErrorBanner error={a.error} />
          <TextField label="标题" size={60} {...bind('title')} />
          <TextField multiline label="正文" {...bind('body')} />
          {byHand && <ManualItems rows={rows} onRows={setRows} counties={counties} error={a.error?.fields.items} />}
          <div class="inline-form">
            <TextField label="联系人" {...bind('contactName')} />
            <TextField label="联系电话" {...bind('contactPhone')} />
            <TextField label="通信地址" size={40} {...bind('contactAddress')} />
            <TextField label="公示工作日数" inputMode="numeric" size={4} {...bind('workingDays')} />
          </div>
          <button type="submit" disabled={a.busy}>
            保存草稿
          </button>
        </form>
      )}
      <Notice text={a.done} />
    </div>
  );
}
