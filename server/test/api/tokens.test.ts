import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { execute, executeOk } from '../helpers/graphql.js';
import { createUserWithToken } from '../helpers/users.js';

const CreateToken = graphql(`
  mutation CreateToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      __typename
      ... on CreateApiTokenPayload {
        secret
        token {
          id
          name
          prefix
          revokedAt
        }
      }
      ... on InvalidInput {
        message
      }
    }
  }
`);
const RevokeToken = graphql(`
  mutation RevokeToken($input: RevokeApiTokenInput!) {
    revokeApiToken(input: $input) {
      __typename
      ... on RevokeApiTokenPayload {
        token {
          id
          revokedAt
        }
      }
      ... on Error {
        code
      }
    }
  }
`);
const Me = graphql(`
  query Me {
    viewer {
      id
      displayName
      credits
      isDemo
      apiTokens {
        id
        name
        prefix
      }
    }
  }
`);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { STARTING_CREDITS: '37' } });
});
afterAll(() => app?.close());

describe('API tokens', () => {
  it('the embedded demo user works with the dev token and gets STARTING_CREDITS', async () => {
    const me = await executeOk(app.yoga, Me, undefined, { token: app.devToken! });
    expect(me.viewer).toMatchObject({ isDemo: true, credits: 37 });
  });

  it('shows the secret once, stores only a hash, and revocation takes effect at once', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Scripter');
    const created = await executeOk(app.yoga, CreateToken, { input: { name: 'nightly batch' } }, { token });
    if (created.createApiToken.__typename !== 'CreateApiTokenPayload') throw new Error('expected payload');
    const { secret, token: record } = created.createApiToken;
    expect(secret).toMatch(/^cs_/);
    expect(secret.startsWith(record.prefix)).toBe(true);

    const rows = await app.services.db.apiToken.findMany();
    expect(JSON.stringify(rows)).not.toContain(secret);

    const me = await executeOk(app.yoga, Me, undefined, { token: secret });
    expect(me.viewer?.displayName).toBe('Scripter');
    expect(JSON.stringify(me)).not.toContain(secret);

    const revoked = await executeOk(app.yoga, RevokeToken, { input: { id: record.id } }, { token });
    expect(revoked.revokeApiToken.__typename).toBe('RevokeApiTokenPayload');
    const after = await execute(app.yoga, Me, undefined, { token: secret });
    expect(after.data?.viewer).toBeNull();
  });

  it("cannot revoke another user's token", async () => {
    const a = await createUserWithToken(app.services.db, 'A');
    const b = await createUserWithToken(app.services.db, 'B');
    const created = await executeOk(app.yoga, CreateToken, { input: { name: 'mine' } }, { token: a.token });
    if (created.createApiToken.__typename !== 'CreateApiTokenPayload') throw new Error('expected payload');
    const attempt = await executeOk(app.yoga, RevokeToken, { input: { id: created.createApiToken.token.id } }, { token: b.token });
    expect(attempt.revokeApiToken).toEqual({ __typename: 'NotFound', code: 'NOT_FOUND' });
    const still = await executeOk(app.yoga, Me, undefined, { token: created.createApiToken.secret });
    expect(still.viewer?.displayName).toBe('A');
  });

  it('rejects an empty token name as InvalidInput', async () => {
    const { token } = await createUserWithToken(app.services.db, 'C');
    const r = await executeOk(app.yoga, CreateToken, { input: { name: '  ' } }, { token });
    expect(r.createApiToken.__typename).toBe('InvalidInput');
  });
});
