/**
 * Shared input rules: integers in paths and query strings written as plain decimal digits, and
 * text that the site shows to the public (or keeps as a reason) free of characters that hide,
 * reorder or break what people read.
 */
import { z } from 'zod';

/**
 * A whole number in a path or query string, written as decimal digits only. `z.coerce.number()`
 * would read `0x10` as 16, `2.026e3` as 2026 and ` 5` as 5; here they are refused. The document
 * shows an integer with its bounds (the preprocess step is not part of it).
 */
export function decimalInt(min: number, max: number) {
  return z.preprocess(
    (v) => (typeof v === 'string' && /^[0-9]{1,15}$/.test(v) ? Number(v) : v),
    z
      .number({ error: (iss) => (iss.code === 'invalid_type' ? '应为十进制整数（只含数字 0-9）' : undefined) })
      .int()
      .min(min)
      .max(max),
  );
}

/** The largest id a path may name: SQLite's integer ids stay below it. */
export const MAX_ID = Number.MAX_SAFE_INTEGER;

/** Control characters: C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, less tab and line feed, and a carriage return before a line feed (multi-line text). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/;
/** Bidirectional embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069). */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
/** A code unit of a surrogate pair standing alone (not one character; JSON allows it). */
const LONE_SURROGATE = /\p{Surrogate}/u;
/**
 * A character someone can see: not white space, not a control or format character (zero-width
 * space and joiners, BOM, soft hyphen…), not default-ignorable (fillers, variation selectors), not
 * a combining mark alone, not the blank braille pattern.
 */
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{M}\u2800]/u;

/**
 * What is wrong with a text that becomes public, or null. Non-empty text must contain a visible
 * character; an empty text is left to the field's own `min`.
 */
export function publicTextProblem(s: string, multiline = false): string | null {
  if (LONE_SURROGATE.test(s)) return '含有无法显示的字符（不成对的代理项）';
  if ((multiline ? CONTROL_MULTILINE : CONTROL).test(s))
    return multiline ? '含有控制字符（只允许换行和制表符）' : '含有控制字符或换行';
  if (BIDI.test(s)) return '含有改变文字方向的控制字符';
  if (s.length > 0 && !VISIBLE.test(s)) return '没有可见的文字';
  return null;
}

/**
 * The check of every text that becomes public (titles, bodies, names, reasons…), to put on a
 * string schema: `z.string().trim().min(1).max(100).check(publicText())`. Single-line unless
 * `multiline`, which allows line breaks and tabs.
 */
export function publicText(opts: { multiline?: boolean } = {}) {
  return z.superRefine<string>((s, ctx) => {
    const problem = publicTextProblem(s, opts.multiline);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: s });
  });
}
