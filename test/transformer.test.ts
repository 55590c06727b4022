import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../src/engine/backend.js'
import type { TaskShape, Weights } from '../src/engine/policy.js'
import { layerNormLinear, linear, transpose2d } from '../src/policies/layers.js'
import { createTransformerPolicy, sampleNoCache, type TransformerSpec } from '../src/policies/transformer.js'
import { makeRng } from '../src/util/rng.js'

const SHAPE: TaskShape = { vocabSize: 13, promptLength: 2, maxCompletionLength: 3, eosToken: 11, padToken: 12 }
const SPEC: TransformerSpec = { dModel: 32, nLayers: 2, nHeads: 4, dMlp: 64 }
const BOS = 10

beforeAll(async () => {
  await initBackend()
})

/** Random token matrix [b, n] with ids in [0, hi). */
function randomTokens(b: number, n: number, hi: number, seed: number): Int32Array {
  const rng = makeRng(seed, 'test-tokens')
  const out = new Int32Array(b * n)
  for (let i = 0; i < out.length; i++) out[i] = rng.int(hi)
  return out
}

/**
 * Independent reference: the same model written the textbook way (batch-major, batched matMuls,
 * tfjs autodiff everywhere). Used to check the fast path's forward and hand-written backward.
 */
function referenceLogProbs(w: Record<string, tf.Tensor>, spec: TransformerSpec, shape: TaskShape,
  prompts: tf.Tensor2D, completions: tf.Tensor2D, temperature: number): { logp: tf.Tensor2D; entropy: tf.Tensor2D } {
  const [B, P] = prompts.shape
  const L = completions.shape[1]
  const T = P + L - 1
  const d = spec.dModel, H = spec.nHeads, dh = d / H, V = shape.vocabSize
  const input = tf.concat([prompts, tf.slice(completions, [0, 0], [B, L - 1])], 1)
  const ln = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const { mean, variance } = tf.moments(x, -1, true)
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b)
  }
  let x: tf.Tensor = tf.add(tf.matMul(tf.oneHot(input.reshape([-1]), V), w['tok_emb']).reshape([B, T, d]),
    tf.slice(w['pos_emb'], [0, 0], [T, d]))
  const mask = tf.linalg.bandPart(tf.ones([T, T]), -1, 0) // lower triangular
  const negMask = tf.mul(tf.sub(1, mask), -1e9)
  const heads = (t: tf.Tensor) => tf.transpose(t.reshape([B, T, H, dh]), [0, 2, 1, 3])
  for (let l = 0; l < spec.nLayers; l++) {
    const p = `h${l}.`
    const a = ln(x, w[p + 'ln1.g'], w[p + 'ln1.b']).reshape([B * T, d])
    const qkv = tf.add(tf.matMul(a, w[p + 'attn.qkv.w']), w[p + 'attn.qkv.b'])
    const [q, k, v] = tf.split(qkv, 3, 1).map(heads)
    const s = tf.add(tf.div(tf.matMul(q, k, false, true), Math.sqrt(dh)), negMask)
    const o = tf.transpose(tf.matMul(tf.softmax(s), v), [0, 2, 1, 3]).reshape([B * T, d])
    x = tf.add(x, tf.add(tf.matMul(o, w[p + 'attn.o.w']), w[p + 'attn.o.b']).reshape([B, T, d]))
    const c = ln(x, w[p + 'ln2.g'], w[p + 'ln2.b']).reshape([B * T, d])
    const h = tf.relu(tf.add(tf.matMul(c, w[p + 'mlp.fc.w']), w[p + 'mlp.fc.b']))
    x = tf.add(x, tf.add(tf.matMul(h, w[p + 'mlp.proj.w']), w[p + 'mlp.proj.b']).reshape([B, T, d]))
  }
  const hsel = tf.slice(x, [0, P - 1, 0], [B, L, d]).reshape([B * L, d])
  const logits = tf.add(tf.matMul(ln(hsel, w['ln_f.g'], w['ln_f.b']), w['head.w']), w['head.b'])
  const lp = tf.logSoftmax(tf.div(logits, temperature))
  const logp = tf.sum(tf.mul(lp, tf.oneHot(completions.reshape([-1]), V)), -1).reshape([B, L]) as tf.Tensor2D
  const entropy = tf.neg(tf.sum(tf.mul(tf.exp(lp), lp), -1)).reshape([B, L]) as tf.Tensor2D
  return { logp, entropy }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]))
  return m
}

describe('transformer policy', () => {
  it('KV-cache sampling equals no-cache sampling token for token, and its logprobs match logProbs()', () => {
    const policy = createTransformerPolicy({ ...SPEC, initStd: 0.3 }, SHAPE, 3) // peaked enough to emit EOS early sometimes
    const B = 64
    try {
      let sawEos = 0
      for (const seed of [1, 2, 3, 4]) {
        const prompts = randomTokens(B, SHAPE.promptLength, 11, seed)
        for (const temperature of [1, 0.7]) {
          const a = policy.sample(prompts, B, { temperature, rng: makeRng(seed, 'sample') })
          const b = sampleNoCache(policy, prompts, B, { temperature, rng: makeRng(seed, 'sample') })
          expect(Array.from(a.tokens)).toEqual(Array.from(b.tokens))
          expect(Array.from(a.mask)).toEqual(Array.from(b.mask))
          expect(Array.from(a.eos)).toEqual(Array.from(b.eos))
          expect(maxAbsDiff(a.logprobs, b.logprobs)).toBeLessThan(1e-5)
          // rollout invariants
          const L = SHAPE.maxCompletionLength
          for (let r = 0; r < B; r++) {
            let ended = false
            for (let s = 0; s < L; s++) {
              const i = r * L + s
              if (ended) {
                expect(a.tokens[i]).toBe(SHAPE.padToken)
                expect(a.mask[i]).toBe(0)
                expect(a.logprobs[i]).toBe(0)
              } else {
                expect(a.mask[i]).toBe(1)
                if (a.tokens[i] === SHAPE.eosToken) ended = true
              }
            }
            expect(a.eos[r]).toBe(ended ? 1 : 0)
          }
          sawEos += a.eos.reduce((x, y) => x + y, 0)
          // logprobs recomputed by teacher forcing
          const lp = tf.tidy(() => policy.logProbs(tf.tensor2d(prompts, [B, SHAPE.promptLength], 'int32'),
            tf.tensor2d(a.tokens, [B, L], 'int32'), temperature).logp.mul(tf.tensor2d(a.mask, [B, L])))
          expect(maxAbsDiff(lp.dataSync(), a.logprobs)).toBeLessThan(1e-4)
          lp.dispose()
        }
      }
      expect(sawEos).toBeGreaterThan(0)
    } finally {
      policy.dispose()
    }
  })

  it('a group of rows sharing a prompt samples the same bits as rows computed one by one', () => {
    // Grouped rows (U prompts x g) run the prompt pass once per group; interleaved rows (no two
    // neighbours alike) run it once per row. Fed the same uniforms per (position, row), the rows agree exactly.
    const policy = createTransformerPolicy({ ...SPEC, initStd: 0.3 }, SHAPE, 5)
    const U = 4, g = 8, B = U * g, P = SHAPE.promptLength, L = SHAPE.maxCompletionLength
    try {
      const distinct = randomTokens(U, P, 11, 9)
      const grouped = new Int32Array(B * P), interleaved = new Int32Array(B * P)
      const groupedRow = (r: number) => (r % U) * g + Math.floor(r / U) // interleaved row r = group r % U, member r / U
      for (let r = 0; r < B; r++) {
        grouped.set(distinct.subarray(Math.floor(r / g) * P, (Math.floor(r / g) + 1) * P), r * P)
        interleaved.set(distinct.subarray((r % U) * P, (r % U + 1) * P), r * P)
      }
      const u = makeRng(3, 'uniforms')
      const us = Float64Array.from({ length: L * B }, () => u.next())
      const feed = (at: (i: number) => number) => { let i = 0; return { next: () => us[at(i++)], int: () => 0, normal: () => 0 } }
      const a = policy.sample(grouped, B, { temperature: 1, rng: feed((i) => i) })
      const b = policy.sample(interleaved, B, { temperature: 1, rng: feed((i) => Math.floor(i / B) * B + groupedRow(i % B)) })
      for (let r = 0; r < B; r++) {
        const q = groupedRow(r)
        expect(Array.from(b.tokens.subarray(r * L, (r + 1) * L))).toEqual(Array.from(a.tokens.subarray(q * L, (q + 1) * L)))
        expect(Array.from(b.logprobs.subarray(r * L, (r + 1) * L))).toEqual(Array.from(a.logprobs.subarray(q * L, (q + 1) * L)))
        expect(b.eos[r]).toBe(a.eos[q])
      }
      expect(new Set(Array.from(a.tokens)).size).toBeGreaterThan(3) // the draws are not degenerate
    } finally {
      policy.dispose()
    }
  })

  it('consumes exactly one uniform per row per position', () => {
    const policy = createTransformerPolicy(SPEC, SHAPE, 5)
    try {
      const B = 7
      const prompts = randomTokens(B, SHAPE.promptLength, 11, 9)
      const rng = makeRng(11, 'x')
      policy.sample(prompts, B, { temperature: 1, rng })
      const ref = makeRng(11, 'x')
      for (let i = 0; i < B * SHAPE.maxCompletionLength; i++) ref.next()
      expect(rng.next()).toBe(ref.next())
    } finally {
      policy.dispose()
    }
  })

  // B = 160 takes the large-tensor transpose paths of layers.ts (rows >= 512, channels >= 256)
  it.each([16, 160])('matches an independent autodiff reference in values and gradients (B = %i)', (B) => {
    const policy = createTransformerPolicy({ ...SPEC, initStd: 0.2 }, SHAPE, 7)
    try {
      const L = SHAPE.maxCompletionLength, P = SHAPE.promptLength
      const prompts = tf.tensor2d(randomTokens(B, P, 13, 1), [B, P], 'int32')
      const completions = tf.tensor2d(randomTokens(B, L, 13, 2), [B, L], 'int32')
      const coef = tf.tensor2d(Array.from({ length: B * L }, (_, i) => Math.sin(i) + 0.5), [B, L])
      const loss = (r: { logp: tf.Tensor; entropy: tf.Tensor }) => tf.add(tf.sum(tf.mul(r.logp, coef)), tf.mul(tf.sum(r.entropy), 0.3)) as tf.Scalar
      const fast = tf.variableGrads(() => loss(policy.logProbs(prompts, completions, 0.8)), policy.variables)
      const fastOut = tf.tidy(() => policy.logProbs(prompts, completions, 0.8))
      const weights = policy.getWeights()
      const wt: Record<string, tf.Tensor> = {}
      for (const [k, v] of Object.entries(weights)) wt[k] = tf.tensor(v.data, v.shape)
      const names = Object.keys(wt)
      const refOut = tf.tidy(() => referenceLogProbs(wt, SPEC, SHAPE, prompts, completions, 0.8))
      const refGrads = tf.grads((...ts: tf.Tensor[]) => {
        const m: Record<string, tf.Tensor> = {}
        names.forEach((n, i) => { m[n] = ts[i] })
        return loss(referenceLogProbs(m, SPEC, SHAPE, prompts, completions, 0.8))
      })(names.map((n) => wt[n]))
      expect(maxAbsDiff(fastOut.logp.dataSync(), refOut.logp.dataSync())).toBeLessThan(1e-4)
      expect(maxAbsDiff(fastOut.entropy.dataSync(), refOut.entropy.dataSync())).toBeLessThan(1e-4)
      expect(Math.abs(fast.value.dataSync()[0])).toBeGreaterThan(0)
      policy.variables.forEach((v, i) => {
        const name = names[i]
        const g = fast.grads[v.name].dataSync()
        const r = refGrads[i].dataSync()
        const scale = Math.max(1e-3, ...Array.from(r, Math.abs))
        expect(maxAbsDiff(g, r) / scale, name).toBeLessThan(2e-3)
      })
      tf.dispose([prompts, completions, coef, fast.value, fastOut.logp, fastOut.entropy, refOut.logp, refOut.entropy, ...Object.values(fast.grads), ...refGrads, ...Object.values(wt)])
    } finally {
      policy.dispose()
    }
  })

  it('logProbs rows are normalised and causal; gradients reach every variable', () => {
    const policy = createTransformerPolicy({ ...SPEC, initStd: 0.2 }, SHAPE, 8)
    try {
      const V = SHAPE.vocabSize, L = SHAPE.maxCompletionLength, P = SHAPE.promptLength
      // normalisation: enumerate every token at position 1 (the others fixed): sum exp(logp) = 1
      const prompt = [BOS, 4]
      const comps: number[] = []
      for (let v = 0; v < V; v++) comps.push(3, v, 5)
      const lp = tf.tidy(() => policy.logProbs(tf.tensor2d(Array(V).fill(prompt).flat(), [V, P], 'int32'),
        tf.tensor2d(comps, [V, L], 'int32'), 0.9))
      const logp = lp.logp.arraySync()
      const ent = lp.entropy.arraySync()
      const probs = logp.map((row) => Math.exp(row[1]))
      expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5)
      // entropy at position 1 computed from the enumerated probabilities
      const h = -probs.reduce((a, p) => a + p * Math.log(p), 0)
      expect(ent[0][1]).toBeCloseTo(h, 4)
      // position 0 and 1 do not depend on the token at position 1 / 2 (causality)
      for (let v = 1; v < V; v++) {
        expect(logp[v][0]).toBe(logp[0][0])
        expect(ent[v][0]).toBe(ent[0][0])
        expect(ent[v][1]).toBe(ent[0][1])
      }
      // changing the last completion token changes only the last position
      const x = tf.tidy(() => policy.logProbs(tf.tensor2d([BOS, 1, BOS, 1], [2, P], 'int32'), tf.tensor2d([2, 3, 4, 2, 3, 9], [2, L], 'int32'), 1).logp.arraySync())
      expect(x[0][0]).toBe(x[1][0])
      expect(x[0][1]).toBe(x[1][1])
      expect(x[0][2]).not.toBe(x[1][2])
      tf.dispose([lp.logp, lp.entropy])
      // gradient of sum(logp) reaches every variable, finite and non-zero
      const B = 8
      const pr = tf.tensor2d(randomTokens(B, P, 13, 3), [B, P], 'int32')
      const co = tf.tensor2d(randomTokens(B, L, 13, 4), [B, L], 'int32')
      const { value, grads } = tf.variableGrads(() => tf.sum(policy.logProbs(pr, co, 1).logp) as tf.Scalar, policy.variables)
      for (const v of policy.variables) {
        const g = grads[v.name].dataSync()
        expect(g.every(Number.isFinite)).toBe(true)
        expect(g.some((z) => z !== 0)).toBe(true)
      }
      tf.dispose([value, pr, co, ...Object.values(grads)])
    } finally {
      policy.dispose()
    }
  })

  it('clone is independent, weights round-trip, init is deterministic', () => {
    const a = createTransformerPolicy(SPEC, SHAPE, 42)
    const b = createTransformerPolicy(SPEC, SHAPE, 42)
    const c = createTransformerPolicy(SPEC, SHAPE, 43)
    const clone = a.clone()
    try {
      const wa = a.getWeights(), wb = b.getWeights(), wc = c.getWeights()
      expect(Object.keys(wa)).toEqual(['tok_emb', 'pos_emb', 'h0.ln1.g', 'h0.ln1.b', 'h0.attn.qkv.w', 'h0.attn.qkv.b',
        'h0.attn.o.w', 'h0.attn.o.b', 'h0.ln2.g', 'h0.ln2.b', 'h0.mlp.fc.w', 'h0.mlp.fc.b', 'h0.mlp.proj.w', 'h0.mlp.proj.b',
        'h1.ln1.g', 'h1.ln1.b', 'h1.attn.qkv.w', 'h1.attn.qkv.b', 'h1.attn.o.w', 'h1.attn.o.b', 'h1.ln2.g', 'h1.ln2.b',
        'h1.mlp.fc.w', 'h1.mlp.fc.b', 'h1.mlp.proj.w', 'h1.mlp.proj.b', 'ln_f.g', 'ln_f.b', 'head.w', 'head.b'])
      expect(wa['h0.attn.qkv.w'].shape).toEqual([SPEC.dModel, 3 * SPEC.dModel])
      expect(wa['pos_emb'].shape).toEqual([SHAPE.promptLength + SHAPE.maxCompletionLength - 1, SPEC.dModel])
      for (const k of Object.keys(wa)) expect(Array.from(wa[k].data)).toEqual(Array.from(wb[k].data))
      expect(Array.from(wa['h0.attn.qkv.w'].data)).not.toEqual(Array.from(wc['h0.attn.qkv.w'].data))
      expect(Array.from(wa['tok_emb'].data)).not.toEqual(Array.from(wc['tok_emb'].data))
      // getWeights returns copies
      wa['tok_emb'].data[0] += 1
      expect(a.getWeights()['tok_emb'].data[0]).toBe(wb['tok_emb'].data[0])
      // clone independence
      const mod: Weights = clone.getWeights()
      for (const k of Object.keys(mod)) mod[k].data.fill(0.5)
      clone.setWeights(mod)
      const after = a.getWeights()
      for (const k of Object.keys(after)) expect(Array.from(after[k].data)).toEqual(Array.from(wb[k].data))
      expect(clone.getWeights()['head.w'].data[0]).toBe(0.5)
      // round trip, copyFrom
      c.setWeights(a.getWeights())
      const wc2 = c.getWeights()
      for (const k of Object.keys(wb)) expect(Array.from(wc2[k].data)).toEqual(Array.from(wb[k].data))
      clone.copyFrom(b)
      const wcl = clone.getWeights()
      for (const k of Object.keys(wb)) expect(Array.from(wcl[k].data)).toEqual(Array.from(wb[k].data))
      expect(() => a.setWeights({ ...wb, 'head.b': { shape: [3], data: new Float32Array(3) } })).toThrow(/shape/)
    } finally {
      for (const p of [a, b, c, clone]) p.dispose()
    }
  })

  it('does not leak tensors in sample, logProbs and a training step', () => {
    const policy = createTransformerPolicy(SPEC, SHAPE, 1)
    const opt = tf.train.sgd(0.1)
    try {
      const B = 16, P = SHAPE.promptLength, L = SHAPE.maxCompletionLength
      const prompts = randomTokens(B, P, 11, 5)
      const pt = tf.tensor2d(prompts, [B, P], 'int32')
      // warm-up (kernels may allocate once)
      const r0 = policy.sample(prompts, B, { temperature: 1, rng: makeRng(1, 's') })
      const ct = tf.tensor2d(r0.tokens, [B, L], 'int32')
      let n = tf.memory().numTensors
      policy.sample(prompts, B, { temperature: 1, rng: makeRng(2, 's') })
      sampleNoCache(policy, prompts, B, { temperature: 1, rng: makeRng(2, 's') })
      expect(tf.memory().numTensors).toBe(n)
      tf.tidy(() => { policy.logProbs(pt, ct, 0.7) })
      const lp = policy.logProbs(pt, ct, 0.7) // outside tidy: exactly the two returned tensors remain
      expect(tf.memory().numTensors).toBe(n + 2)
      tf.dispose([lp.logp, lp.entropy])
      expect(tf.memory().numTensors).toBe(n)
      const step = () => opt.minimize(() => tf.neg(tf.mean(policy.logProbs(pt, ct, 1).logp)) as tf.Scalar, false, policy.variables)
      step() // first step creates the optimiser's state (none for SGD, but keep the pattern general)
      n = tf.memory().numTensors
      const before = policy.getWeights()['head.w'].data[0]
      step()
      step()
      expect(tf.memory().numTensors).toBe(n)
      expect(policy.getWeights()['head.w'].data[0]).not.toBe(before)
      tf.dispose([pt, ct])
    } finally {
      opt.dispose()
      policy.dispose()
    }
  })

  it('learns a trivial mapping by supervised next-token training', () => {
    // prompt [BOS, d] -> completion [(d + 1) % 10, EOS, PAD]
    const policy = createTransformerPolicy(SPEC, SHAPE, 2)
    const opt = tf.train.adam(1e-2)
    try {
      const B = 10, P = SHAPE.promptLength, L = SHAPE.maxCompletionLength
      const pr: number[] = [], co: number[] = [], m: number[] = []
      for (let d = 0; d < B; d++) { pr.push(BOS, d); co.push((d + 1) % 10, SHAPE.eosToken, SHAPE.padToken); m.push(1, 1, 0) }
      const pt = tf.tensor2d(pr, [B, P], 'int32'), ct = tf.tensor2d(co, [B, L], 'int32'), mt = tf.tensor2d(m, [B, L])
      const nll = () => tf.tidy(() => tf.neg(tf.div(tf.sum(tf.mul(policy.logProbs(pt, ct, 1).logp, mt)), tf.sum(mt))) as tf.Scalar)
      const start = nll()
      const startValue = start.dataSync()[0]
      start.dispose()
      for (let i = 0; i < 150; i++) opt.minimize(nll, false, policy.variables)
      const end = nll()
      const endValue = end.dataSync()[0]
      end.dispose()
      expect(startValue).toBeGreaterThan(2)
      expect(endValue).toBeLessThan(0.05) // mean per-token probability > 0.95
      const r = policy.sample(new Int32Array(pr), B, { temperature: 1, rng: makeRng(3, 's') })
      let correct = 0
      for (let d = 0; d < B; d++) if (r.tokens[d * L] === (d + 1) % 10 && r.tokens[d * L + 1] === SHAPE.eosToken) correct++
      expect(correct).toBeGreaterThanOrEqual(9)
      tf.dispose([pt, ct, mt])
    } finally {
      opt.dispose()
      policy.dispose()
    }
  })
})

describe('layers', () => {
  it('linear (relu) and layerNormLinear match tfjs autodiff; transpose2d matches tf.transpose', () => {
    const M = 1024, K = 24, N = 40 // M >= 512 takes the fast transpose path
    const rnd = (shape: number[], seed: number) => {
      const r = makeRng(seed, 'layers')
      return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r.normal()), shape)
    }
    const x = rnd([M, K], 1) as tf.Tensor2D, w = rnd([K, N], 2) as tf.Tensor2D, b = rnd([N], 3) as tf.Tensor1D
    const g = rnd([K], 4) as tf.Tensor1D, bb = rnd([K], 5) as tf.Tensor1D, coef = rnd([M, N], 6)
    const cases: [string, (...t: tf.Tensor[]) => tf.Tensor, (...t: tf.Tensor[]) => tf.Tensor, tf.Tensor[]][] = [
      ['linear relu', (xi, wi, bi) => linear(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D, true),
        (xi, wi, bi) => tf.relu(tf.add(tf.matMul(xi, wi), bi)), [x, w, b]],
      ['layerNormLinear', (xi, gi, bi, wi, ci) => layerNormLinear(xi as tf.Tensor2D, gi as tf.Tensor1D, bi as tf.Tensor1D, wi as tf.Tensor2D, ci as tf.Tensor1D),
        (xi, gi, bi, wi, ci) => {
          const { mean, variance } = tf.moments(xi, -1, true)
          return tf.add(tf.matMul(tf.add(tf.mul(tf.div(tf.sub(xi, mean), tf.sqrt(tf.add(variance, 1e-5))), gi), bi), wi), ci)
        }, [x, g, bb, w, b]],
    ]
    for (const [name, fast, ref, inputs] of cases) {
      const loss = (f: (...t: tf.Tensor[]) => tf.Tensor) => (...t: tf.Tensor[]) => tf.sum(tf.mul(f(...t), coef))
      const gf = tf.grads(loss(fast))(inputs)
      const gr = tf.grads(loss(ref))(inputs)
      const yf = tf.tidy(() => fast(...inputs)), yr = tf.tidy(() => ref(...inputs))
      expect(maxAbsDiff(yf.dataSync(), yr.dataSync()), name).toBeLessThan(1e-4)
      gf.forEach((t, i) => {
        const r = gr[i].dataSync()
        const scale = Math.max(1, ...Array.from(r, Math.abs))
        expect(maxAbsDiff(t.dataSync(), r) / scale, `${name} grad ${i}`).toBeLessThan(1e-4)
      })
      tf.dispose([...gf, ...gr, yf, yr])
    }
    for (const shape of [[1024, 48], [1000, 7], [16, 3]]) {
      const t = rnd(shape, 7) as tf.Tensor2D
      const a = transpose2d(t), r = tf.transpose(t)
      expect(a.shape).toEqual(r.shape)
      expect(Array.from(a.dataSync())).toEqual(Array.from(r.dataSync()))
      tf.dispose([t, a, r])
    }
    tf.dispose([x, w, b, g, bb, coef])
  })
})
