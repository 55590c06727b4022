// The linear policy of RESEARCH.md section 2: a completion is [mode, answer].
//   mode   ~ softmax((b + x_p W) / T)                 x_p: fixed random features of prompt p
//   answer ~ softmax((c[mode] + x_p U[mode] + A_p[mode]) / T)   per-mode answer head (trainable or
//                                                      fixed); A_p: an optional fixed per-prompt
//                                                      answer table (log-probs), 0 without one
// Prompts are one token: the index of the prompt's feature row.
import * as tf from '@tensorflow/tfjs'
import type { Policy, Rollout, SampleOptions, TaskShape, TokenLogProbs, Weights } from '../engine/policy.js'
import { makeRng, sampleIndex } from '../util/rng.js'

export interface LinearPolicyOptions {
  numModes: number
  numAnswers: number
  /** Rows of the feature table: every prompt token (train and eval) indexes one. */
  numPrompts: number
  /** Feature dimension F. */
  features: number
  /** Std of each feature component. */
  featureScale: number
  /** Initial P(mode), one entry per mode (sets b; W starts at 0 unless initScale > 0). */
  modePrior: number[]
  /** Initial P(answer | mode), [numModes][numAnswers] (sets c; U starts at 0). Unused with answerTable. */
  answerProbs?: number[][]
  /**
   * P(answer | prompt, mode), [numPrompts][numModes][numAnswers]: a fixed per-prompt table whose
   * logs are added to the answer logits (then c starts at 0). The calibrated organisms use it for
   * per-problem difficulty and error patterns.
   */
  answerTable?: number[][][]
  /** Train c and U too; false keeps P(answer | mode) fixed, as in the section-2 organism. */
  trainAnswerHead: boolean
  /** Std of the initial W and U entries. */
  initScale: number
}

export function createLinearPolicy(o: LinearPolicyOptions, seed: number): Policy {
  const M = o.numModes, K = o.numAnswers, F = o.features
  if (o.modePrior.length !== M) throw new Error(`linear policy: modePrior has ${o.modePrior.length} entries, expected numModes = ${M}`)
  if (o.answerTable) {
    if (o.answerTable.length !== o.numPrompts || o.answerTable.some((t) => t.length !== M || t.some((r) => r.length !== K))) {
      throw new Error(`linear policy: answerTable must be [${o.numPrompts}][${M}][${K}] (prompts x modes x answers)`)
    }
  } else if (!o.answerProbs || o.answerProbs.length !== M || o.answerProbs.some((r) => r.length !== K)) {
    throw new Error(`linear policy: answerProbs must be [${M}][${K}] (modes x answers)`)
  }
  const rng = makeRng(seed, 'linear-init')
  const randn = (n: number, scale: number) => Float32Array.from({ length: n }, () => rng.normal() * scale)
  const logOf = (p: number[]) => Float32Array.from(p, (v) => Math.log(Math.max(v, 1e-12)))
  // Features are part of the organism, not trained: same seed, same prompts.
  const features = tf.tensor2d(randn(o.numPrompts * F, o.featureScale), [o.numPrompts, F])
  // tf.variable keeps its own copy of the data: dispose the initial tensor.
  const own = (t: tf.Tensor, trainable: boolean) => { const v = tf.variable(t, trainable); t.dispose(); return v }
  const vars = {
    modeBias: own(tf.tensor1d(logOf(o.modePrior)), true),
    modeW: own(tf.tensor2d(randn(F * M, o.initScale), [F, M]), true),
    answerBias: own(o.answerTable ? tf.zeros([1, M * K]) : tf.tensor2d(logOf(o.answerProbs!.flat()), [1, M * K]), o.trainAnswerHead),
    answerW: own(tf.tensor2d(randn(F * M * K, o.initScale), [F, M * K]), o.trainAnswerHead),
  }
  const table = o.answerTable ? tf.tensor2d(logOf(o.answerTable.flat(2)), [o.numPrompts, M * K]) : null
  return new LinearPolicy(o, features, vars, table)
}

type Vars = { modeBias: tf.Variable; modeW: tf.Variable; answerBias: tf.Variable; answerW: tf.Variable }

class LinearPolicy implements Policy {
  readonly kind = 'linear' as const
  readonly shape: TaskShape
  constructor(private o: LinearPolicyOptions, private features: tf.Tensor2D, private v: Vars, private table: tf.Tensor2D | null = null) {
    this.shape = { vocabSize: o.numModes + o.numAnswers, promptLength: 1, maxCompletionLength: 2, eosToken: -1, padToken: -1 }
  }

  get variables(): tf.Variable[] {
    const all = [this.v.modeBias, this.v.modeW, this.v.answerBias, this.v.answerW]
    return all.filter((x) => x.trainable)
  }

  /** Mode logits [B, M] and answer logits for every mode [B, M, K], already divided by T. */
  private logits(promptIdx: tf.Tensor1D, temperature: number): [tf.Tensor2D, tf.Tensor3D] {
    const M = this.o.numModes, K = this.o.numAnswers
    const x = tf.gather(this.features, promptIdx) // [B, F]; constant, so no gather gradient
    const modeZ = tf.add(tf.matMul(x, this.v.modeW), this.v.modeBias) // [B, M]
    let ansZ = tf.add(tf.matMul(x, this.v.answerW), this.v.answerBias) // [B, M*K]
    if (this.table) ansZ = tf.add(ansZ, tf.gather(this.table, promptIdx)) // constant per-prompt table
    return [tf.div(modeZ, temperature), tf.div(tf.reshape(ansZ, [-1, M, K]), temperature)]
  }

  logProbs(prompts: tf.Tensor2D, completions: tf.Tensor2D, temperature: number): TokenLogProbs {
    const M = this.o.numModes, K = this.o.numAnswers
    const B = prompts.shape[0]
    const [modeZ, ansZ] = this.logits(tf.reshape(prompts, [B]) as tf.Tensor1D, temperature)
    const [modeTok, ansTok] = tf.split(completions, 2, 1)
    const modeOh = tf.oneHot(tf.reshape(modeTok, [B]), M) // [B, M]
    const ansOh = tf.oneHot(tf.sub(tf.reshape(ansTok, [B]), tf.scalar(M, 'int32')) as tf.Tensor1D, K) // [B, K]
    const modeLsm = tf.logSoftmax(modeZ)
    // Answer logits of the chosen mode: [B, K]
    const ansZm = tf.sum(tf.mul(ansZ, tf.reshape(modeOh, [B, M, 1])), 1) as tf.Tensor2D
    const ansLsm = tf.logSoftmax(ansZm)
    const lp0 = tf.sum(tf.mul(modeOh, modeLsm), 1)
    const lp1 = tf.sum(tf.mul(ansOh, ansLsm), 1)
    const ent = (lsm: tf.Tensor2D) => tf.neg(tf.sum(tf.mul(tf.exp(lsm), lsm), 1))
    return {
      logp: tf.stack([lp0, lp1], 1) as tf.Tensor2D,
      entropy: tf.stack([ent(modeLsm), ent(ansLsm)], 1) as tf.Tensor2D,
    }
  }

  sample(prompts: Int32Array, batch: number, opts: SampleOptions): Rollout {
    const M = this.o.numModes, K = this.o.numAnswers
    const [modeP, ansP] = tf.tidy(() => {
      const [mz, az] = this.logits(tf.tensor1d(prompts, 'int32'), opts.temperature)
      return [tf.softmax(mz), tf.softmax(az)]
    })
    const pm = modeP.dataSync(), pa = ansP.dataSync()
    modeP.dispose(); ansP.dispose()
    const tokens = new Int32Array(batch * 2), logprobs = new Float32Array(batch * 2)
    const modes = new Int32Array(batch)
    // Position 0 (mode) for every row, then position 1 (answer): the interface's uniform order.
    for (let b = 0; b < batch; b++) {
      const m = sampleIndex(pm, b * M, M, opts.rng.next())
      modes[b] = m
      tokens[2 * b] = m
      logprobs[2 * b] = Math.log(pm[b * M + m])
    }
    for (let b = 0; b < batch; b++) {
      const off = (b * M + modes[b]) * K
      const a = sampleIndex(pa, off, K, opts.rng.next())
      tokens[2 * b + 1] = M + a
      logprobs[2 * b + 1] = Math.log(pa[off + a])
    }
    // With a fixed answer head the answer is the environment's draw, not an action: masking it
    // keeps the loss on the mode token alone, exactly the section-2 organism.
    const mask = new Float32Array(batch * 2)
    for (let b = 0; b < batch; b++) { mask[2 * b] = 1; mask[2 * b + 1] = this.o.trainAnswerHead ? 1 : 0 }
    return { batch, length: 2, tokens, logprobs, mask, eos: new Uint8Array(batch).fill(1) }
  }

  /** Exact P(mode) [B, M] and P(answer | mode) [B, M, K] at temperature T, for exact evaluation. */
  probabilities(promptIdx: Int32Array, temperature = 1): { mode: Float32Array; answer: Float32Array } {
    return tf.tidy(() => {
      const [mz, az] = this.logits(tf.tensor1d(promptIdx, 'int32'), temperature)
      return { mode: tf.softmax(mz).dataSync() as Float32Array, answer: tf.softmax(az).dataSync() as Float32Array }
    })
  }

  clone(): Policy {
    const copy = (x: tf.Variable) => tf.variable(x, x.trainable)
    return new LinearPolicy(this.o, this.features.clone(), {
      modeBias: copy(this.v.modeBias), modeW: copy(this.v.modeW),
      answerBias: copy(this.v.answerBias), answerW: copy(this.v.answerW),
    }, this.table ? this.table.clone() : null)
  }

  copyFrom(other: Policy): void {
    this.setWeights(other.getWeights())
  }

  getWeights(): Weights {
    const out: Weights = {}
    for (const [k, x] of Object.entries(this.v)) out[k] = { shape: x.shape.slice(), data: x.dataSync().slice() as Float32Array }
    return out
  }

  setWeights(w: Weights): void {
    for (const [k, x] of Object.entries(this.v) as [keyof Vars, tf.Variable][]) {
      const src = w[k]
      if (!src) throw new Error(`linear policy: weights have no '${k}'`)
      if (src.shape.join() !== x.shape.join()) throw new Error(`linear policy: '${k}' has shape [${src.shape}], expected [${x.shape}]`)
      tf.tidy(() => x.assign(tf.tensor(src.data, src.shape)))
    }
  }

  dispose(): void {
    this.features.dispose()
    this.table?.dispose()
    for (const x of Object.values(this.v)) x.dispose()
  }
}
