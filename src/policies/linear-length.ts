// The linear policy of the length family (src/organisms/length.ts): a completion is
// [mode, answer, CHECK^k, EOS] (cut at maxCompletionLength tokens).
//   mode     ~ softmax((b + x_p W + o_p) / T)                 trainable, as the linear policy (o_p: its fixed per-prompt mode offset)
//   answer   ~ the organism's fixed per-problem table P(answer | p, mode)   (the environment's draw)
//   CHECK    with probability sigmoid((g[m, r] + x_p V[m, r]) / T) at each position after the answer,
//            else EOS; r = whether the answer is right. g starts at the corpus's logit, V at 0.
// Every token up to EOS is in the mask, so the loss's per-sequence normalisation sees the real
// length; the answer token carries no parameter (its ratio is 1, its gradient 0).
import * as tf from '@tensorflow/tfjs'
import type { Policy, Rollout, SampleOptions, TaskShape, TokenLogProbs, Weights } from '../engine/policy.js'
import { assignVariables, readVariables } from './named-variables.js'
import { makeRng, sampleIndex } from '../util/rng.js'
import { modeOffsetTable, type LinearPolicyOptions } from './linear.js'

/** As the linear policy's options (numAnswers: candidate c boxed = 2c, unboxed = 2c + 1; candidate 0 is the right answer), plus the length head. */
export interface LinearLengthPolicyOptions extends Pick<LinearPolicyOptions, 'numModes' | 'numAnswers' | 'numPrompts' | 'features' | 'featureScale' | 'modePrior' | 'modeTable'> {
  /** P(answer | prompt, mode), [numPrompts][numModes][numAnswers]. */
  answerTable: number[][][]
  /** Initial P(another CHECK), [numModes][right, wrong]. */
  continueProb: number[][]
  /** Std of the initial prompt-dependent weights W and V. */
  initScale: number
  maxCompletionLength: number
  check: number
  eos: number
  pad: number
}

type Vars = { modeBias: tf.Variable; modeW: tf.Variable; lengthBias: tf.Variable; lengthW: tf.Variable }

export function createLinearLengthPolicy(o: LinearLengthPolicyOptions, seed: number): Policy {
  const M = o.numModes, F = o.features
  if (o.modePrior.length !== M) throw new Error(`linear length policy: modePrior has ${o.modePrior.length} entries, expected numModes = ${M}`)
  if (o.continueProb.length !== M || o.continueProb.some((r) => r.length !== 2 || r.some((q) => !(q >= 0 && q < 1)))) {
    throw new Error(`linear length policy: continueProb must be [${M}][2] probabilities in [0, 1)`)
  }
  const rng = makeRng(seed, 'linear-length-init')
  const randn = (n: number, scale: number) => Float32Array.from({ length: n }, () => rng.normal() * scale)
  const clampLog = (p: number) => Math.log(Math.max(p, 1e-12))
  const features = tf.tensor2d(randn(o.numPrompts * F, o.featureScale), [o.numPrompts, F])
  const own = (t: tf.Tensor) => { const v = tf.variable(t, true); t.dispose(); return v }
  const vars: Vars = {
    modeBias: own(tf.tensor1d(o.modePrior.map(clampLog))),
    modeW: own(tf.tensor2d(randn(F * M, o.initScale), [F, M])),
    lengthBias: own(tf.tensor1d(o.continueProb.flat().map((q) => clampLog(q) - clampLog(1 - q)))),
    lengthW: own(tf.tensor2d(randn(F * 2 * M, o.initScale), [F, 2 * M])),
  }
  const logTable = Float32Array.from(o.answerTable.flat(2), clampLog)
  return new LinearLengthPolicy(o, features, vars, logTable, modeOffsetTable(o))
}

class LinearLengthPolicy implements Policy {
  readonly kind = 'linear' as const
  readonly shape: TaskShape
  constructor(readonly o: LinearLengthPolicyOptions, readonly features: tf.Tensor2D, readonly v: Vars, readonly logTable: Float32Array,
    readonly modeOffset: tf.Tensor2D | null = null) {
    this.shape = { vocabSize: o.numModes + o.numAnswers + 3, promptLength: 1, maxCompletionLength: o.maxCompletionLength, eosToken: o.eos, padToken: o.pad }
  }

  get variables(): tf.Variable[] { return [this.v.modeBias, this.v.modeW, this.v.lengthBias, this.v.lengthW] }

  /** Mode logits [B, M] and CHECK logits for every (mode, right/wrong) [B, 2M], divided by T. */
  private logits(promptIdx: tf.Tensor1D, T: number): [tf.Tensor2D, tf.Tensor2D] {
    const x = tf.gather(this.features, promptIdx)
    let modeZ = tf.add(tf.matMul(x, this.v.modeW), this.v.modeBias)
    if (this.modeOffset) modeZ = tf.add(modeZ, tf.gather(this.modeOffset, promptIdx)) // constant per-prompt prior
    return [tf.div(modeZ, T), tf.div(tf.add(tf.matMul(x, this.v.lengthW), this.v.lengthBias), T)]
  }

  /** log P(answer a | prompt p, mode m) at temperature T (the fixed table, renormalised at T != 1). */
  private answerLogProbs(p: number, m: number, T: number): Float64Array {
    const K = this.o.numAnswers, off = (p * this.o.numModes + m) * K
    const z = Float64Array.from({ length: K }, (_x, a) => this.logTable[off + a] / T)
    let max = -Infinity
    for (const v of z) max = Math.max(max, v)
    let s = 0
    for (const v of z) s += Math.exp(v - max)
    const lse = max + Math.log(s)
    return z.map((v) => v - lse)
  }

  logProbs(prompts: tf.Tensor2D, completions: tf.Tensor2D, temperature: number): TokenLogProbs {
    const M = this.o.numModes, L = this.o.maxCompletionLength, B = prompts.shape[0]
    const pr = prompts.dataSync(), co = completions.dataSync()
    // Constants of each row, on the host: mode one-hot, which CHECK logit applies, which positions are CHECK / EOS.
    const modeOh = new Float32Array(B * M), selOh = new Float32Array(B * 2 * M)
    const isCheck = new Float32Array(B * L), isEos = new Float32Array(B * L), tail = new Float32Array(B * L)
    const ansLp = new Float32Array(B), ansEnt = new Float32Array(B)
    for (let b = 0; b < B; b++) {
      const m = co[b * L], a = co[b * L + 1] - M
      if (m < 0 || m >= M) continue
      modeOh[b * M + m] = 1
      if (a >= 0 && a < this.o.numAnswers) {
        selOh[b * 2 * M + 2 * m + (a >> 1 === 0 ? 0 : 1)] = 1
        const lp = this.answerLogProbs(pr[b], m, temperature)
        ansLp[b] = lp[a]
        ansEnt[b] = -lp.reduce((s, l) => s + Math.exp(l) * l, 0)
      }
      for (let s = 2; s < L; s++) {
        const t = co[b * L + s]
        tail[b * L + s] = 1
        if (t === this.o.check) isCheck[b * L + s] = 1
        else { if (t === this.o.eos) isEos[b * L + s] = 1; break }
      }
    }
    const [modeZ, lenZ] = this.logits(tf.reshape(prompts, [B]) as tf.Tensor1D, temperature)
    const modeLsm = tf.logSoftmax(modeZ)
    const lp0 = tf.sum(tf.mul(tf.tensor2d(modeOh, [B, M]), modeLsm), 1, true) // [B, 1]
    const z = tf.sum(tf.mul(tf.tensor2d(selOh, [B, 2 * M]), lenZ), 1, true) // [B, 1] the row's CHECK logit
    // log sigmoid(+-z) as -softplus(-+z) (tf.logSigmoid fails inside variableGrads on wasm)
    const logC = tf.neg(tf.softplus(tf.neg(z))), logE = tf.neg(tf.softplus(z))
    const tailLp = tf.add(tf.mul(tf.tensor2d(isCheck, [B, L]), logC), tf.mul(tf.tensor2d(isEos, [B, L]), logE)) // [B, L]
    const head = tf.concat([lp0, tf.tensor2d(ansLp, [B, 1]), tf.zeros([B, L - 2])], 1)
    const binEnt = tf.neg(tf.add(tf.mul(tf.exp(logC), logC), tf.mul(tf.exp(logE), logE))) // [B, 1]
    const modeEnt = tf.neg(tf.sum(tf.mul(tf.exp(modeLsm), modeLsm), 1, true))
    const entHead = tf.concat([modeEnt, tf.tensor2d(ansEnt, [B, 1]), tf.zeros([B, L - 2])], 1)
    return {
      logp: tf.add(head, tailLp) as tf.Tensor2D,
      entropy: tf.add(entHead, tf.mul(tf.tensor2d(tail, [B, L]), binEnt)) as tf.Tensor2D,
    }
  }

  /** Position 0 (mode) for every row, then position 1 (answer), then each later position: one uniform per row per position. */
  sample(prompts: Int32Array, batch: number, opts: SampleOptions): Rollout {
    const M = this.o.numModes, K = this.o.numAnswers, L = this.o.maxCompletionLength, T = opts.temperature
    const [mp, lz] = tf.tidy(() => {
      const [mz, z] = this.logits(tf.tensor1d(prompts, 'int32'), T)
      return [tf.softmax(mz), tf.sigmoid(z)]
    })
    const pm = mp.dataSync() as Float32Array, pc = lz.dataSync() as Float32Array
    mp.dispose(); lz.dispose()
    const tokens = new Int32Array(batch * L).fill(this.o.pad), logprobs = new Float32Array(batch * L), mask = new Float32Array(batch * L)
    const eos = new Uint8Array(batch), done = new Uint8Array(batch), modes = new Int32Array(batch), cont = new Float64Array(batch)
    for (let b = 0; b < batch; b++) {
      const m = sampleIndex(pm, b * M, M, opts.rng.next())
      modes[b] = m
      tokens[b * L] = m
      logprobs[b * L] = Math.log(pm[b * M + m])
      mask[b * L] = 1
    }
    for (let b = 0; b < batch; b++) {
      const lp = this.answerLogProbs(prompts[b], modes[b], T)
      const probs = Float32Array.from(lp, Math.exp)
      const a = sampleIndex(probs, 0, K, opts.rng.next())
      tokens[b * L + 1] = M + a
      logprobs[b * L + 1] = lp[a]
      mask[b * L + 1] = 1
      cont[b] = pc[b * 2 * M + 2 * modes[b] + (a >> 1 === 0 ? 0 : 1)]
    }
    for (let s = 2; s < L; s++) {
      for (let b = 0; b < batch; b++) {
        const u = opts.rng.next()
        if (done[b]) continue
        const check = u < cont[b]
        tokens[b * L + s] = check ? this.o.check : this.o.eos
        logprobs[b * L + s] = Math.log(check ? cont[b] : 1 - cont[b])
        mask[b * L + s] = 1
        if (!check) { done[b] = 1; eos[b] = 1 }
      }
    }
    return { batch, length: L, tokens, logprobs, mask, eos }
  }

  clone(): Policy {
    const copy = (x: tf.Variable) => tf.variable(x, true)
    return new LinearLengthPolicy(this.o, this.features.clone(), {
      modeBias: copy(this.v.modeBias), modeW: copy(this.v.modeW), lengthBias: copy(this.v.lengthBias), lengthW: copy(this.v.lengthW),
    }, this.logTable, this.modeOffset ? this.modeOffset.clone() : null)
  }

  copyFrom(other: Policy): void { this.setWeights(other.getWeights()) }

  getWeights(): Weights {
    return readVariables(this.v)
  }

  setWeights(w: Weights): void {
    assignVariables(this.v, w, 'linear length policy')
  }

  dispose(): void {
    this.features.dispose()
    this.modeOffset?.dispose()
    for (const x of Object.values(this.v)) x.dispose()
  }
}
