/**
 * The roles × routes matrix of docs/admin.md, generated from the OpenAPI document (the `x-roles`
 * that `access()` puts on every admin operation), so the documentation says what the server enforces.
 * `npm run docs:admin` prints it; tests/worker/routes/admin/access.test.ts fails when docs/admin.md is stale.
 */
import { ROLES } from '../../../contracts/enums';
import type { StaffRole } from '../../../contracts/admin-accounts';
import { apiDocument } from '../api';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Where the generated table sits in docs/admin.md. */
export const MATRIX_START = '<!-- roles-matrix:start (npm run docs:admin prints it) -->';
export const MATRIX_END = '<!-- roles-matrix:end -->';

/** The markdown table: one row per /api/admin/ operation, one column per role. */
export function rolesMatrix(): string {
  const rows = Object.entries(apiDocument().paths ?? {})
    .filter(([path]) => path.startsWith('/api/admin/'))
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([path, item]) =>
      METHODS.flatMap((m) => {
        const op = item[m];
        if (!op) return [];
        const roles: StaffRole[] | undefined = op['x-roles'];
        const cells = ROLES.map((r) => (roles === undefined ? 'anyone' : roles.includes(r) ? '✓' : ''));
        const notes = [
          roles === undefined ? 'no session needed' : '',
          op['x-half-open'] ? 'half-open session too' : '',
          op['x-own-account'] ? 'own account only' : '',
        ].filter(Boolean);
        return `| \`${m.toUpperCase()} ${path}\` | ${cells.join(' | ')} | ${notes.join('; ')} |`;
      }),
    );
  return [`| route | ${ROLES.join(' | ')} | notes |`, `|${' --- |'.repeat(ROLES.length + 2)}`, ...rows].join('\n');
}

/** The part of `text` between the markers. */
export function matrixIn(text: string): string {
  const start = text.indexOf(MATRIX_START);
  const end = text.indexOf(MATRIX_END);
  if (start < 0 || end < start) throw new Error(`docs/admin.md needs the markers ${MATRIX_START} and ${MATRIX_END}`);
  return text.slice(start + MATRIX_START.length, end);
}

/** A markdown table with its cells trimmed, so Prettier's column padding does not matter. */
export const normalisedTable = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim().startsWith('|'))
    .map((l) =>
      l
        .split('|')
        .map((c) => c.trim().replace(/^:?-+:?$/, '---'))
        .join('|'),
    )
    .join('\n');
