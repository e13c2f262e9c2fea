import { parseEnv } from '../src/config/env.js';
import { modelConfig } from '../src/domain/generation/models.js';
import { DEFAULT_MODEL_CONFIG, modelFilesMarkdown, modelFilesText } from '../src/providers/comfy/index.js';

// `pnpm models`: every model file each workflow needs on the network volume (under models/), read
// from the workflow builders themselves, for this configuration (FLUX_*, Z_IMAGE_UNET), so a
// deployment can pre-load them. `pnpm models --markdown` prints the README's table (defaults).
if (process.argv.includes('--markdown')) {
  console.log(modelFilesMarkdown(DEFAULT_MODEL_CONFIG));
} else {
  console.log(modelFilesText(modelConfig(parseEnv())));
}
