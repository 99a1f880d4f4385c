/** The cached WeChat access token and jsapi_ticket (migration 0010). */
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { wechatTokens } from '../schema';

export type WechatTokenKind = (typeof wechatTokens.$inferSelect)['kind'];

/** The stored value of `kind` with its expiry (epoch ms), if any. */
export function findWechatToken(db: Db, kind: WechatTokenKind) {
  return db.select().from(wechatTokens).where(eq(wechatTokens.kind, kind)).get();
}

/** Stores (replaces) the value of `kind` with its expiry (epoch ms). */
export async function saveWechatToken(db: Db, kind: WechatTokenKind, value: string, expiresAt: number) {
  await db
    .insert(wechatTokens)
    .values({ kind, value, expiresAt })
    .onConflictDoUpdate({ target: wechatTokens.kind, set: { value, expiresAt } });
}
