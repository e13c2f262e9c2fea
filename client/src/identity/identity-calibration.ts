import { createQuery } from '@urql/solid';
import { graphql } from '../generated';

export const IdentityCalibrationQuery = graphql(`
  query IdentityCalibration {
    identityCalibration {
      enabled
      threshold
    }
  }
`);

/** The calibrated equal-error point, until the API says which threshold it uses. */
export const DEFAULT_IDENTITY_THRESHOLD = 0.5;

/**
 * The identity threshold in use (`identityCalibration.threshold`), read once per route and shared
 * through urql's cache, so a chip's colour means what the API and the metrics mean by a match.
 */
export function createIdentityThreshold(): () => number {
  const [result] = createQuery({ query: IdentityCalibrationQuery });
  return () => result.data?.identityCalibration.threshold ?? DEFAULT_IDENTITY_THRESHOLD;
}
