/**
 * `npm run lint:links` (part of `npm run check`): every relative link and image in README.md and
 * docs/*.md names a file git tracks (an ignored or uncommitted file would be missing from a clone),
 * and a `#fragment` names a heading of that file. Code blocks and inline code are not links.
 * Exits 1 listing each broken link.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** Files git tracks, plus files staged for the next commit; without git, the files on disk. */
function trackedFiles(): (path: string) => boolean {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached'], { encoding: 'utf8' });
    const files = new Set(out.split('\0').filter(Boolean));
    const dirs = new Set(
      [...files].flatMap((f) =>
        f
          .split('/')
          .slice(0, -1)
          .map((_, i, p) => p.slice(0, i + 1).join('/')),
      ),
    );
    return (path) => files.has(path) || dirs.has(path);
  } catch {
    return (path) => existsSync(path);
  }
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Markdown without fenced code blocks and inline code spans, which hold no links. */
function prose(text: string): string {
  return text.replace(/^(```|~~~)[\s\S]*?^\1/gm, '').replace(/(`+)[^`\n]*?\1/g, '');
}

function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of text.replace(/^(```|~~~)[\s\S]*?^\1/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Targets of `[text](target)`, `![alt](target)` and `<img src="target">`. */
export function targets(text: string): string[] {
  const body = prose(text);
  const md = [...body.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const html = [...body.matchAll(/<(?:img|a)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  return [...md, ...html];
}

function main(): number {
  const isTracked = trackedFiles();
  const docs = [
    'README.md',
    ...readdirSync('docs')
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  const broken: string[] = [];
  for (const doc of docs) {
    const text = readFileSync(doc, 'utf8');
    for (const target of targets(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // http:, mailto:, …
      const [pathPart, fragment] = target.split('#', 2);
      const path = pathPart ? normalize(join(dirname(doc), decodeURIComponent(pathPart))).replace(/\/$/, '') : doc;
      if (path.startsWith('..')) {
        broken.push(`${doc}: ${target} points outside the repository`);
        continue;
      }
      if (!isTracked(path)) {
        broken.push(`${doc}: ${target} is not a committed file (${path})`);
        continue;
      }
      if (fragment && path.endsWith('.md') && !anchors(readFileSync(path, 'utf8')).has(fragment)) {
        broken.push(`${doc}: ${target} names no heading of ${path}`);
      }
    }
  }
  for (const line of broken) console.error(line);
  console.log(`${docs.length} documents checked, ${broken.length} broken links`);
  return broken.length ? 1 : 0;
}

process.exitCode = main();
