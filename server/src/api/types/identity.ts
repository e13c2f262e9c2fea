import { CALIBRATION } from '../../domain/identity/calibration.js';
import { builder } from '../builder.js';

interface Calibration {
  enabled: boolean;
  retry: boolean;
  threshold: number;
  model: string | null;
}

const IdentityCalibration = builder.objectRef<Calibration>('IdentityCalibration').implement({
  description: 'How identity scores are measured here: the instrument, its calibration and the threshold (the same in the API, the studio and the metrics).',
  fields: (t) => ({
    enabled: t.exposeBoolean('enabled', { description: 'Every asset with a face is scored (IDENTITY_SCORING).' }),
    rerenderDrifted: t.exposeBoolean('retry', { description: 'A pack image under the threshold is re-rendered once, free (IDENTITY_RETRY).' }),
    threshold: t.exposeFloat('threshold', { description: 'Score at and above which a face matches (IDENTITY_THRESHOLD; 0.5 = the calibrated equal-error point).' }),
    thresholdDistance: t.float({ description: 'The descriptor distance that scores 0.5.', resolve: () => CALIBRATION.thresholdDistance }),
    equalErrorRate: t.float({ description: 'Equal-error rate of the instrument on the calibration photographs.', resolve: () => CALIBRATION.equalErrorRate }),
    model: t.exposeString('model', { nullable: true, description: 'The face models that measure it (null when scoring is off).' }),
  }),
});

builder.queryField('identityCalibration', (t) =>
  t.field({
    type: IdentityCalibration,
    description: 'The identity instrument and threshold in use.',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => ({
      enabled: ctx.app.faces !== null,
      retry: ctx.app.faces !== null && ctx.app.env.IDENTITY_RETRY === 'on',
      threshold: ctx.app.env.IDENTITY_THRESHOLD,
      model: ctx.app.faces?.model ?? null,
    }),
  }),
);
