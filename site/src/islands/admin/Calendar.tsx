/**
 * /admin/calendar/: a city admin enters a year's State Council holiday schedule (holiday ranges,
 * make-up working days, the notice's number and date), previews the working days it changes
 * against plain weeks (the same expansion the server stores), and saves it; or, for a year with
 * no published schedule yet, confirms it deliberately as plain weeks. Auditors read.
 * docs/notices.md says where to copy the schedule from.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CalendarChange, CalendarYearBody } from '../../../../contracts/admin-calendar';
import { expandEntry } from '../../../../contracts/calendar';
import { chinaDate } from '../../../../contracts/china-time';
import { api, send, type ApiFailure } from '../api';
import { ErrorBanner, Notice, RequireSession, TextField, useAction, type AdminSession } from './ui';

/** The seven public holidays of the State Council schedule, in calendar order. */
const HOLIDAYS = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'];

type HolidayRow = { name: string; start: string; end: string };

/** The calendar island. */
export default function Calendar() {
  return <RequireSession>{(s) => <CalendarBody session={s} />}</RequireSession>;
}

function CalendarBody({ session }: { session: AdminSession }) {
  const [year, setYear] = useState(String(Number(chinaDate(Date.now()).slice(0, 4)) + 1));
  const [stored, setStored] = useState<CalendarYearBody | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!/^\d{4}$/.test(year)) return;
    void send(api.admin.calendar[':year'].$get({ param: { year } })).then((r) => {
      if (r.ok) {
        setStored(r.data);
        setError(null);
      } else setError(r.error);
    });
  }, [year, tick]);
  const city = session.account.role === 'city_admin';
  return (
    <>
      <h1>节假日安排</h1>
      <p>
        公示期按工作日计算，依据国务院办公厅每年发布的《关于YYYY年部分节假日安排的通知》（中国政府网 www.gov.cn）。
        未录入的年份，凡公示期跨入该年的公示都无法发布（calendar_missing）。
      </p>
      <TextField label="年份" inputMode="numeric" size={6} value={year} onValue={setYear} />
      <ErrorBanner error={error} />
      {stored && (
        <section class="panel" aria-labelledby="stored-title">
          <h2 id="stored-title">{stored.year} 年现状</h2>
          <p>
            {stored.status === 'entered'
              ? `已录入（${stored.source ?? ''}）`
              : stored.status === 'confirmed'
                ? `已确认按普通周计算（${stored.source ?? ''}）：国务院安排发布后须改为录入`
                : '尚未录入'}
          </p>
          {stored.changes.length > 0 && <Changes changes={stored.changes} />}
        </section>
      )}
      {city && /^\d{4}$/.test(year) && (
        <>
          <EntryForm key={year} year={Number(year)} onSaved={() => setTick((t) => t + 1)} />
          {stored?.status !== 'entered' && <ConfirmPlain year={Number(year)} onSaved={() => setTick((t) => t + 1)} />}
        </>
      )}
    </>
  );
}

/** The dates whose working status differs from a plain Monday-Friday week. */
function Changes({ changes }: { changes: CalendarChange[] }) {
  return (
    <table>
      <caption>与普通周相比有变化的日期（{changes.length} 天）</caption>
      <thead>
        <tr>
          <th scope="col">日期</th>
          <th scope="col">变化</th>
          <th scope="col">说明</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.date}>
            <td>{c.date}</td>
            <td>{c.kind === 'holiday' ? '工作日 → 放假' : '周末 → 调休上班'}</td>
            <td>{c.name}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EntryForm({ year, onSaved }: { year: number; onSaved: () => void }) {
  const a = useAction(onSaved);
  const [rows, setRows] = useState<HolidayRow[]>(HOLIDAYS.map((name) => ({ name, start: '', end: '' })));
  const [workdays, setWorkdays] = useState('');
  const [noticeNo, setNoticeNo] = useState('');
  const [noticeDate, setNoticeDate] = useState('');
  const [preview, setPreview] = useState<ReturnType<typeof expandEntry> | null>(null);
  const entry = () => ({
    holidays: rows.filter((r) => r.start && r.end),
    workdays: workdays
      .split(/[\s,，、]+/)
      .map((d) => d.trim())
      .filter(Boolean),
    noticeNo,
    noticeDate,
  });
  const setRow = (i: number, k: keyof HolidayRow, v: string) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  return (
    <section class="panel" aria-labelledby="entry-title">
      <h2 id="entry-title">录入 {year} 年安排</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void a.run(
            api.admin.calendar[':year'].$put({ param: { year }, json: entry() }),
            `${year} 年节假日安排已保存。`,
          );
        }}
      >
        <ErrorBanner error={a.error} />
        <table>
          <caption>放假（含调休形成的连休，按通知原文填写起止日期）</caption>
          <thead>
            <tr>
              <th scope="col">节日</th>
              <th scope="col">开始</th>
              <th scope="col">结束</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td>{r.name}</td>
                <td>
                  <input
                    type="date"
                    aria-label={`${r.name}放假开始日期`}
                    value={r.start}
                    onInput={(e) => setRow(i, 'start', e.currentTarget.value)}
                  />
                </td>
                <td>
                  <input
                    type="date"
                    aria-label={`${r.name}放假结束日期`}
                    value={r.end}
                    onInput={(e) => setRow(i, 'end', e.currentTarget.value)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <TextField
          multiline
          label="调休上班日（周六、周日上班的日期，如 2027-02-06，每行或用逗号分隔）"
          error={a.error?.fields.workdays}
          value={workdays}
          onValue={setWorkdays}
        />
        <div class="inline-form">
          <TextField
            label="通知文号"
            hint="如 国办发明电〔2026〕7号"
            error={a.error?.fields.noticeNo}
            value={noticeNo}
            onValue={setNoticeNo}
          />
          <TextField
            label="通知日期"
            type="date"
            error={a.error?.fields.noticeDate}
            value={noticeDate}
            onValue={setNoticeDate}
          />
        </div>
        <div class="actions">
          <button type="button" class="secondary" onClick={() => setPreview(expandEntry(year, entry()))}>
            预览变化
          </button>
          <button type="submit" disabled={a.busy}>
            保存并标记为已录入
          </button>
        </div>
        <Notice text={a.done} />
      </form>
      {preview &&
        ('problems' in preview ? (
          <ul class="error-banner" role="alert">
            {preview.problems.map((p: string) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : (
          <Changes changes={preview.changes} />
        ))}
    </section>
  );
}

function ConfirmPlain({ year, onSaved }: { year: number; onSaved: () => void }) {
  const a = useAction(onSaved);
  const [reason, setReason] = useState('');
  return (
    <section class="panel" aria-labelledby="plain-title">
      <h2 id="plain-title">暂按普通周计算</h2>
      <p>
        仅在国务院尚未发布 {year} 年安排、又必须发布跨年公示时使用：{year}
        年将按周一至周五为工作日计算，记入审计日志并公开注明；安排发布后须立即录入。已发布公示的截止日期不会因此改变。
      </p>
      <form
        class="inline-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void a.run(
            api.admin.calendar[':year']['confirm-plain'].$post({ param: { year }, json: { reason } }),
            `${year} 年已确认暂按普通周计算。`,
          );
        }}
      >
        <TextField label="原因" error={a.error?.fields.reason} value={reason} onValue={setReason} />
        <button type="submit" class="danger" disabled={a.busy}>
          确认按普通周计算
        </button>
      </form>
      <ErrorBanner error={a.error} />
      <Notice text={a.done} />
    </section>
  );
}
