/** Liveness. */
import { createRoute } from '@hono/zod-openapi';
import { Ok } from '../../contracts/api';
import { json, PUBLIC, router } from './declare';

const getHealth = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getHealth',
  tags: ['health'],
  summary: 'Liveness',
  security: PUBLIC,
  responses: { 200: json(Ok, 'The worker answers') },
});

/** GET /api/health */
export const health = router().openapi(getHealth, (c) =>
  c.json({ ok: true } as const, 200, { 'Cache-Control': 'no-store' }),
);
