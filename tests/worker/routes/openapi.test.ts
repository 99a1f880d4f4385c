import { describe, expect, it } from 'vitest';
import { testApp } from '../../fixtures/app';
import { ERRORS } from '../../../contracts/errors';

const t = testApp();

describe('API documentation', () => {
  it('serves OpenAPI 3.1 covering every public path of the contract and every error code', async () => {
    const { res, body } = await t.json('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    for (const path of [
      '/api/health',
      '/api/polls',
      '/api/polls/{slug}',
      '/api/otp',
      '/api/voter-session',
      '/api/polls/{slug}/ballots',
      '/api/receipts/{receipt}',
      '/api/polls/{slug}/results',
      '/api/notices',
      '/api/notices/{slug}',
      '/api/calendar/period',
      '/api/dev/sms',
    ]) {
      expect(body.paths[path], path).toBeDefined();
    }
    expect(body.components.schemas.Error.properties.error.properties.code.enum.sort()).toEqual(
      Object.keys(ERRORS).sort(),
    );
    expect(
      body.paths['/api/polls/{slug}/ballots'].post.requestBody.content['application/json'].schema.properties.choices
        .type,
    ).toBe('array');
  });

  it('serves a readable page at /api/docs', async () => {
    const res = await t.request('/api/docs');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('/api/polls/{slug}/ballots');
    expect(text).toContain('already_voted');
  });
});
