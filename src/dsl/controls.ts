// Controls a claim can require, and how each is derived from the treatment when the claim asks.
// A control swaps one thing: the reward (is the gain more than a spurious reward gives?) or the
// clipping/update schedule (is it the clipped multi-update mechanism?); 'untrained' is the organism
// before RL (the treatment's own step-0 value).
import type { GrpoConfig } from '../engine/config.js'
import type { ArmOverrides } from './spec.js'

export const CONTROL_KINDS = ['random-reward', 'format-reward', 'incorrect-label', 'majority-vote', 'untrained',
  'no-clip', 'on-policy', 'on-policy-fresh'] as const
export type ControlKind = (typeof CONTROL_KINDS)[number]

export const isControlKind = (x: unknown): x is ControlKind => CONTROL_KINDS.includes(x as ControlKind)

/** Overrides turning the treatment into the control; null for 'untrained' (no arm needed). */
export function deriveControl(kind: ControlKind, t: GrpoConfig): ArmOverrides | null {
  switch (kind) {
    case 'untrained': return null
    case 'random-reward': return { reward: { kind: 'random', gamma: 0.5 } }
    case 'format-reward': return { reward: { kind: 'format' } }
    case 'incorrect-label': return { reward: { kind: 'incorrect-label' } }
    case 'majority-vote': return { reward: { kind: 'majority-vote' } }
    case 'no-clip': return { clip: false }
    // One update per rollout batch: the ratio stays 1, clipping never acts.
    case 'on-policy': return { miniBatches: 1, numIterations: 1 }
    // As many updates as the treatment, each on fresh rollouts of a K-th of the prompts: update count
    // and samples per update matched, ratio fixed at 1 (docs/organisms.md#the-organism-study).
    case 'on-policy-fresh': {
      const k = t.miniBatches * t.numIterations
      if (t.promptsPerStep % t.miniBatches !== 0) {
        throw new Error(`on-policy-fresh needs promptsPerStep (${t.promptsPerStep}) divisible by miniBatches (${t.miniBatches})`)
      }
      return {
        steps: t.steps * k, promptsPerStep: t.promptsPerStep / t.miniBatches, miniBatches: 1, numIterations: 1,
        evalEvery: t.evalEvery * k,
      }
    }
  }
}

/** The project-wide policy, from vitest.config.ts `test.provide.rlvr` (see README). */
export interface RlvrPolicy {
  /** Controls every claim must have, whatever it lists itself. */
  requiredControls?: ControlKind[]
}

declare module 'vitest' {
  interface ProvidedContext {
    rlvr: RlvrPolicy
  }
}
