import { decodeGlobalID } from '@pothos/plugin-relay';
import { NotFoundError } from '../../domain/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The database id inside a global id of `typename`. Malformed ids, ids of another type and ids
 * that are not UUIDs are reported as not found, exactly like ids of other users' rows.
 */
export function decodeId(globalId: string, typename: string): string {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(String(globalId));
  } catch {
    throw new NotFoundError(typename, String(globalId));
  }
  if (decoded.typename !== typename || !UUID.test(decoded.id)) throw new NotFoundError(typename, String(globalId));
  return decoded.id;
}

/** The database id in a global id, or null when malformed or of another type (→ not found). */
export function tryDecode(globalId: string, typename: string): string | null {
  try {
    return decodeId(globalId, typename);
  } catch {
    return null;
  }
}

/** A user id that matches no row: node lookups without a viewer find nothing. */
export const NO_USER = '00000000-0000-0000-0000-000000000000';

/** The viewer's id for scoping owner-only lookups (NO_USER when anonymous). */
export const ownerId = (ctx: { viewer: { id: string } | null }) => ctx.viewer?.id ?? NO_USER;
