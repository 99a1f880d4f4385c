/**
 * Type-level tests of the islands' client (site/src/islands/api.ts), run by vitest's typecheck (tsc):
 * its calls take the parameters and bodies their routes declare and answer the declared success
 * bodies, so a renamed field fails to compile. Never executed: the calls below only need to type-check.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { BallotReceipt, OtpAccepted } from '../../contracts/api';
import { api, type DataOf } from '../../site/src/islands/api';

describe('a citizen route: POST /api/otp and POST /api/polls/{slug}/ballots', () => {
  it('takes the body its route declares and answers its success body', () => {
    void api.otp.$post({ json: { phone: '13800000000', captcha: 'token', challenge: 'c' } });
    expectTypeOf<DataOf<typeof api.otp.$post>>().toEqualTypeOf<OtpAccepted>();
    expectTypeOf<DataOf<(typeof api.polls)[':slug']['ballots']['$post']>>().toEqualTypeOf<BallotReceipt>();
  });

  it('refuses a renamed or missing body field', () => {
    // @ts-expect-error `captchaToken` is not a field of the request (it is `captcha`)
    void api.otp.$post({ json: { phone: '13800000000', captchaToken: 'token' } });
    // @ts-expect-error `phone` is required
    void api.otp.$post({ json: { captcha: 'token' } });
    // @ts-expect-error `choice` is not a field of the ballot (it is `choices`)
    void api.polls[':slug'].ballots.$post({ param: { slug: 'x' }, json: { choices: [1], choice: [1] } });
  });

  it('refuses a missing path parameter', () => {
    // @ts-expect-error the path names `slug`
    void api.polls[':slug'].ballots.$post({ json: { choices: [1] } });
  });
});

describe('an admin route: POST /api/admin/sms-budget and POST /api/admin/tracks/{track}/shortlist', () => {
  it('takes the body its route declares and answers its success body', () => {
    void api.admin['sms-budget'].$post({ json: { budget: 500, reason: '活动期间' } });
    expectTypeOf<DataOf<(typeof api.admin)['sms-budget']['$post']>>().toEqualTypeOf<{
      day: string;
      used: number;
      budget: number;
    }>();
  });

  it('refuses a renamed body field', () => {
    // @ts-expect-error `budgets` is not a field of the request (it is `budget`)
    void api.admin['sms-budget'].$post({ json: { budgets: 500, reason: '活动期间' } });
    // @ts-expect-error `candidateId` is not a field of the request (it is `candidateIds`)
    void api.admin.tracks[':track'].shortlist.$post({ param: { track: 'trades' }, json: { candidateId: [1] } });
  });

  it('refuses a path parameter outside its enum', () => {
    // @ts-expect-error `track` is one of the six track keys
    void api.admin.tracks[':track'].shortlist.$post({ param: { track: 'nope' }, json: { candidateIds: [1] } });
  });
});
