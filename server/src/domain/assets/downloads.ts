import type { Db } from '../../db/client.js';
import { zipStream, type ZipStream } from '../../providers/archive/zip.js';
import type { Storage } from '../../providers/storage/index.js';
import { NotFoundError } from '../errors.js';
import { downloadName, slugify, uniqueNames } from './download-names.js';
import { ownedAssets } from './owned-assets.js';

export interface DownloadDeps {
  db: Db;
  storage: Storage;
}

type AssetForDownload = {
  id: string;
  storageBucket: string;
  storageKey: string;
  nsfw: boolean;
  bytes: number;
  mimeType: string;
  scene: string | null;
  kind: string;
  createdAt: Date;
};

/**
 * One of the user's images as stored (the original bytes) with its download name. Another
 * user's image, adult or not, is simply not found: the owner check is the whole adult rule here.
 */
export async function assetDownload(deps: DownloadDeps, userId: string, assetId: string) {
  const asset = await deps.db.imageAsset.findFirst({
    where: { id: assetId, userId, deletedAt: null },
    include: { influencer: { select: { name: true } }, generationItem: { select: { index: true } } },
  });
  if (!asset) throw new NotFoundError('ImageAsset', assetId);
  const bytes = await deps.storage.get(asset.storageKey, { adult: asset.nsfw, bucket: asset.storageBucket });
  const index = asset.generationItem ? asset.generationItem.index + 1 : asset.id.slice(0, 8);
  return { name: downloadName({ ...asset, influencerName: asset.influencer.name }, index), mimeType: asset.mimeType, bytes };
}

/** A ZIP of a pack's images (those completed and not deleted), in pack order. */
export async function packArchive(deps: DownloadDeps, userId: string, jobId: string): Promise<{ name: string } & ZipStream> {
  const job = await deps.db.generationJob.findFirst({
    where: { id: jobId, userId },
    include: { influencer: { select: { name: true } }, items: { orderBy: { index: 'asc' }, include: { asset: true } } },
  });
  if (!job) throw new NotFoundError('GenerationJob', jobId);
  const assets = job.items.flatMap((i) => (i.asset && !i.asset.deletedAt ? [{ asset: i.asset, index: i.index + 1 }] : []));
  const zip = await archive(deps, job.influencer.name, assets);
  return { name: `${slugify(job.influencer.name)}-${slugify(job.scene)}-pack.zip`, ...zip };
}

/** A ZIP of the images the user selected (all theirs, or NotFound), newest first. */
export async function selectionArchive(deps: DownloadDeps, userId: string, assetIds: readonly string[]): Promise<{ name: string } & ZipStream> {
  const rows = await ownedAssets(deps.db, userId, assetIds);
  const full = await deps.db.imageAsset.findMany({
    where: { id: { in: rows.map((r) => r.id) } },
    include: { influencer: { select: { name: true } }, generationItem: { select: { index: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  const zip = await archive(
    deps,
    null,
    full.map((a, i) => ({ asset: a, index: a.generationItem ? a.generationItem.index + 1 : i + 1, influencerName: a.influencer.name })),
  );
  const names = new Set(full.map((a) => a.influencer.name));
  return { name: `${names.size === 1 ? slugify([...names][0]!) : 'content-studio'}-selection-${full.length}.zip`, ...zip };
}

function archive(deps: DownloadDeps, influencerName: string | null, list: { asset: AssetForDownload; index: number; influencerName?: string }[]) {
  const names = uniqueNames(list.map((e) => downloadName({ ...e.asset, influencerName: e.influencerName ?? influencerName ?? 'image' }, e.index)));
  return zipStream(
    list.map((e, i) => ({
      name: names[i]!,
      size: e.asset.bytes,
      mtime: e.asset.createdAt,
      read: () => deps.storage.get(e.asset.storageKey, { adult: e.asset.nsfw, bucket: e.asset.storageBucket }),
    })),
  );
}
