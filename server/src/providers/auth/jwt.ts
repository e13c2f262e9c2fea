import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface JwtVerifier {
  verify(token: string): Promise<{ sub: string; email?: string } | null>;
}

/**
 * Verifies Supabase Auth access tokens with jose: HS256 with the project's JWT secret, or the
 * project's JWKS for asymmetric keys. Returns null for anything invalid or expired.
 */
export function createJwtVerifier(o: { secret?: string; jwksUrl?: string; issuer?: string; audience?: string }): JwtVerifier | null {
  if (!o.secret && !o.jwksUrl) return null;
  const key = o.jwksUrl ? createRemoteJWKSet(new URL(o.jwksUrl)) : new TextEncoder().encode(o.secret);
  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], {
          issuer: o.issuer,
          audience: o.audience,
          algorithms: o.jwksUrl ? ['RS256', 'ES256'] : ['HS256'],
        }));
      } catch {
        return null;
      }
      if (typeof payload.sub !== 'string' || !payload.sub) return null;
      return { sub: payload.sub, email: typeof payload.email === 'string' ? payload.email : undefined };
    },
  };
}
