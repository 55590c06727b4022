// S policies of one organism (one per seed) trained together: the transformer's, and any policy
// without a stacked form (the length organisms' linear policy). Each seed keeps its own
// variables and its own matMuls: tfjs-wasm has no fast path that multiplies S row blocks by S
// different weights (a batched matMul runs a scalar loop at ~1/10 of XNNPACK's speed, and it sums
// in another order), so the seed axis lives in the update around the policy: one gradient tape,
// one loss over [S, n, L], one optimiser call per update for every seed. A seed's ops are exactly
// those of the seed trained alone, so its numbers are too, bit for bit.
import * as tf from '@tensorflow/tfjs'
import type { Policy, Rollout } from '../engine/policy.js'
import type { SeedBatch } from '../engine/seed-batch.js'
import type { Rng } from '../util/rng.js'

export class TransformerSeedBatch implements SeedBatch {
  readonly size: number
  private readonly policies: Policy[]

  /** The policies train in place (the batch does not own them). */
  constructor(policies: Policy[]) {
    this.policies = policies
    if (this.policies.length === 0) throw new Error('TransformerSeedBatch: no policies')
    this.size = this.policies.length
  }

  variables(live: boolean[]): tf.Variable[] {
    return this.policies.flatMap((p, s) => (live[s] ? p.variables : []))
  }

  sample(prompts: Int32Array, batch: number, temperature: number, rngs: (Rng | null)[]): (Rollout | null)[] {
    const P = this.policies[0].shape.promptLength
    return rngs.map((rng, s) => rng && this.policies[s].sample(prompts.subarray(s * batch * P, (s + 1) * batch * P), batch, { temperature, rng }))
  }

  logProbs(prompts: Int32Array, completions: Int32Array, n: number, temperature: number, live: boolean[]): { logp: tf.Tensor3D; entropy: tf.Tensor3D } {
    const { promptLength: P, maxCompletionLength: L } = this.policies[0].shape
    const parts = this.policies.map((p, s) => live[s]
      ? p.logProbs(tf.tensor2d(prompts.subarray(s * n * P, (s + 1) * n * P), [n, P], 'int32'),
        tf.tensor2d(completions.subarray(s * n * L, (s + 1) * n * L), [n, L], 'int32'), temperature)
      : { logp: tf.zeros([n, L]) as tf.Tensor2D, entropy: tf.zeros([n, L]) as tf.Tensor2D })
    if (this.size === 1) return { logp: tf.expandDims(parts[0].logp, 0), entropy: tf.expandDims(parts[0].entropy, 0) }
    return { logp: tf.stack(parts.map((x) => x.logp)) as tf.Tensor3D, entropy: tf.stack(parts.map((x) => x.entropy)) as tf.Tensor3D }
  }

  /** Per live seed as for one policy: sqrt(sum over its variables, in order, of sum(g^2)). */
  gradNorms(grads: tf.NamedTensorMap, live: boolean[]): tf.Tensor1D {
    const norms = this.policies.map((p, s) => live[s]
      ? tf.sqrt(tf.addN(p.variables.map((v) => tf.sum(tf.square(grads[v.name])))))
      : tf.zeros([]))
    return tf.stack(norms) as tf.Tensor1D
  }

  /**
   * Every seed's gradients, scaled by coef[s] when given; zeros for seeds not live. tfjs optimisers
   * keep their state (Adam's moments) by position in the gradient list, so the list must hold the
   * same variables in the same order at every update, failed seeds included.
   */
  scaleGrads(grads: tf.NamedTensorMap, coef: tf.Tensor1D | null, live: boolean[]): tf.NamedTensorMap {
    const out: tf.NamedTensorMap = {}
    this.policies.forEach((p, s) => {
      const c = !live[s] || coef === null ? null : this.size === 1 ? tf.reshape(coef, []) : tf.reshape(tf.slice(coef, [s], [1]), [])
      for (const v of p.variables) out[v.name] = !live[s] ? tf.zerosLike(v) : c ? tf.mul(grads[v.name], c) : grads[v.name]
    })
    return out
  }

  policy(s: number): Policy {
    return this.policies[s]
  }

  dispose(): void {}
}
