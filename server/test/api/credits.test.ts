import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/domain/auth/users.js';
import { DEMO_USER_ID } from '../../src/domain/auth/demo-user.js';
import { graphql } from '../generated/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { execute, executeOk } from '../helpers/graphql.js';
import { createUserWithToken } from '../helpers/users.js';

const Grant = graphql(`
  mutation GrantCredits($input: GrantCreditsInput!) {
    grantCredits(input: $input) {
      __typename
      ... on GrantCreditsPayload {
        userId
        granted
        balance
        viewer {
          id
          credits
        }
      }
      ... on InvalidInput {
        issues {
          path
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);
const Credits = graphql(`
  query GrantedCredits {
    viewer {
      id
      credits
    }
  }
`);

let app: TestApp;
let creator: { id: string; token: string };
beforeAll(async () => {
  // The demo user is the admin; every other user is not.
  app = await startTestApp({ env: { ADMIN_USER_IDS: ` ${DEMO_USER_ID} , 00000000-0000-4000-8000-0000000000aa`, STARTING_CREDITS: '100' } });
  const made = await createUserWithToken(app.services.db, 'Granted Creator', 10);
  creator = { id: made.user.id, token: made.token };
});
afterAll(() => app?.close());

const ledger = (userId: string) => app.services.db.creditLedgerEntry.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });

describe('grantCredits (admins only)', () => {
  it('lets an admin grant credits by global id, UUID or e-mail: ledger entries of kind grant, and the balance moves', async () => {
    const { viewer } = await executeOk(app.yoga, Credits, {}, { token: creator.token });
    expect(viewer!.credits).toBe(10);

    const byGlobalId = await executeOk(app.yoga, Grant, { input: { user: viewer!.id, amount: 25, reason: 'Beta tester' } }, { token: app.devToken });
    expect(byGlobalId.grantCredits).toMatchObject({ __typename: 'GrantCreditsPayload', userId: viewer!.id, granted: 25, balance: 35 });
    const byUuid = await executeOk(app.yoga, Grant, { input: { user: creator.id, amount: 5 } }, { token: app.devToken });
    expect(byUuid.grantCredits).toMatchObject({ granted: 5, balance: 40 });

    const withEmail = await createUser(app.services.db, { email: 'Lena@Example.com', displayName: 'Lena' }, 0);
    const byEmail = await executeOk(app.yoga, Grant, { input: { user: 'lena@example.com', amount: 7 } }, { token: app.devToken });
    expect(byEmail.grantCredits).toMatchObject({ granted: 7, balance: 7 });

    expect((await executeOk(app.yoga, Credits, {}, { token: creator.token })).viewer!.credits).toBe(40);
    expect((await ledger(creator.id)).map((e) => [e.kind, e.amount, e.note])).toEqual([
      ['grant', 10, 'Starting credits'],
      ['grant', 25, `Beta tester (by admin ${DEMO_USER_ID})`],
      ['grant', 5, `Credit grant (by admin ${DEMO_USER_ID})`],
    ]);
    expect((await ledger(withEmail.id)).map((e) => e.kind)).toEqual(['grant']);
  });

  it('returns the admin as viewer, so a studio showing the balance refreshes when admins grant themselves', async () => {
    const before = (await executeOk(app.yoga, Credits, {}, { token: app.devToken })).viewer!;
    const result = await executeOk(app.yoga, Grant, { input: { user: before.id, amount: 50 } }, { token: app.devToken });
    if (result.grantCredits.__typename !== 'GrantCreditsPayload') throw new Error(result.grantCredits.__typename);
    expect(result.grantCredits.viewer).toEqual({ id: before.id, credits: before.credits + 50 });
  });

  it('answers a non-admin exactly like an unknown user (NotFound) and books nothing', async () => {
    const entries = (await ledger(creator.id)).length;
    const self = await executeOk(app.yoga, Grant, { input: { user: creator.id, amount: 1000 } }, { token: creator.token });
    const unknown = await executeOk(app.yoga, Grant, { input: { user: 'nobody@example.com', amount: 1 } }, { token: app.devToken });
    expect(self.grantCredits).toMatchObject({ __typename: 'NotFound', code: 'NOT_FOUND' });
    expect(unknown.grantCredits).toMatchObject({
      __typename: 'NotFound',
      code: 'NOT_FOUND',
      message: self.grantCredits.__typename === 'NotFound' ? self.grantCredits.message : '',
    });
    expect(await ledger(creator.id)).toHaveLength(entries);

    const anonymous = await execute(app.yoga, Grant, { input: { user: creator.id, amount: 1 } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects an amount ≤ 0 (or absurdly large) and a long reason with InvalidInput', async () => {
    for (const amount of [0, -5, 1_000_001]) {
      const result = await executeOk(app.yoga, Grant, { input: { user: creator.id, amount } }, { token: app.devToken });
      expect(result.grantCredits).toMatchObject({ __typename: 'InvalidInput', code: 'INVALID_INPUT', issues: [{ path: ['amount'] }] });
    }
    const long = await executeOk(app.yoga, Grant, { input: { user: creator.id, amount: 1, reason: 'x'.repeat(201) } }, { token: app.devToken });
    expect(long.grantCredits).toMatchObject({ __typename: 'InvalidInput', issues: [{ path: ['reason'] }] });
    expect((await executeOk(app.yoga, Credits, {}, { token: creator.token })).viewer!.credits).toBe(40);
  });
});
