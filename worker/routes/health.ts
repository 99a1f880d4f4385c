import { Hono } from 'hono';
import type { AppEnv } from '../context';

/** GET /api/health */
export const health = new Hono<AppEnv>().get('/', (c) => c.json({ ok: true }, 200, { 'Cache-Control': 'no-store' }));
