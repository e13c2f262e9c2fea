import { describe, expect, it } from 'vitest';
import { formatEta, pipelineSteps, shotName, trainerStageText } from './pipeline';

const states = (s: ReturnType<typeof pipelineSteps>) => s.map((x) => `${x.key}:${x.state}`).join(' ');

describe('pipeline steps', () => {
  it('highlights the step that runs now', () => {
    expect(states(pipelineSteps({ status: 'PENDING', sheetStatus: null, trainingStatus: null }))).toBe('sheet:waiting training:waiting hd:waiting');
    expect(states(pipelineSteps({ status: 'GENERATING_SHEETS', sheetStatus: 'running', trainingStatus: null }))).toBe('sheet:current training:waiting hd:waiting');
    expect(states(pipelineSteps({ status: 'TRAINING', sheetStatus: 'completed', trainingStatus: 'running' }))).toBe('sheet:done training:current hd:waiting');
    expect(states(pipelineSteps({ status: 'READY', sheetStatus: 'completed', trainingStatus: 'completed' }))).toBe('sheet:done training:done hd:done');
  });

  it('places a failure on the step that failed', () => {
    expect(states(pipelineSteps({ status: 'FAILED', sheetStatus: 'failed', trainingStatus: null }))).toBe('sheet:failed training:waiting hd:waiting');
    expect(states(pipelineSteps({ status: 'FAILED', sheetStatus: 'completed', trainingStatus: 'failed' }))).toBe('sheet:done training:failed hd:waiting');
  });
});

describe('training ETA', () => {
  const now = Date.parse('2026-12-03T12:00:00Z');
  const inSeconds = (s: number) => new Date(now + s * 1000).toISOString();

  it('says roughly how long is left', () => {
    expect(formatEta(inSeconds(180), now)).toBe('about 3 min left');
    expect(formatEta(inSeconds(150), now)).toBe('about 3 min left');
    expect(formatEta(inSeconds(40), now)).toBe('less than a minute left');
    expect(formatEta(inSeconds(3600), now)).toBe('about 1 h left');
    expect(formatEta(inSeconds(4500), now)).toBe('about 1 h 15 min left');
  });

  it('says "almost done" once the estimate passed, and nothing without an estimate', () => {
    expect(formatEta(inSeconds(-30), now)).toBe('almost done');
    expect(formatEta(null, now)).toBeNull();
    expect(formatEta('not a date', now)).toBeNull();
  });
});

describe('words', () => {
  it("names the trainer's stages and the sheet's shots", () => {
    expect(trainerStageText('training')).toBe('Training the face');
    expect(trainerStageText(null)).toBe('Waiting for a training GPU');
    expect(trainerStageText('uploading')).toBe('Uploading');
    expect(shotName('three_quarter_left')).toBe('Three quarter left');
  });
});
