import type { GpuJobKind } from '../../generated/prisma/client.js';
import { editOwner } from '../edits/edit-owner.js';
import { packImageOwner } from '../generation/pack-image-owner.js';
import { sheetImageOwner } from '../lora/sheet-image-owner.js';
import { trainingOwner } from '../lora/training-owner.js';
import type { GpuJobOwner } from './owner.js';

export type { GpuJobOwner, GpuUsage } from './owner.js';

const owners: Partial<Record<GpuJobKind, GpuJobOwner<never>>> = {
  image: packImageOwner,
  edit: editOwner,
  sheet_image: sheetImageOwner,
  lora_training: trainingOwner,
};

/** The owner hooks of a kind. */
export function ownerOf(kind: GpuJobKind): GpuJobOwner<unknown> {
  const owner = owners[kind];
  if (!owner) throw new Error(`No owner is registered for GPU jobs of kind "${kind}"`);
  return owner as GpuJobOwner<unknown>;
}
