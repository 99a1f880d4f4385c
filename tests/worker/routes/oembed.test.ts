import { beforeAll, describe, expect, it } from 'vitest';
import { OembedRich } from '../../../contracts/oembed';
import { seed, testApp } from '../../fixtures/app';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
const t = testApp();
t.clock.set(NOW);
beforeAll(() => seed(NOW));

const SITE = 'http://localhost';
const ask = (url: string, extra = '') => t.json(`/api/oembed?url=${encodeURIComponent(url)}${extra}`);

describe('GET /api/oembed', () => {
  it('answers rich with the self-sizing snippet for a poll address, readable from any origin', async () => {
    const { res, body } = await ask(`${SITE}/polls/trades-vote/`, '&format=json&maxwidth=320');
    expect(res.status).toBe(200);
    expect(OembedRich.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({ type: 'rich', version: '1.0', width: 320 });
    expect(body.html).toContain(`src="${SITE}/embed/polls/trades-vote"`);
    expect(body.html).toContain(`<script src="${SITE}/embed.js" async></script>`);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Cache-Control')).toMatch(/public.*s-maxage=\d+/);
  });

  it('answers a notice address with a link card', async () => {
    const { res, body } = await ask(`${SITE}/notices/bases-publicity`);
    expect(res.status).toBe(200);
    expect(body.html).toContain(`${SITE}/notices/bases-publicity/`);
  });

  it('answers 404 not_found for another page, host or slug, with CORS', async () => {
    for (const url of [`${SITE}/rules/`, 'https://other.example/polls/trades-vote/', `${SITE}/polls/no-such-poll/`]) {
      const { res, body } = await ask(url);
      expect(res.status, url).toBe(404);
      expect(body.error.code).toBe('not_found');
      expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    }
  });

  it('answers 501 not_implemented for format=xml', async () => {
    const { res, body } = await ask(`${SITE}/polls/trades-vote/`, '&format=xml');
    expect(res.status).toBe(501);
    expect(body.error.code).toBe('not_implemented');
  });

  it('answers 400 invalid_request without a url', async () => {
    const { res, body } = await t.json('/api/oembed');
    expect(res.status).toBe(400);
    expect(body.error.code).toBe('invalid_request');
  });
});
