import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorBody } from '../../../contracts/errors';
import { ObjectionCreated, ObjectionStatusBody } from '../../../contracts/objections';
import { post, seed, testApp } from '../../fixtures/app';
import { conforms } from '../../fixtures/contract';
import { verifiedVoter } from '../../fixtures/voting';

const SEEDED = Date.UTC(2026, 10, 27, 2, 0); // Friday 2026-11-27 10:00 China time; bases-publicity runs to 2026-12-03
const END = Date.UTC(2026, 11, 3, 16, 0); // 2026-12-04 00:00 China time = 24:00 of 2026-12-03
const t = testApp();
let token: string;
let phone: string;

const file = (body: unknown, auth = token, ip = '10.1.0.1') =>
  t.json(
    '/api/notices/bases-publicity/objections',
    post(body, { Authorization: `Bearer ${auth}`, 'CF-Connecting-IP': ip }),
  );

const OBJECTION = { name: '张三', contact: '临汾市尧都区某街 1 号', content: '该基地实训设备与申报不符。' };

beforeAll(async () => {
  await seed(SEEDED);
  t.clock.set(SEEDED);
  ({ token, phone } = await verifiedVoter(t));
});

describe('POST /api/notices/:slug/objections', () => {
  it('files an objection on an open notice and returns a tracking number', async () => {
    t.clock.set(SEEDED);
    const item = await env.DB.prepare(
      "SELECT i.id FROM notice_items i JOIN notices n ON n.id = i.notice_id WHERE n.slug = 'bases-publicity' LIMIT 1",
    ).first<{ id: number }>();
    const { res, body } = await file({ ...OBJECTION, itemId: item!.id });
    expect(res.status).toBe(201);
    conforms(ObjectionCreated, body);
    const row = await env.DB.prepare('SELECT * FROM objections WHERE tracking_no = ?')
      .bind(body.trackingNo)
      .first<Record<string, unknown>>();
    expect(row).toMatchObject({ name: '张三', status: 'received', item_id: item!.id });
    expect(row!.phone_masked).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    expect(JSON.stringify(row)).not.toContain(phone);
  });

  it('refuses without a voter session', async () => {
    const { res, body } = await t.json('/api/notices/bases-publicity/objections', post(OBJECTION));
    expect(res.status).toBe(401);
    expect(body.error.code).toBe('unauthenticated');
  });

  it('refuses content over 1000 characters and an item that is not on the notice', async () => {
    t.clock.set(SEEDED);
    expect((await file({ ...OBJECTION, content: '字'.repeat(1001) })).res.status).toBe(400);
    const { res, body } = await file({ ...OBJECTION, itemId: 999999 });
    expect(res.status).toBe(400);
    expect(body.error.issues[0].path).toEqual(['itemId']);
  });

  it('accepts one millisecond before the end and answers notice_closed one millisecond after it', async () => {
    t.clock.set(END - 60_000);
    const voter = await verifiedVoter(t, undefined, '10.2.0.1');
    t.clock.set(END - 1);
    expect((await file(OBJECTION, voter.token, '10.2.0.1')).res.status).toBe(201);
    t.clock.set(END + 1);
    const { res, body } = await file(OBJECTION, voter.token, '10.2.0.1');
    expect(res.status).toBe(409);
    conforms(errorBody(['notice_closed']), body);
    t.clock.set(END);
    expect((await file(OBJECTION, voter.token, '10.2.0.1')).body.error.code).toBe('notice_closed');
  });

  it('answers notice_closed before the period starts', async () => {
    t.clock.set(Date.UTC(2026, 10, 26, 15, 59, 59, 999)); // 2026-11-26 23:59:59.999 China
    const voter = await verifiedVoter(t, undefined, '10.3.0.1');
    const { res, body } = await file(OBJECTION, voter.token, '10.3.0.1');
    expect(res.status).toBe(409);
    expect(body.error).toMatchObject({ code: 'notice_closed', message: expect.stringContaining('尚未开始') });
  });

  it('limits objections per phone like SMS codes', async () => {
    t.clock.set(SEEDED + 3_600_000 * 3);
    const voter = await verifiedVoter(t, undefined, '10.4.0.1');
    for (let i = 0; i < 5; i++) expect((await file(OBJECTION, voter.token, '10.4.0.1')).res.status).toBe(201);
    const { res, body } = await file(OBJECTION, voter.token, '10.4.0.1');
    expect(res.status).toBe(429);
    expect(body.error.code).toBe('rate_limited');
    expect(res.headers.get('Retry-After')).toMatch(/^[1-9]\d*$/);
  });
});

describe('GET /api/objections/:trackingNo', () => {
  it('shows the status and submission date, never the name, phone, contact or text', async () => {
    t.clock.set(SEEDED);
    const filed = await file(OBJECTION);
    const { res, body } = await t.json(`/api/objections/${filed.body.trackingNo}`);
    expect(res.status).toBe(200);
    conforms(ObjectionStatusBody, body);
    expect(body).toEqual({
      trackingNo: filed.body.trackingNo,
      status: 'received',
      response: null,
      noticeSlug: 'bases-publicity',
      item: null,
      submittedOn: '2026-11-27',
    });
    const text = JSON.stringify(body);
    for (const secret of ['张三', phone, phone.slice(0, 3) + '****', OBJECTION.contact, OBJECTION.content])
      expect(text).not.toContain(secret);
  });

  it('answers not_found for an unknown number and invalid_request for a malformed one', async () => {
    expect((await t.json('/api/objections/ABCD-EFGH-JKMN')).res.status).toBe(404);
    expect((await t.json('/api/objections/abc')).res.status).toBe(400);
  });
});
