/**
 * Credits for self-hosters. Usage:
 *   pnpm credits grant <user e-mail or id> <n> [--reason "…"]
 * Books a ledger entry of kind grant through the domain (never a balance write), on the same
 * database the server uses: DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (the running
 * server's cluster when it is up, else started for the grant and stopped after).
 */
import { parseEnv } from '../src/config/env.js';
import { connectDatabase } from '../src/db/client.js';
import { resolveDatabase } from '../src/db/resolve-database.js';
import { grantCreditsToUser } from '../src/domain/credits/grant-to-user.js';
import { DomainError, NotFoundError } from '../src/domain/errors.js';

const USAGE = 'usage: pnpm credits grant <user e-mail or id> <n> [--reason "why"]';

/** `--reason x`, `--reason=x`, `-h`; everything else is positional ("-3" included: an amount, not a flag). */
function parseCli(argv: string[]) {
  const positionals: string[] = [];
  const values: { reason?: string; help?: boolean; bad?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--reason') {
      values.reason = argv[++i];
      if (values.reason === undefined) values.bad = arg;
    } else if (arg.startsWith('--reason=')) values.reason = arg.slice('--reason='.length);
    else if (arg === '-h' || arg === '--help') values.help = true;
    else if (arg.startsWith('-') && !/^-\d+$/.test(arg)) values.bad = arg;
    else positionals.push(arg);
  }
  return { positionals, values };
}

const { positionals, values } = parseCli(process.argv.slice(2));
const [command, user, amountText] = positionals;
if (values.help || values.bad || command !== 'grant' || !user || !amountText || positionals.length > 3) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}
const amount = /^-?\d+$/.test(amountText) ? Number(amountText) : Number.NaN;

const env = parseEnv();
const resolved = await resolveDatabase(env);
const database = connectDatabase(resolved.url, { max: 2 });
let code = 0;
try {
  const grant = await grantCreditsToUser(database.prisma, { user, amount, reason: values.reason, grantedBy: 'cli' });
  console.log(`Granted ${grant.granted} credits to ${grant.user.email ?? grant.user.displayName} (${grant.user.id}); balance now ${grant.balance}.`);
} catch (e) {
  if (!(e instanceof DomainError)) throw e;
  console.error(e instanceof NotFoundError ? `No user "${user}" (give their e-mail or id).` : e.message);
  code = 1;
} finally {
  await database.close();
  await resolved.stop();
}
process.exit(code);
