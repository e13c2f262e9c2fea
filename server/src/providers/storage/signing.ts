import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 over the object path and its expiry (unix seconds), hex. */
export function sign(secret: string, objectPath: string, exp: number): string {
  return createHmac('sha256', secret).update(`${objectPath}\n${exp}`).digest('hex');
}

/** Constant-time check; `now` in unix seconds. Expired, malformed or forged → false. */
export function verify(secret: string, objectPath: string, exp: string | null, sig: string | null, now: number): boolean {
  if (!exp || !sig || !/^\d{1,12}$/.test(exp) || !/^[0-9a-f]{64}$/.test(sig)) return false;
  const expected = Buffer.from(sign(secret, objectPath, Number(exp)), 'hex');
  // Compare before checking expiry so that timing says nothing about which check failed.
  const genuine = timingSafeEqual(expected, Buffer.from(sig, 'hex'));
  return genuine && Number(exp) > now;
}
