import { seededRandom } from './random.js';
import type { EndpointConfig, FailureRule } from './types.js';

/** Decides per job whether to inject a failure: targeted rules first, then the seeded rate. */
export class FailureInjector {
  private rng: () => number;
  private uses = new Map<FailureRule, number>();

  constructor(seed: number) {
    this.rng = seededRandom(seed);
  }

  /** A new rngSeed restarts the sequence, so a benchmark can replay the same failure pattern. */
  reseed(seed: number): void {
    this.rng = seededRandom(seed);
  }

  /** New rules start with their `times` budgets unused. */
  resetRules(): void {
    this.uses = new Map();
  }

  decide(config: EndpointConfig, facts: { prompt?: string; seed?: number }): FailureRule['kind'] | undefined {
    for (const rule of config.failures) {
      const used = this.uses.get(rule) ?? 0;
      if (rule.times !== undefined && used >= rule.times) continue;
      if (rule.when?.promptIncludes !== undefined && !(facts.prompt ?? '').includes(rule.when.promptIncludes)) continue;
      if (rule.when?.seed !== undefined && facts.seed !== rule.when.seed) continue;
      this.uses.set(rule, used + 1);
      return rule.kind;
    }
    // A rule that fired skips the draw: the rate applies to the jobs the rules leave alone.
    return config.transientFailureRate > 0 && this.rng() < config.transientFailureRate ? 'transient' : undefined;
  }
}

/**
 * Off-identity injection: of the images first seen since the rate was set, every ⌊n × rate⌋-th
 * renders a different person; a later render of the same image (a re-render, another seed) never
 * does. Deterministic counts, so a test knows how many drifted images to expect.
 */
export class OffIdentityInjector {
  private seen = new Set<string>();
  private firstRenders = 0;
  private rate = 0;

  decide(rate: number, image: string): boolean {
    if (rate !== this.rate) {
      this.rate = rate;
      this.firstRenders = 0;
    }
    if (rate <= 0 || this.seen.has(image)) return false;
    if (this.seen.size > 100_000) this.seen.clear();
    this.seen.add(image);
    const n = this.firstRenders++;
    return Math.floor((n + 1) * rate) > Math.floor(n * rate);
  }
}
