import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/domain/auth/users.js';
import { creditBalance } from '../../src/domain/credits/ledger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../../..');
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

/** `pnpm credits …` from the repository root, as the README tells a self-hoster to run it. */
async function credits(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('pnpm', ['--silent', 'credits', ...args], { cwd: repo, env: { ...process.env, DATABASE_URL: db.url }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('pnpm credits grant', () => {
  it('grants by e-mail or id as ledger entries of kind grant, with the reason', async () => {
    const user = await createUser(db.prisma, { email: 'mara@example.com', displayName: 'Mara' }, 100);
    const byEmail = await credits('grant', 'MARA@example.com', '250', '--reason', 'Self-hosted top-up');
    expect(byEmail).toMatchObject({ code: 0, stderr: '' });
    expect(byEmail.stdout).toContain(`Granted 250 credits to mara@example.com (${user.id}); balance now 350.`);
    expect((await credits('grant', user.id, '5')).code).toBe(0);

    expect(await creditBalance(db.prisma, user.id)).toBe(355);
    const entries = await db.prisma.creditLedgerEntry.findMany({ where: { userId: user.id }, orderBy: { createdAt: 'asc' } });
    expect(entries.map((e) => [e.kind, e.amount, e.note])).toEqual([
      ['grant', 100, 'Starting credits'],
      ['grant', 250, 'Self-hosted top-up (by cli)'],
      ['grant', 5, 'Credit grant (by cli)'],
    ]);
  });

  it('fails with one line and a non-zero exit code for an unknown user, an amount ≤ 0 or bad usage, booking nothing', async () => {
    const before = await db.prisma.creditLedgerEntry.count();
    const unknown = await credits('grant', 'nobody@example.com', '5');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('No user "nobody@example.com" (give their e-mail or id).');
    for (const amount of ['0', '-3', 'ten']) {
      const bad = await credits('grant', 'mara@example.com', amount);
      expect(bad.code).toBe(1);
      expect(bad.stderr.trim()).toBe('The amount must be a whole number of credits greater than 0.');
    }
    const usage = await credits('give', 'mara@example.com');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: pnpm credits grant');
    expect(await db.prisma.creditLedgerEntry.count()).toBe(before);
  });
});
