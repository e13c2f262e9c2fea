import { isApiTokenSecret, userForApiToken } from '../domain/auth/api-tokens.js';
import { userForJwtSubject } from '../domain/auth/users.js';
import type { User } from '../generated/prisma/client.js';
import type { AppServices } from '../services/app-services.js';

/** Extracts the bearer credential from an Authorization header or a graphql-ws connection param. */
export function bearerFrom(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(value.trim());
  return m?.[1] ?? null;
}

/** The user a credential identifies (API token, or a verified Supabase JWT), or null. */
export async function resolveViewer(app: AppServices, credential: string | null): Promise<User | null> {
  if (!credential || credential.length > 4096) return null;
  if (isApiTokenSecret(credential)) return userForApiToken(app.db, credential);
  if (!app.jwt) return null;
  const claims = await app.jwt.verify(credential);
  if (!claims) return null;
  if (!/^[0-9a-f-]{36}$/i.test(claims.sub)) return null; // Supabase subjects are UUIDs
  return userForJwtSubject(app.db, claims.sub, claims.email, app.env.STARTING_CREDITS);
}
