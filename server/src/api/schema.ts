import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import { describeGeneratedTypes } from './describe-generated.js';
import './types/scalars.js';
import './types/errors.js';
import './types/enums.js';
import './types/presets.js';
import './types/viewer.js';
import './types/api-token.js';
import './types/influencer.js';
import './types/aspect-ratio.js';
import './types/asset.js';
import './types/asset-actions.js';
import './types/base-image.js';
import './types/influencer-library.js';
import './types/generation-job.js';
import './types/generate.js';
import './types/hd-upgrade.js';
import './types/generation-events.js';
import './types/influencer-events.js';
import './types/lora.js';
import './types/analytics.js';
import './types/metrics.js';
import './types/identity.js';
import './types/edit.js';
import './types/adult.js';
import './types/credit-grant.js';

builder.queryType({ description: 'Reads. Every field is scoped to the viewer.' });
builder.mutationType({ description: 'Writes. Each takes one `input` and returns a payload or a typed error.' });

/** The executable schema, sorted so that the printed SDL is stable. */
export const schema = lexicographicSortSchema(describeGeneratedTypes(builder.toSchema()));
