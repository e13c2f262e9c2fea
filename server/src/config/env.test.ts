import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_KEYS, parseEnv, repoRoot } from './env.js';

describe('env', () => {
  it('.env.example documents every variable', () => {
    const example = readFileSync(path.join(repoRoot, '.env.example'), 'utf8');
    const documented = [...example.matchAll(/^# ([A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(ENV_KEYS.filter((k) => !documented.includes(k))).toEqual([]);
  });

  it('parses defaults and rejects bad values with the variable name', () => {
    expect(parseEnv({})).toMatchObject({ PORT: 4000, DATA_DIR: '.data', STARTING_CREDITS: 100, DEFAULT_ENGINE: 'flux_dev' });
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseEnv({ DEFAULT_ENGINE: 'sdxl' })).toThrow(/DEFAULT_ENGINE/);
  });

  it('LORA_BASE_MODELS: a comma list of flux_dev and z_image_turbo', () => {
    expect(parseEnv({}).LORA_BASE_MODELS).toEqual(['flux_dev', 'z_image_turbo']);
    expect(parseEnv({ LORA_BASE_MODELS: ' z_image_turbo , z_image_turbo' }).LORA_BASE_MODELS).toEqual(['z_image_turbo']);
    expect(() => parseEnv({ LORA_BASE_MODELS: 'flux_dev,sdxl' })).toThrow(/LORA_BASE_MODELS: a comma list of flux_dev and\/or z_image_turbo \(got 'flux_dev,sdxl'\)/);
    expect(() => parseEnv({ LORA_BASE_MODELS: ' , ' })).toThrow(/LORA_BASE_MODELS/);
  });
});
