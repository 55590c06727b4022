// Log-probs of given completions without gradient, in chunks (bounded memory for large batches).
import * as tf from '@tensorflow/tfjs'
import type { Policy } from './policy.js'

/** prompts [rows * P], completions [rows * L] -> log-probs [rows * L] at the temperature. */
export function forwardLogProbs(policy: Policy, prompts: Int32Array, completions: Int32Array, temperature: number, chunk = 2048): Float32Array {
  const P = policy.shape.promptLength, L = policy.shape.maxCompletionLength
  const rows = prompts.length / P
  const out = new Float32Array(rows * L)
  for (let s = 0; s < rows; s += chunk) {
    const n = Math.min(chunk, rows - s)
    const t = tf.tidy(() => policy.logProbs(
      tf.tensor2d(prompts.subarray(s * P, (s + n) * P), [n, P], 'int32'),
      tf.tensor2d(completions.subarray(s * L, (s + n) * L), [n, L], 'int32'), temperature).logp)
    out.set(t.dataSync(), s * L)
    t.dispose()
  }
  return out
}
