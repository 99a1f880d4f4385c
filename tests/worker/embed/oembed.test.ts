import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { OembedQuery } from '../../../contracts/oembed';
import { openDb } from '../../../db/client';
import { dbLookup, embedSnippet, oembedDiscoveryLink, oembedFor, widgetHeight } from '../../../worker/embed/oembed';
import { ApiError } from '../../../worker/errors';
import { seed } from '../../fixtures/app';

const SITE = 'https://vote.example.cn';
const NOW = Date.UTC(2026, 10, 27, 2, 0);
beforeAll(() => seed(NOW));
const lookup = () => dbLookup(openDb(env.DB), NOW);

async function refused(query: OembedQuery): Promise<string> {
  try {
    await oembedFor(query, SITE, lookup());
  } catch (e) {
    if (e instanceof ApiError) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('oembedFor', () => {
  it('answers rich with the self-sizing snippet, its fallback iframe sized to the finalists', async () => {
    const body = await oembedFor({ url: `${SITE}/polls/trades-vote/`, format: 'json' }, SITE, lookup());
    const height = widgetHeight(15);
    expect(body).toEqual({
      version: '1.0',
      type: 'rich',
      title: expect.stringContaining('十大精品工种'),
      provider_name: '临汾技工 · 六个十',
      provider_url: `${SITE}/`,
      cache_age: 3600,
      html: embedSnippet(SITE, { slug: 'trades-vote', title: body.title, candidates: 15 }),
      width: 600,
      height,
    });
    // The loader and its placeholder, as in the poll page's embed panel.
    expect(body.html).toContain('<div data-linfen-poll="trades-vote">');
    expect(body.html).toContain(`<script src="${SITE}/embed.js" async></script>`);
    // Where scripts are stripped, the iframe inside the placeholder shows every finalist.
    expect(body.html).toContain(`<iframe src="${SITE}/embed/polls/trades-vote" title="${body.title} · 投票结果"`);
    expect(body.html).toContain(`height="${height}"`);
    expect(height).toBeGreaterThan(widgetHeight(5));
  });

  it('accepts the address without its trailing slash, with a query, over http, and honours maxwidth/maxheight', async () => {
    const body = await oembedFor(
      { url: 'http://vote.example.cn/polls/trades-vote?from=singlemessage', maxwidth: 320, maxheight: 400 },
      SITE,
      lookup(),
    );
    expect([body.width, body.height]).toEqual([320, 400]);
    expect(body.html).toContain('width="320" height="400"');
  });

  it('answers rich with a link card for a notice address', async () => {
    const body = await oembedFor({ url: `${SITE}/notices/bases-publicity/` }, SITE, lookup());
    expect(body.type).toBe('rich');
    expect(body.html).toContain(`href="${SITE}/notices/bases-publicity/"`);
    expect(body.html).not.toContain('<script');
  });

  it('refuses other sites, other pages and unknown slugs with not_found', async () => {
    for (const url of [
      'https://evil.example.com/polls/trades-vote/',
      `${SITE}/rules/`,
      `${SITE}/polls/no-such-poll/`,
      `${SITE}/notices/no-such-notice/`,
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(await refused({ url })).toBe('not_found');
    }
  });

  it('refuses formats other than json with not_implemented (501)', async () => {
    expect(await refused({ url: `${SITE}/polls/trades-vote/`, format: 'xml' })).toBe('not_implemented');
  });

  it('validates its query', () => {
    expect(OembedQuery.safeParse({ url: 'x', maxwidth: '320' }).data?.maxwidth).toBe(320);
    expect(OembedQuery.safeParse({}).success).toBe(false);
  });
});

describe('embed snippets', () => {
  it('gives editors the placeholder, its titled fallback iframe and the loader, and pages the discovery link', () => {
    expect(embedSnippet(SITE, { slug: 'trades-vote', title: 'A & "B"', candidates: 2 })).toBe(
      `<div data-linfen-poll="trades-vote"><iframe src="${SITE}/embed/polls/trades-vote" title="A &#38; &#34;B&#34; · 投票结果" ` +
        `width="600" height="${widgetHeight(2)}" loading="lazy" ` +
        `style="display:block;width:100%;max-width:600px;height:${widgetHeight(2)}px;border:0"></iframe></div>\n` +
        `<script src="${SITE}/embed.js" async></script>`,
    );
    expect(oembedDiscoveryLink(SITE, `${SITE}/polls/trades-vote/`, 'A & B')).toBe(
      `<link rel="alternate" type="application/json+oembed" href="${SITE}/api/oembed?url=https%3A%2F%2Fvote.example.cn%2Fpolls%2Ftrades-vote%2F&#38;format=json" title="A &#38; B">`,
    );
  });
});
