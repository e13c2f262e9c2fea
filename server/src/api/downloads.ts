import { Readable } from 'node:stream';
import { assetDownload, packArchive, selectionArchive } from '../domain/assets/downloads.js';
import { DomainError, NotFoundError } from '../domain/errors.js';
import type { AppServices } from '../services/app-services.js';
import { bearerFrom, resolveViewer } from './auth.js';
import { tryDecode } from './types/ids.js';

const json = (body: unknown, status: number) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const MAX_FORM_BYTES = 256 * 1024;

/** Content-Disposition with an ASCII fallback and the RFC 5987 form (names are slugs, so both agree). */
const attachment = (name: string) => `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * Downloads, authenticated like the API: `Authorization: Bearer …`, or a `token` field in a POSTed
 * form (how the studio starts a download the browser then streams to disk without the page
 * holding it). Someone else's pack or image is a 404, exactly like an unknown one.
 *   GET|POST /downloads/assets/:assetId     the original image
 *   GET|POST /downloads/packs/:jobId.zip    the pack's images as one ZIP
 *   POST     /downloads/assets.zip          the images in `ids` (form field, repeated or comma-separated; or JSON { ids })
 */
export async function downloadRoute(app: AppServices, request: Request, pathname: string): Promise<Response | null> {
  if (!pathname.startsWith('/downloads/')) return null;
  if (request.method !== 'GET' && request.method !== 'POST') return json({ error: 'method not allowed' }, 405);
  const body = request.method === 'POST' ? await readBody(request) : null;
  if (body === 'too-large') return json({ error: 'request too large' }, 413);
  const viewer = await resolveViewer(app, bearerFrom(request.headers.get('authorization')) ?? body?.token ?? null);
  if (!viewer) return json({ error: 'sign in first' }, 401);
  const deps = { db: app.db, storage: app.storage };
  try {
    const one = /^\/downloads\/assets\/([^/]+)$/.exec(pathname);
    if (one && one[1] !== 'assets.zip') {
      const id = tryDecode(decodeURIComponent(one[1]!), 'ImageAsset');
      if (!id) throw new NotFoundError('ImageAsset', one[1]!);
      const file = await assetDownload(deps, viewer.id, id);
      return new Response(new Uint8Array(file.bytes), {
        headers: { 'content-type': file.mimeType, 'content-length': String(file.bytes.length), 'content-disposition': attachment(file.name), 'cache-control': 'private, no-store' },
      });
    }
    const pack = /^\/downloads\/packs\/([^/]+)\.zip$/.exec(pathname);
    if (pack) {
      const id = tryDecode(decodeURIComponent(pack[1]!), 'GenerationJob');
      if (!id) throw new NotFoundError('GenerationJob', pack[1]!);
      return zipResponse(await packArchive(deps, viewer.id, id));
    }
    if (pathname === '/downloads/assets.zip' && body) {
      const ids = body.ids.map((g) => tryDecode(g, 'ImageAsset'));
      const bad = body.ids.find((_, i) => !ids[i]);
      if (bad !== undefined) throw new NotFoundError('ImageAsset', bad);
      return zipResponse(await selectionArchive(deps, viewer.id, ids as string[]));
    }
    return json({ error: 'not found' }, 404);
  } catch (e) {
    if (e instanceof NotFoundError) return json({ error: 'not found', code: e.code }, 404);
    if (e instanceof DomainError) return json({ error: e.message, code: e.code }, 400);
    throw e;
  }
}

function zipResponse(zip: { name: string; stream: Readable; size: number }) {
  return new Response(Readable.toWeb(zip.stream) as ReadableStream, {
    headers: { 'content-type': 'application/zip', 'content-length': String(zip.size), 'content-disposition': attachment(zip.name), 'cache-control': 'private, no-store' },
  });
}

/** The `token` and `ids` of a POSTed form or JSON body. */
async function readBody(request: Request): Promise<{ token: string | null; ids: string[] } | 'too-large'> {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_FORM_BYTES) return 'too-large';
  const text = await request.text();
  if (text.length > MAX_FORM_BYTES) return 'too-large';
  const split = (values: unknown[]) =>
    values
      .flatMap((v) => (typeof v === 'string' ? v.split(',') : []))
      .map((s) => s.trim())
      .filter(Boolean);
  if ((request.headers.get('content-type') ?? '').includes('application/json')) {
    try {
      const parsed = JSON.parse(text) as { ids?: unknown; token?: unknown };
      return { token: typeof parsed.token === 'string' ? parsed.token : null, ids: Array.isArray(parsed.ids) ? split(parsed.ids) : [] };
    } catch {
      return { token: null, ids: [] };
    }
  }
  const form = new URLSearchParams(text);
  return { token: form.get('token'), ids: split(form.getAll('ids')) };
}
