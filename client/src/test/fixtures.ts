import type { GenerationStatus, IdentityStatus, ImageStatus } from '../generated/graphql';

/** A pack image as the live pack selects it (a completed one is still being scored unless told). */
export function image(
  index: number,
  status: ImageStatus,
  extra: { error?: string; assetId?: string; identityScore?: number | null; identityStatus?: IdentityStatus | null; rerenderReason?: string } = {},
) {
  return {
    __typename: 'GenerationImage' as const,
    index,
    status,
    error: extra.error ?? null,
    attempts: status === 'QUEUED' ? 0 : 1,
    rerenderReason: extra.rerenderReason ?? null,
    asset:
      status === 'COMPLETED'
        ? {
            __typename: 'ImageAsset' as const,
            id: extra.assetId ?? `asset-${index}`,
            thumbnailUrl: `http://files.test/${index}.webp`,
            width: 768,
            height: 1360,
            identityScore: extra.identityScore ?? null,
            identityStatus: extra.identityStatus === undefined ? ('PENDING' as const) : extra.identityStatus,
          }
        : null,
  };
}

export type Img = ReturnType<typeof image>;

/** A pack (GenerationJob) with its images. */
export function job(sequence: number, status: GenerationStatus, images: Img[], id = 'job-1') {
  return { __typename: 'GenerationJob' as const, id, width: 768, height: 1360, status, sequence, error: images.find((i) => i.error)?.error ?? null, images };
}

export function statuses(...list: ImageStatus[]) {
  return list.map((s, i) => image(i, s));
}
