import { describe, it, expect } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { policyLoss, type PolicyLossOptions } from '../src/engine/grpo-loss.js'
import { makeRng } from '../src/util/rng.js'
import { useBackend } from './setup-tf.js'

useBackend()

const base: PolicyLossOptions = {
  importanceSamplingLevel: 'token', epsilon: 0.2, epsilonHigh: null, clip: true, delta: null, clipRatioC: null,
  lossType: 'grpo', maxCompletionLength: 3, numItemsInBatch: 10, beta: 0, entropyCoef: 0,
}

// The hand example: two sequences, A = [+1, -1].
//   seq 0: ratios [1.5, 0.5, (masked)]   seq 1: ratios [1.5, 0.5, 1.0]
// Standard clip [0.8, 1.2]:
//   seq 0 (A=+1): -min(1.5, 1.2) = -1.2 ; -min(0.5, 0.8) = -0.5
//   seq 1 (A=-1): -min(-1.5, -1.2) = 1.5 ; -min(-0.5, -0.8) = 0.8 ; 1.0
// grpo  = mean(-1.7/2, 3.3/3) = (-0.85 + 1.1)/2 = 0.125
// bnpo  = 1.6 / 5 = 0.32 ; dr_grpo = 1.6 / (2*3) = 0.266667 ; dapo(numItems 10) = 0.16
// clipped: low (ratio<0.8, A<0) seq1 tok1 ; high (ratio>1.2, A>0) seq0 tok0 -> 1/5 each
function handCase(opts: Partial<PolicyLossOptions> = {}, ratios = [[1.5, 0.5, 1], [1.5, 0.5, 1]], adv = [1, -1]) {
  return tf.tidy(() => {
    const old = tf.tensor2d([[-1, -2, -0.5], [-1, -2, -0.5]])
    const logp = tf.add(old, tf.log(tf.tensor2d(ratios))) as tf.Tensor2D
    const out = policyLoss({
      logp, oldLogp: old, advantages: tf.tensor1d(adv), mask: tf.tensor2d([[1, 1, 0], [1, 1, 1]]),
      entropy: tf.tensor2d([[0.5, 0.5, 9], [1, 1, 1]]),
    }, { ...base, ...opts })
    return Object.fromEntries([["loss", out.loss], ...Object.entries(out.metrics!)].map(([k, v]) => [k, (v as tf.Scalar).dataSync()[0]]))
  })
}

describe('policyLoss: hand-computed values', () => {
  it('grpo, bnpo, dr_grpo and dapo aggregation with masks of different lengths', () => {
    expect(handCase({ lossType: 'grpo' }).loss).toBeCloseTo(0.125, 5)
    expect(handCase({ lossType: 'bnpo' }).loss).toBeCloseTo(0.32, 5)
    expect(handCase({ lossType: 'dr_grpo' }).loss).toBeCloseTo(1.6 / 6, 5)
    expect(handCase({ lossType: 'dapo', numItemsInBatch: 10 }).loss).toBeCloseTo(0.16, 5)
  })
  it('clip fractions count low clips (A<0) and high clips (A>0) over masked tokens', () => {
    const m = handCase()
    expect(m.clipFracLow).toBeCloseTo(0.2, 6)
    expect(m.clipFracHigh).toBeCloseTo(0.2, 6)
    expect(m.clipFrac).toBeCloseTo(0.4, 6)
    expect(m.ratioMin).toBeCloseTo(0.5, 5)
    expect(m.ratioMax).toBeCloseTo(1.5, 5)
    expect(m.ratioMean).toBeCloseTo((1.5 + 0.5 + 1.5 + 0.5 + 1) / 5, 5)
    // approx KL (k3 of old||new): mean of (r - 1) - log r over the 5 tokens
    const k3 = (r: number) => r - 1 - Math.log(r)
    expect(m.approxKl).toBeCloseTo((2 * k3(1.5) + 2 * k3(0.5) + k3(1)) / 5, 5)
    expect(m.entropy).toBeCloseTo((0.5 + 0.5 + 3) / 5, 5)
  })
  it('Clip-Higher moves only the upper bound', () => {
    // epsilonHigh 0.6: seq0 tok0 keeps ratio 1.5 -> -1.5 ; seq 0 mean (-1.5-0.5)/2 = -1 ; grpo (-1 + 1.1)/2 = 0.05
    const m = handCase({ epsilonHigh: 0.6 })
    expect(m.loss).toBeCloseTo(0.05, 5)
    expect(m.clipFracHigh).toBe(0)
    expect(m.clipFracLow).toBeCloseTo(0.2, 6)
  })
  it('clip: false is the plain surrogate -ratio * A', () => {
    // seq 0: (-1.5 - 0.5)/2 = -1 ; seq 1: (1.5 + 0.5 + 1)/3 = 1 ; grpo 0
    expect(handCase({ clip: false }).loss).toBeCloseTo(0, 5)
    expect(handCase({ clip: false, lossType: 'bnpo' }).loss).toBeCloseTo((-2 + 3) / 5, 5)
  })
  it('delta caps the unclipped ratio (two-sided clipping)', () => {
    // delta 1.4: seq1 tok0 -min(-1.4, -1.2) = 1.4 -> seq 1 mean 3.2/3 ; grpo (-0.85 + 1.066667)/2
    expect(handCase({ delta: 1.4 }).loss).toBeCloseTo((-0.85 + 3.2 / 3) / 2, 5)
  })
  it('dual clip bounds the loss of A<0 tokens by -A * c', () => {
    // ratios seq1 [5, 0.5, 1]: tok0 -min(-5, -1.2) = 5 -> min(5, 3) = 3 with c = 3
    const r = [[1.5, 0.5, 1], [5, 0.5, 1]]
    expect(handCase({ lossType: 'bnpo' }, r).loss).toBeCloseTo((-1.7 + 5 + 0.8 + 1) / 5, 5)
    expect(handCase({ lossType: 'bnpo', clipRatioC: 3 }, r).loss).toBeCloseTo((-1.7 + 3 + 0.8 + 1) / 5, 5)
  })
  it('sequence-level importance sampling (GSPO) uses exp of the mean log-ratio', () => {
    // seq 0: exp((ln1.5 + ln0.5)/2) = 0.75^(1/2) = 0.866025 ; seq 1: 0.75^(1/3) = 0.908560 ; both inside the band
    const r0 = Math.sqrt(0.75), r1 = Math.cbrt(0.75)
    const m = handCase({ importanceSamplingLevel: 'sequence' })
    expect(m.loss).toBeCloseTo((-r0 + r1) / 2, 5)
    expect(m.ratioMin).toBeCloseTo(r0, 5)
    expect(m.clipFrac).toBe(0)
  })
  it('beta adds the k3 KL to the reference per token', () => {
    const out = tf.tidy(() => {
      const logp = tf.tensor2d([[-1, -1]])
      const o = policyLoss({ logp, oldLogp: logp, refLogp: tf.add(logp, Math.log(2)) as tf.Tensor2D, advantages: tf.tensor1d([0]), mask: tf.ones([1, 2]) as tf.Tensor2D },
        { ...base, beta: 0.5 })
      return [o.loss.dataSync()[0], o.metrics!.klRef.dataSync()[0]]
    })
    // k3 with ref - logp = ln 2: 2 - ln 2 - 1 = 0.306853 ; loss = 0.5 * 0.306853 (A = 0)
    expect(out[1]).toBeCloseTo(1 - Math.log(2), 5)
    expect(out[0]).toBeCloseTo(0.5 * (1 - Math.log(2)), 5)
  })
  it('entropyCoef subtracts the masked entropy', () => {
    // A = 0, ratio 1: grpo loss = -c * mean_seq(mean_tok H) = -0.1 * (0.5 + 1)/2
    expect(handCase({ entropyCoef: 0.1 }, [[1, 1, 1], [1, 1, 1]], [0, 0]).loss).toBeCloseTo(-0.1 * 0.75, 5)
  })
  it('errors name what is missing', () => {
    const inputs = () => ({ logp: tf.zeros([1, 1]), oldLogp: tf.zeros([1, 1]), advantages: tf.zeros([1]), mask: tf.ones([1, 1]) }) as never
    expect(() => tf.tidy(() => { policyLoss(inputs(), { ...base, beta: 0.1 }) })).toThrow(/refLogp/)
    expect(() => tf.tidy(() => { policyLoss(inputs(), { ...base, lossType: 'dapo', numItemsInBatch: 0 }) })).toThrow(/numItemsInBatch/)
  })
})

// An independent scalar reference of TRL's/verl's per-token loss, looped by hand.
function reference(lp: number[][], old: number[][], ref: number[][], A: number[], mask: number[][], ent: number[][], o: PolicyLossOptions): number {
  const B = lp.length, L = lp[0].length
  const lo = 1 - o.epsilon, hi = 1 + (o.epsilonHigh ?? o.epsilon)
  let total = 0, tokens = 0, seqMeans = 0
  for (let b = 0; b < B; b++) {
    let n = 0, sLr = 0
    for (let t = 0; t < L; t++) { n += mask[b][t]; sLr += (lp[b][t] - old[b][t]) * mask[b][t] }
    let seqSum = 0
    for (let t = 0; t < L; t++) {
      const r = Math.exp(o.importanceSamplingLevel === 'token' ? lp[b][t] - old[b][t] : sLr / Math.max(n, 1))
      const r1 = o.delta != null ? Math.min(r, o.delta) : r
      let l = o.clip ? -Math.min(r1 * A[b], Math.min(Math.max(r, lo), hi) * A[b]) : -r1 * A[b]
      if (o.clipRatioC != null && A[b] < 0) l = Math.min(l, -A[b] * o.clipRatioC)
      const d = ref[b][t] - lp[b][t]
      l += o.beta * (Math.exp(d) - d - 1) - o.entropyCoef * ent[b][t]
      seqSum += l * mask[b][t]
    }
    total += seqSum; tokens += n; seqMeans += seqSum / Math.max(n, 1)
  }
  if (o.lossType === 'grpo') return seqMeans / B
  if (o.lossType === 'bnpo') return total / Math.max(tokens, 1)
  if (o.lossType === 'dr_grpo') return total / (B * o.maxCompletionLength)
  return total / o.numItemsInBatch!
}

describe('policyLoss matches a scalar reference under every option', () => {
  const rng = makeRng(7, 'loss-test')
  const B = 6, L = 5
  const rand = (s: number) => Array.from({ length: B }, () => Array.from({ length: L }, () => rng.normal() * s))
  const old = rand(1).map((r) => r.map((x) => -Math.abs(x) - 0.1))
  const lp = old.map((r) => r.map((x) => x + rng.normal() * 0.3))
  const ref = old.map((r) => r.map((x) => x + rng.normal() * 0.2))
  const ent = rand(1).map((r) => r.map(Math.abs))
  const A = Array.from({ length: B }, () => rng.normal())
  const lens = [5, 1, 3, 0, 4, 2] // includes an empty completion
  const mask = lens.map((n) => Array.from({ length: L }, (_, t) => Number(t < n)))
  const combos: Partial<PolicyLossOptions>[] = []
  for (const lossType of ['grpo', 'bnpo', 'dr_grpo', 'dapo'] as const)
    for (const importanceSamplingLevel of ['token', 'sequence'] as const)
      for (const clip of [{}, { epsilonHigh: 0.28 }, { clip: false }, { delta: 1.5 }, { clipRatioC: 3 }, { beta: 0.04, entropyCoef: 0.01 }])
        combos.push({ lossType, importanceSamplingLevel, maxCompletionLength: L, numItemsInBatch: 40, ...clip })
  it.each(combos.map((c) => [JSON.stringify(c), c] as const))('%s', (_name, c) => {
    const o = { ...base, ...c }
    const got = tf.tidy(() => policyLoss({
      logp: tf.tensor2d(lp), oldLogp: tf.tensor2d(old), refLogp: tf.tensor2d(ref), advantages: tf.tensor1d(A),
      mask: tf.tensor2d(mask), entropy: tf.tensor2d(ent),
    }, o).loss.dataSync()[0])
    expect(got).toBeCloseTo(reference(lp, old, ref, A, mask, ent, o), 5)
  })
})

describe('policyLoss at ratio 1', () => {
  it('clip fraction is exactly 0 and the gradient is -A times grad log pi (token mean)', () => {
    // A tiny differentiable policy: logits theta [B, L, V], logp of the chosen tokens.
    const B = 3, L = 2, V = 4
    const theta = tf.variable(tf.tensor3d(Array.from({ length: B * L * V }, (_, i) => Math.sin(i)), [B, L, V]), true)
    const tokens = tf.tensor2d([[0, 1], [2, 3], [1, 1]], [B, L], 'int32')
    const A = [0.7, -1.2, 0.4]
    const logpOf = () => tf.sum(tf.mul(tf.logSoftmax(theta), tf.oneHot(tokens, V)), 2) as tf.Tensor2D
    const mask = tf.tensor2d([[1, 1], [1, 0], [1, 1]])
    const oldLogp = tf.tidy(() => logpOf())
    let clipFrac = -1
    const g1 = tf.grad(() => {
      const { loss, metrics } = policyLoss({ logp: logpOf(), oldLogp, advantages: tf.tensor1d(A), mask }, { ...base, lossType: 'bnpo' })
      clipFrac = metrics!.clipFrac.dataSync()[0]
      return loss
    })(theta)
    // Expected: d/dtheta of -(1/n) sum_t A_b * logp_bt * mask_bt
    const g2 = tf.grad(() => tf.div(tf.neg(tf.sum(tf.mul(tf.mul(logpOf(), tf.reshape(tf.tensor1d(A), [B, 1])), mask))), tf.sum(mask)))(theta)
    expect(clipFrac).toBe(0)
    const diff = tf.max(tf.abs(tf.sub(g1, g2))).dataSync()[0]
    expect(diff).toBeLessThan(1e-6)
    expect(tf.max(tf.abs(g2)).dataSync()[0]).toBeGreaterThan(1e-2)
  })
})

describe('policyLoss: clip diagnostics by old probability', () => {
  it('counts masked tokens and clipped ones per pi_old bucket', () => {
    // old probs [0.01, 0.3, 0.9] per row; ratios push row 0 (A>0) above 1.2 everywhere, row 1 (A<0) below 0.8 at its first token.
    const [tokens, clipped] = tf.tidy(() => {
      const old = tf.log(tf.tensor2d([[0.01, 0.3, 0.9], [0.01, 0.3, 0.9]]))
      const logp = tf.add(old, tf.log(tf.tensor2d([[1.5, 1.5, 1.05], [0.5, 1, 1]]))) as tf.Tensor2D
      const m = policyLoss({ logp, oldLogp: old as tf.Tensor2D, advantages: tf.tensor1d([1, -1]), mask: tf.tensor2d([[1, 1, 1], [1, 1, 0]]) },
        { ...base, oldProbBuckets: [0.05, 0.5] }).metrics
      return [Array.from(m!.bucketTokens!.dataSync()), Array.from(m!.bucketClipped!.dataSync())]
    })
    expect(tokens).toEqual([2, 2, 1]) // p<0.05: two tokens; 0.05-0.5: two; >=0.5: one (row 1's last is masked)
    expect(clipped).toEqual([2, 1, 0]) // row 0 tok 0 (high), row 1 tok 0 (low); row 0 tok 1 (high); 1.05 is inside the band
  })
})
