/**
 * Type-level tests of db/client.ts, run by vitest's typecheck (tsc): never executed, so `db` is only declared.
 */
import { eq } from 'drizzle-orm';
import { describe, expectTypeOf, it } from 'vitest';
import type { TrackKey } from '../../../contracts/enums';
import { compiledRead, read, reads, type Db, type ReadValue } from '../../../db/client';
import { polls, tracks } from '../../../db/schema';

declare const db: Db;
const pollTitle = compiledRead(['slug'], (db, p) =>
  db.select({ title: polls.title }).from(polls).where(eq(polls.slug, p.slug)).prepare(),
);
/** What a call of the compiled read takes besides the Db. */
type Values = Parameters<typeof pollTitle>[1];

describe('compiledRead values', () => {
  it('take a string, a number or null for every placeholder name', () => {
    expectTypeOf<Values>().toEqualTypeOf<{ slug: ReadValue }>();
    expectTypeOf<{ slug: string }>().toExtend<Values>();
    expectTypeOf<{ slug: number }>().toExtend<Values>();
    expectTypeOf<{ slug: null }>().toExtend<Values>();
  });

  it('refuse undefined and other values D1 does not bind', () => {
    expectTypeOf<{ slug: undefined }>().not.toExtend<Values>();
    expectTypeOf<{ slug: string | undefined }>().not.toExtend<Values>();
    expectTypeOf<{ slug: boolean }>().not.toExtend<Values>();
    expectTypeOf<{ slug: Date }>().not.toExtend<Values>();
  });

  it('refuse a missing or misspelt placeholder name', () => {
    expectTypeOf<Record<never, never>>().not.toExtend<Values>();
    expectTypeOf<{ slugs: string }>().not.toExtend<Values>();
  });
});

describe('read and reads', () => {
  it('type each answer by the rows of its read, in order', () => {
    expectTypeOf(read(db, pollTitle(db, { slug: 'x' }))).resolves.toEqualTypeOf<{ title: string }[]>();
    expectTypeOf(
      reads(db, [pollTitle(db, { slug: 'x' }), db.select({ key: tracks.key }).from(tracks)]),
    ).resolves.toEqualTypeOf<[{ title: string }[], { key: TrackKey }[]]>();
  });
});
