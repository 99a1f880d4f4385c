/**
 * What a citizen on a phone needs from every page: the lookups and the archives are linked, wide
 * tables carry what they need to become cards, headings never skip a level, and the in-app browser
 * hint exists only beside the QR poster.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seed, testApp } from '../../fixtures/app';
import { PUBLIC_PAGES as PAGES } from '../../fixtures/public-pages';

// Needs the built site (npm run build), as `npm test` does first.
const NOW = Date.UTC(2026, 10, 27, 2, 0);
const t = testApp();
t.clock.set(NOW);
beforeAll(() => seed(NOW));

const page = async (path: string) => (await t.request(path)).text();

describe('findable from every page', () => {
  it('links the receipt and objection lookups from the footer, and the archives from the navigation', async () => {
    for (const path of PAGES) {
      const text = await page(path);
      const footer = text.slice(text.indexOf('<footer'));
      expect(footer, path).toMatch(/<a href="\/receipts\/">查询选票<\/a>/);
      expect(footer, path).toMatch(/<a href="\/objections\/">查询异议<\/a>/);
      const nav = text.slice(text.indexOf('<nav class="site-nav"'), text.indexOf('</nav>'));
      for (const [href, label] of [
        ['/polls/', '投票'],
        ['/notices/', '公示'],
        ['/lists/', '名单'],
      ])
        expect(nav, path).toMatch(new RegExp(`<a href="${href}" data-nav="[a-z]+"[^>]*>\\s*${label}\\s*</a>`));
    }
  });
});

describe('wide tables on phones', () => {
  it('mark the notice, competition and institution tables as cards, every cell but the name labelled', async () => {
    for (const path of ['/notices/bases-publicity/', '/competitions/', '/institutions/', '/tracks/competitions/']) {
      const text = await page(path);
      const tables = text.match(/<table[^>]*>[\s\S]*?<\/table>/g) ?? [];
      expect(tables.length, path).toBeGreaterThan(0);
      for (const table of tables) {
        expect(table, path).toMatch(/^<table class="cards">/);
        const cells = table.match(/<td[^>]*>/g) ?? [];
        expect(cells.length, path).toBeGreaterThan(0);
        for (const cell of cells) expect(cell, path).toMatch(/^<td (data-label="[^"]+"|class="title")>$/);
      }
    }
  });
});

/** The levels of a page's headings inside <main>, in order. */
const headingLevels = (html: string) =>
  [...html.slice(html.indexOf('<main')).matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));

describe('heading order', () => {
  it('has one h1 and never skips a level on the directory, track and list pages', async () => {
    for (const path of [
      '/recruitment/',
      '/tracks/recruitment/',
      '/competitions/',
      '/tracks/competitions/',
      '/institutions/',
      '/tracks/institutions/',
      '/lists/institutions-directory/',
    ]) {
      const levels = headingLevels(await page(path));
      expect(levels[0], path).toBe(1);
      expect(
        levels.filter((l) => l === 1),
        path,
      ).toHaveLength(1);
      levels.forEach(
        (l, i) => i > 0 && expect(l, `${path}: h${levels[i - 1]} then h${l}`).toBeLessThanOrEqual(levels[i - 1] + 1),
      );
    }
  });
});

describe('the open-in-browser hint', () => {
  it('sits, hidden until site.js shows it, in the poll page share panel and nowhere else', async () => {
    const poll = await page('/polls/trades-vote/');
    const share = poll.slice(poll.indexOf('<section class="card share"'));
    expect(share.slice(0, share.indexOf('</section>'))).toMatch(
      /<p id="open-in-browser" class="notice-hint" hidden>抖音、快手内无法长按保存图片。/,
    );
    expect(poll.indexOf('id="open-in-browser"')).toBeGreaterThan(poll.indexOf('<main'));
    for (const path of ['/', '/notices/bases-publicity/', '/competitions/', '/rules/'])
      expect(await page(path), path).not.toContain('open-in-browser');
  });
});
