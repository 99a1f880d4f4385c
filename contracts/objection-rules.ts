/**
 * Objection limits the form and the API share. Without zod, so the objection island stays small
 * and its page never runs zod's eval probe (which the Content-Security-Policy blocks and reports).
 */

/** Objection text limit (characters). */
export const OBJECTION_MAX_CHARS = 1000;
