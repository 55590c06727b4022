// KL(pi || pi_ref) on held-out prompts: completions sampled from pi, the k3 estimator per token
// (r - 1 - log r with r = pi_ref / pi; unbiased and non-negative), summed over each completion's
// tokens, averaged over completions. The RNG stream does not depend on the run's seed.
import * as tf from '@tensorflow/tfjs'
import type { Policy } from '../engine/policy.js'
import type { Task } from '../organisms/task.js'
import { makeRng } from '../util/rng.js'

export function klToReference(policy: Policy, ref: Policy, task: Task, opts: { samples: number; temperature: number }): number {
  const problems = task.eval, P = task.promptLength, S = opts.samples, B = problems.length * S
  const prompts = new Int32Array(B * P)
  problems.forEach((p, i) => { for (let s = 0; s < S; s++) prompts.set(p.prompt, (i * S + s) * P) })
  const roll = policy.sample(prompts, B, { temperature: opts.temperature, rng: makeRng(0, 'kl-eval') })
  const L = roll.length
  const kl = tf.tidy(() => {
    const pr = tf.tensor2d(prompts, [B, P], 'int32'), co = tf.tensor2d(roll.tokens, [B, L], 'int32')
    const d = tf.sub(ref.logProbs(pr, co, opts.temperature).logp, policy.logProbs(pr, co, opts.temperature).logp)
    const k3 = tf.sub(tf.sub(tf.exp(d), d), 1)
    return tf.div(tf.sum(tf.mul(k3, tf.tensor2d(roll.mask, [B, L]))), B)
  })
  const v = kl.dataSync()[0]
  kl.dispose()
  return v
}
