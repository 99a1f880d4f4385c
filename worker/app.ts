/**
 * Builds the Hono app: the public API under /api/ and the pages filled from D1. Importable by tests
 * without starting anything; `deps` lets them pin the clock.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PatternRouter } from 'hono/router/pattern-router';
import { openDb } from '../db/client';
import type { AppDeps, AppEnv } from './context';
import { readConfig } from './env';
import { ApiError, errorResponse, handleError } from './errors';
import { media } from './embed/routes';
import { canonicalAddresses } from './middleware/addresses';
import { securityHeaders } from './middleware/security-headers';
import { pages } from './pages/routes';
import { buildApi } from './routes/api';

export function buildApp(deps: AppDeps = { now: () => Date.now() }) {
  const app = new Hono<AppEnv>();

  app.use(securityHeaders());
  app.use(async function context(c, next) {
    c.set('config', readConfig(c.env));
    c.set('db', openDb(c.env.DB));
    c.set('now', deps.now);
    await next();
  });
  app.use(canonicalAddresses());
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: 16 * 1024,
      onError: () => {
        throw new ApiError('invalid_request', { status: 413, message: '请求内容过大。' });
      },
    }),
  );

  app.route('/', buildApi());
  app.route('/', media);
  app.route('/', pages);

  // A known API path with the wrong method is a 405 with Allow; anything else under /api/ a 404.
  const known = new PatternRouter<string>();
  for (const r of app.routes) if (r.path.startsWith('/api/') && r.method !== 'ALL') known.add('ALL', r.path, r.method);
  app.notFound((c) => {
    if (!c.req.path.startsWith('/api/')) return c.env.ASSETS.fetch(c.req.raw);
    const allowed = known.match('ALL', c.req.path)[0].map(([m]) => m);
    if (allowed.length) {
      c.header('Allow', [...new Set(allowed)].join(', '));
      return errorResponse(c, new ApiError('method_not_allowed'));
    }
    return errorResponse(c, new ApiError('not_found'));
  });
  app.onError(handleError);
  return app;
}
