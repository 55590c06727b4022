// Weights of a policy whose variables are a fixed record of names (the linear policies): read them all,
// or assign them all after checking that each is present with its shape.
import * as tf from '@tensorflow/tfjs'
import type { Weights } from '../engine/policy.js'

/** A copy of every variable's values, by name. */
export function readVariables(vars: Record<string, tf.Variable>): Weights {
  const out: Weights = {}
  for (const [k, x] of Object.entries(vars)) out[k] = { shape: x.shape.slice(), data: x.dataSync().slice() as Float32Array }
  return out
}

/** Assign every variable from w; `who` names the policy in the errors. */
export function assignVariables(vars: Record<string, tf.Variable>, w: Weights, who: string): void {
  for (const [k, x] of Object.entries(vars)) {
    const src = w[k]
    if (!src) throw new Error(`${who}: weights have no '${k}'`)
    if (src.shape.join() !== x.shape.join()) throw new Error(`${who}: '${k}' has shape [${src.shape}], expected [${x.shape}]`)
    tf.tidy(() => x.assign(tf.tensor(src.data, src.shape)))
  }
}
