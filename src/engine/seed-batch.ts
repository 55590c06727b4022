// S policies of one organism, one per seed, trained together by the loop in train-seeds.ts: what the
// loop needs of them, over a leading seed axis. Two implementations: LinearSeedBatch (weights
// stacked on the seed axis, src/policies/linear.ts) and TransformerSeedBatch (each seed's own
// weights and matMuls inside the same tape, src/policies/transformer-seeds.ts). Either way every
// seed's numbers are those of the seed trained alone, bit for bit, and nothing mixes seeds.
import type * as tf from '@tensorflow/tfjs'
import type { Policy, Rollout } from './policy.js'
import type { Rng } from '../util/rng.js'

export interface SeedBatch {
  readonly size: number
  /** Trainable variables of the live seeds (what the optimiser updates this update). */
  variables(live: boolean[]): tf.Variable[]
  /**
   * One completion per prompt row for every seed: prompts [S * batch * P], seed after seed; rngs[s]
   * the seed's sampling stream (null: skip the seed). Each seed draws exactly as Policy.sample.
   */
  sample(prompts: Int32Array, batch: number, temperature: number, rngs: (Rng | null)[]): (Rollout | null)[]
  /**
   * Log-probs and entropies [S, n, L] of given completions (host arrays [S * n * P], [S * n * L],
   * seed after seed). Seeds that are not live get rows that reach no other seed (their mask is 0).
   * Inside tf.tidy / variableGrads.
   */
  logProbs(prompts: Int32Array, completions: Int32Array, n: number, temperature: number, live: boolean[]): { logp: tf.Tensor3D; entropy: tf.Tensor3D }
  /** Each live seed's global gradient norm, [S] (0 for the others), as one policy's is computed. */
  gradNorms(grads: tf.NamedTensorMap, live: boolean[]): tf.Tensor1D
  /**
   * What the optimiser applies: seed s's gradients scaled by coef[s] (global-norm clipping; null:
   * unscaled), and zeros for seeds not live. tfjs optimisers keep their state (Adam's moments) by
   * position in the gradient list, so it holds every seed's variables in one order at every update.
   */
  scaleGrads(grads: tf.NamedTensorMap, coef: tf.Tensor1D | null, live: boolean[]): tf.NamedTensorMap
  /** Seed s's policy holding its current weights (evaluation, inspection). */
  policy(s: number): Policy
  dispose(): void
}
