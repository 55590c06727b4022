// How each control a claim can require is derived from the treatment, when the claim asks.
// A control swaps one thing: the reward (is the gain more than a spurious reward gives?) or the
// clipping/update schedule (is it the clipped multi-update mechanism?); 'untrained' is the organism
// before RL (the treatment's own step-0 value). The kinds themselves are in control-kinds.ts.
import type { GrpoConfig } from '../engine/config.js'
import type { ControlKind } from './control-kinds.js'
import type { ArmOverrides } from './spec.js'

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
