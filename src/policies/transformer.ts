// A tiny decoder-only causal transformer policy (the organism study's shape, docs/organisms.md) in
// raw tfjs ops, tuned for the WASM backend (see layers.ts for the measured fast paths).
//
// Architecture: token embedding + learned position embedding (one matMul of a two-hot indicator
// [token | position] with the stacked table [tok_emb; pos_emb]); nLayers pre-LayerNorm blocks
//   x = x + Wo attn(LN1(x)) ;  x = x + W2 relu(W1 LN2(x) + b1) + b2
// with causal multi-head self-attention (fused QKV weight, biases on every linear); final
// LayerNorm; untied output projection to the vocabulary (head.w, head.b). Activation: ReLU (GELU
// built from tfjs ops is ~85 ms per [8192, 256] pass on wasm). Context = promptLength +
// maxCompletionLength - 1 tokens.
//
// Init (a pure function of spec, shape and seed, drawn in JS from makeRng(seed, 'transformer-init')
// in variable order): every matrix N(0, initStd) (default 0.02), the two residual output
// projections (attn.o.w, mlp.proj.w) scaled by 1/sqrt(2 nLayers) (GPT-2), biases 0, LN gains 1.
//
// Each block is one tf.customGrad with a hand-written backward: activations are kept 2-D in
// position-major order [T * B, d], attention runs as depthwise convolutions (layers.ts), every
// weight gradient is an explicit transpose + plain 2-D matMul with a narrow right-hand operand,
// LayerNorm gains/biases are folded into the following linear layer, and the last block computes
// its outputs only for the positions that are read (logProbs: those predicting completion tokens;
// sampling: the newest position, with a KV cache).
//
// Heads: q/k/v columns are ordered (head, d) and channel n = b * nHeads + h in the attention.
import * as tf from '@tensorflow/tfjs'
import type { Policy, Rollout, SampleOptions, TaskShape, TokenLogProbs, Weights } from '../engine/policy.js'
import { makeRng, sampleIndex } from '../util/rng.js'
import {
  attentionBackward, attentionForward, embed, foldedGrads, foldLayerNorm, layerNormBackwardX,
  layerNormLinear, layerNormStats, linearForward, tokenLogProbEntropy, transpose2d,
} from './layers.js'

export interface TransformerSpec {
  dModel: number
  nLayers: number
  nHeads: number
  dMlp: number
  /** Std of the normal init of weight matrices; default 0.02. */
  initStd?: number
}

interface ParamDef { name: string; shape: number[]; init: 'normal' | 'resid' | 'zeros' | 'ones' }

/** Variable names, shapes and init rules, in the fixed order used for init and for `variables`. */
export function transformerParamDefs(spec: TransformerSpec, shape: TaskShape): ParamDef[] {
  const { dModel: d, nLayers, dMlp } = spec
  const ctx = contextLength(shape)
  const defs: ParamDef[] = [
    { name: 'tok_emb', shape: [shape.vocabSize, d], init: 'normal' },
    { name: 'pos_emb', shape: [ctx, d], init: 'normal' },
  ]
  for (let l = 0; l < nLayers; l++) {
    const p = `h${l}.`
    defs.push(
      { name: p + 'ln1.g', shape: [d], init: 'ones' },
      { name: p + 'ln1.b', shape: [d], init: 'zeros' },
      { name: p + 'attn.qkv.w', shape: [d, 3 * d], init: 'normal' },
      { name: p + 'attn.qkv.b', shape: [3 * d], init: 'zeros' },
      { name: p + 'attn.o.w', shape: [d, d], init: 'resid' },
      { name: p + 'attn.o.b', shape: [d], init: 'zeros' },
      { name: p + 'ln2.g', shape: [d], init: 'ones' },
      { name: p + 'ln2.b', shape: [d], init: 'zeros' },
      { name: p + 'mlp.fc.w', shape: [d, dMlp], init: 'normal' },
      { name: p + 'mlp.fc.b', shape: [dMlp], init: 'zeros' },
      { name: p + 'mlp.proj.w', shape: [dMlp, d], init: 'resid' },
      { name: p + 'mlp.proj.b', shape: [d], init: 'zeros' },
    )
  }
  defs.push(
    { name: 'ln_f.g', shape: [d], init: 'ones' },
    { name: 'ln_f.b', shape: [d], init: 'zeros' },
    { name: 'head.w', shape: [d, shape.vocabSize], init: 'normal' },
    { name: 'head.b', shape: [shape.vocabSize], init: 'zeros' },
  )
  return defs
}

export function contextLength(shape: TaskShape): number {
  return shape.promptLength + shape.maxCompletionLength - 1
}

function validateSpec(spec: TransformerSpec, shape: TaskShape): void {
  const ints: [string, number][] = [['dModel', spec.dModel], ['nLayers', spec.nLayers], ['nHeads', spec.nHeads], ['dMlp', spec.dMlp]]
  for (const [k, v] of ints) if (!Number.isInteger(v) || v < 1) throw new Error(`TransformerSpec.${k} must be a positive integer, got ${v}`)
  if (spec.dModel % spec.nHeads !== 0) throw new Error(`dModel (${spec.dModel}) must be divisible by nHeads (${spec.nHeads})`)
  if (shape.promptLength < 1 || shape.maxCompletionLength < 1) throw new Error('promptLength and maxCompletionLength must be >= 1')
  for (const t of [shape.eosToken, shape.padToken]) {
    if (!Number.isInteger(t) || t < 0 || t >= shape.vocabSize) throw new Error(`token ${t} outside the vocabulary [0, ${shape.vocabSize})`)
  }
}

/** Initial weights as plain arrays: a pure function of (spec, shape, seed). */
export function initTransformerWeights(spec: TransformerSpec, shape: TaskShape, seed: number): Weights {
  validateSpec(spec, shape)
  const std = spec.initStd ?? 0.02
  const rng = makeRng(seed, 'transformer-init')
  const out: Weights = {}
  for (const def of transformerParamDefs(spec, shape)) {
    const size = def.shape.reduce((a, b) => a * b, 1)
    const data = new Float32Array(size)
    if (def.init === 'ones') data.fill(1)
    else if (def.init === 'normal' || def.init === 'resid') {
      const s = def.init === 'resid' ? std / Math.sqrt(2 * spec.nLayers) : std
      for (let i = 0; i < size; i++) data[i] = rng.normal() * s
    }
    out[def.name] = { shape: def.shape.slice(), data }
  }
  return out
}

interface BlockVars {
  ln1g: tf.Tensor1D; ln1b: tf.Tensor1D; wqkv: tf.Tensor2D; bqkv: tf.Tensor1D; wo: tf.Tensor2D; bo: tf.Tensor1D
  ln2g: tf.Tensor1D; ln2b: tf.Tensor1D; w1: tf.Tensor2D; b1: tf.Tensor1D; w2: tf.Tensor2D; b2: tf.Tensor1D
}
const BLOCK_KEYS = ['ln1g', 'ln1b', 'wqkv', 'bqkv', 'wo', 'bo', 'ln2g', 'ln2b', 'w1', 'b1', 'w2', 'b2'] as const

/** Per-forward derived weights of a block: the LayerNorms folded into the following linears. */
interface BlockPrep {
  /** q, k, v weights [d, d] with ln1's gain folded in, and biases with ln1's bias folded in */
  wq: tf.Tensor2D; wk: tf.Tensor2D; wv: tf.Tensor2D; cq: tf.Tensor1D; ck: tf.Tensor1D; cv: tf.Tensor1D
  /** mlp.fc with ln2 folded in */
  w1: tf.Tensor2D; c1: tf.Tensor1D
}

function prepBlock(bv: BlockVars, d: number): BlockPrep {
  const qkv = foldLayerNorm(bv.ln1g, bv.ln1b, bv.wqkv, bv.bqkv)
  const fc = foldLayerNorm(bv.ln2g, bv.ln2b, bv.w1, bv.b1)
  const col = (i: number) => tf.slice(qkv.w, [0, i * d], [d, d])
  const bias = (i: number) => tf.slice(qkv.c, [i * d], [d])
  return { wq: col(0), wk: col(1), wv: col(2), cq: bias(0), ck: bias(1), cv: bias(2), w1: fc.w, c1: fc.c }
}

/** Keys and values of one layer, [t * B, d] position-major. */
type KV = { k: tf.Tensor2D; v: tf.Tensor2D }

interface BlockActs {
  y: tf.Tensor2D
  xhat1: tf.Tensor2D; rstd1: tf.Tensor2D; qs: tf.Tensor2D; k: tf.Tensor2D; v: tf.Tensor2D; p: tf.Tensor3D
  o: tf.Tensor2D; xhat2: tf.Tensor2D; rstd2: tf.Tensor2D; h: tf.Tensor2D
}

/** The last `rows` rows of a 2-D tensor (the last positions, contiguous in the position-major layout). */
function lastRows(x: tf.Tensor2D, rows: number): tf.Tensor2D {
  return rows === x.shape[0] ? x : tf.slice(x, [x.shape[0] - rows, 0], [rows, x.shape[1]])
}

/**
 * Block forward, position-major. Outputs are computed only for the last tq of the t positions
 * (y is [tq * B, d]); keys and values for all t. Without `past`, x holds all t positions; with
 * `past` (the keys and values of the first t - tq positions, KV-cache decoding) x holds only the
 * last tq. tq < t without past serves the last block of logProbs (only the positions that predict
 * completion tokens).
 */
function blockForward(x: tf.Tensor2D, bv: BlockVars, pr: BlockPrep, t: number, tq: number, nHeads: number, past?: KV): BlockActs {
  const qRows = (x.shape[0] / (past ? tq : t)) * tq
  const s1 = layerNormStats(x)
  const q = linearForward(lastRows(s1.xhat, qRows), pr.wq, pr.cq)
  let k = linearForward(s1.xhat, pr.wk, pr.ck)
  let v = linearForward(s1.xhat, pr.wv, pr.cv)
  if (past) {
    k = tf.concat([past.k, k], 0)
    v = tf.concat([past.v, v], 0)
  }
  const att = attentionForward(q, k, v, t, nHeads)
  const x1 = tf.add(lastRows(x, qRows), linearForward(att.o, bv.wo, bv.bo)) as tf.Tensor2D
  const s2 = layerNormStats(x1)
  const h = linearForward(s2.xhat, pr.w1, pr.c1, true)
  const y = tf.add(x1, linearForward(h, bv.w2, bv.b2)) as tf.Tensor2D
  return { y, xhat1: s1.xhat, rstd1: s1.rstd, qs: att.qs, k, v, p: att.p, o: att.o, xhat2: s2.xhat, rstd2: s2.rstd, h }
}

/** Zero rows in front of x up to `rows` rows in total. */
function padRowsFront(x: tf.Tensor2D, rows: number): tf.Tensor2D {
  return rows === x.shape[0] ? x : tf.concat([tf.zeros([rows - x.shape[0], x.shape[1]]), x], 0)
}

/** The block as one differentiable op with a hand-written backward (see layers.ts for the rules). */
function blockTrain(x: tf.Tensor2D, bv: BlockVars, t: number, tq: number, nHeads: number): tf.Tensor2D {
  const d = x.shape[1]
  const rows = x.shape[0]
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc
    const w = {} as BlockVars
    BLOCK_KEYS.forEach((key, i) => { (w as unknown as Record<string, tf.Tensor>)[key] = args[i + 1] as tf.Tensor })
    const a = blockForward(args[0] as tf.Tensor2D, w, prepBlock(w, d), t, tq, nHeads)
    // everything the backward reads is saved (the weights too: cheap, and safe if they are not variables)
    save([a.xhat1, a.rstd1, a.qs, a.k, a.v, a.p, a.o, a.xhat2, a.rstd2, a.h, ...BLOCK_KEYS.map((key) => w[key])])
    return {
      value: a.y,
      gradFunc: (dyT: tf.Tensor, saved: tf.Tensor[]) => {
        const [xhat1, rstd1, qs, ks, vs, p, o, xhat2, rstd2, h] = saved as tf.Tensor2D[]
        const w = {} as BlockVars
        BLOCK_KEYS.forEach((key, i) => { (w as unknown as Record<string, tf.Tensor>)[key] = saved[10 + i] })
        const dy = dyT as tf.Tensor2D
        const pr = prepBlock(w, d)
        // MLP: y = x1 + relu(xhat2 W1' + c1') W2 + b2. Right-hand matMul operands are kept [M, 64]
        // (XNNPACK repacks the right-hand operand of every matMul: see layers.ts weightGrads).
        const db2 = tf.sum(transpose2d(dy), -1) as tf.Tensor1D
        const dW2 = tf.matMul(transpose2d(h), dy)
        const dz = tf.mul(tf.matMul(dy, tf.transpose(w.w2)), tf.step(h)) as tf.Tensor2D
        const dzT = transpose2d(dz)
        const dc1 = tf.sum(dzT, -1) as tf.Tensor1D
        const g2 = foldedGrads(tf.transpose(tf.matMul(dzT, xhat2)) as tf.Tensor2D, dc1, w.ln2g, w.ln2b, w.w1)
        const dx1 = tf.add(dy, layerNormBackwardX(tf.matMul(dz, tf.transpose(pr.w1)), xhat2, rstd2)) as tf.Tensor2D
        // attention output projection
        const dx1T = transpose2d(dx1)
        const dbo = tf.sum(dx1T, -1) as tf.Tensor1D
        const dWo = tf.transpose(tf.matMul(dx1T, o)) as tf.Tensor2D
        const ag = attentionBackward(tf.matMul(dx1, tf.transpose(w.wo)), qs, ks, vs, p as unknown as tf.Tensor3D, nHeads)
        // fused QKV from xhat1: one [3d, M] x [M, d] product for all three weight gradients
        const dq = padRowsFront(ag.dq, rows)
        const dqkvT = tf.concat([transpose2d(dq), transpose2d(ag.dk), transpose2d(ag.dv)], 0)
        const dcqkv = tf.sum(dqkvT, -1) as tf.Tensor1D
        const g1 = foldedGrads(tf.transpose(tf.matMul(dqkvT, xhat1)) as tf.Tensor2D, dcqkv, w.ln1g, w.ln1b, w.wqkv)
        const dxhat1 = tf.addN([
          tf.matMul(dq, tf.transpose(pr.wq)),
          tf.matMul(ag.dk, tf.transpose(pr.wk)),
          tf.matMul(ag.dv, tf.transpose(pr.wv)),
        ]) as tf.Tensor2D
        const dx = tf.add(padRowsFront(dx1, rows), layerNormBackwardX(dxhat1, xhat1, rstd1))
        return [dx, g1.dg, g1.db, g1.dw, dcqkv, dWo, dbo, g2.dg, g2.db, g2.dw, dc1, dW2, db2]
      },
    }
  })
  return f(x, ...BLOCK_KEYS.map((key) => bv[key])) as tf.Tensor2D
}

/** Position-major flat token ids [T * B] from row-major tokens [B, T] (int32). */
function positionMajor(tokens: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.transpose(tokens), [-1]) as tf.Tensor1D
}

export class TransformerPolicy implements Policy {
  readonly kind = 'transformer' as const
  readonly shape: TaskShape
  readonly spec: TransformerSpec
  readonly variables: tf.Variable[]
  readonly names: string[]
  private readonly byName: Map<string, tf.Variable>
  private readonly blocks: BlockVars[]
  private disposed = false

  constructor(spec: TransformerSpec, shape: TaskShape, weights: Weights) {
    validateSpec(spec, shape)
    this.spec = { ...spec }
    this.shape = { ...shape }
    const defs = transformerParamDefs(spec, shape)
    this.names = defs.map((d) => d.name)
    this.byName = new Map()
    this.variables = defs.map((def) => {
      const w = weights[def.name]
      if (!w) throw new Error(`missing weight '${def.name}'`)
      checkShape(def.name, w.shape, def.shape, w.data.length)
      const v = tf.tidy(() => tf.variable(tf.tensor(w.data, def.shape, 'float32'), true))
      this.byName.set(def.name, v)
      return v
    })
    this.blocks = []
    for (let l = 0; l < spec.nLayers; l++) {
      const g = (n: string) => this.byName.get(`h${l}.${n}`)!
      this.blocks.push({
        ln1g: g('ln1.g') as tf.Tensor as tf.Tensor1D, ln1b: g('ln1.b') as tf.Tensor as tf.Tensor1D,
        wqkv: g('attn.qkv.w') as tf.Tensor as tf.Tensor2D, bqkv: g('attn.qkv.b') as tf.Tensor as tf.Tensor1D,
        wo: g('attn.o.w') as tf.Tensor as tf.Tensor2D, bo: g('attn.o.b') as tf.Tensor as tf.Tensor1D,
        ln2g: g('ln2.g') as tf.Tensor as tf.Tensor1D, ln2b: g('ln2.b') as tf.Tensor as tf.Tensor1D,
        w1: g('mlp.fc.w') as tf.Tensor as tf.Tensor2D, b1: g('mlp.fc.b') as tf.Tensor as tf.Tensor1D,
        w2: g('mlp.proj.w') as tf.Tensor as tf.Tensor2D, b2: g('mlp.proj.b') as tf.Tensor as tf.Tensor1D,
      })
    }
  }

  private v<R extends tf.Rank>(name: string): tf.Tensor<R> {
    return this.byName.get(name)! as unknown as tf.Tensor<R>
  }

  /** Stacked input table [tok_emb; pos_emb], [V + ctx, d]. */
  private inputTable(): tf.Tensor2D {
    return tf.concat([this.v<tf.Rank.R2>('tok_emb'), this.v<tf.Rank.R2>('pos_emb')], 0)
  }

  /**
   * Two-hot [rows, V + ctx]: token id and V + position. tokens: flat position-major ids of
   * positions pos0 .. pos0 + rows / batch - 1.
   */
  private twoHot(tokens: tf.Tensor1D, batch: number, pos0: number): tf.Tensor2D {
    const V = this.shape.vocabSize
    const depth = V + contextLength(this.shape)
    const rows = tokens.shape[0]
    const pos = new Int32Array(rows)
    for (let r = 0; r < rows; r++) pos[r] = V + pos0 + Math.floor(r / batch)
    // oneHot is int32 on wasm (its float32 variant writes integer bits); int adds are ~15x slower
    // than float ones there, so cast first.
    const hot = (ids: tf.Tensor1D) => tf.cast(tf.oneHot(ids, depth), 'float32')
    return tf.add(hot(tokens), hot(tf.tensor1d(pos, 'int32'))) as tf.Tensor2D
  }

  /** Logits for final hidden rows h [R, d] (final LayerNorm + head). */
  private headLogits(h: tf.Tensor2D, train: boolean): tf.Tensor2D {
    const g = this.v<tf.Rank.R1>('ln_f.g'), b = this.v<tf.Rank.R1>('ln_f.b')
    const w = this.v<tf.Rank.R2>('head.w'), hb = this.v<tf.Rank.R1>('head.b')
    if (train) return layerNormLinear(h, g, b, w, hb)
    const fw = foldLayerNorm(g, b, w, hb)
    return linearForward(layerNormStats(h).xhat, fw.w, fw.c)
  }

  /** log-softmax of the logits at temperature for final hidden rows h [R, d] (sampling). */
  private headLogProbs(h: tf.Tensor2D, temperature: number): tf.Tensor2D {
    const logits = this.headLogits(h, false)
    return tf.logSoftmax(temperature === 1 ? logits : tf.mul(logits, 1 / temperature)) as tf.Tensor2D
  }

  /**
   * Forward of tokens [B, t] (t <= context): final hidden states of the last `outPositions`
   * positions, [outPositions * B, d], position-major. kv collects every layer's keys and values.
   */
  private trunk(tokens: tf.Tensor2D, train: boolean, outPositions: number, kv?: KV[]): tf.Tensor2D {
    const [batch, t] = tokens.shape
    const oneHot = this.twoHot(positionMajor(tokens), batch, 0)
    let x: tf.Tensor2D = train ? embed(oneHot, this.inputTable()) : tf.matMul(oneHot, this.inputTable())
    this.blocks.forEach((bv, l) => {
      const tq = l === this.blocks.length - 1 ? outPositions : t
      if (train) x = blockTrain(x, bv, t, tq, this.spec.nHeads)
      else {
        const a = blockForward(x, bv, prepBlock(bv, this.spec.dModel), t, tq, this.spec.nHeads)
        x = a.y
        kv?.push({ k: a.k, v: a.v })
      }
    })
    return x
  }

  logProbs(prompts: tf.Tensor2D, completions: tf.Tensor2D, temperature: number): TokenLogProbs {
    const [batch, P] = prompts.shape
    const L = completions.shape[1]
    if (P !== this.shape.promptLength) throw new Error(`prompts have ${P} tokens, the shape says ${this.shape.promptLength}`)
    if (L < 1 || L > this.shape.maxCompletionLength) throw new Error(`completion length ${L} outside 1..${this.shape.maxCompletionLength}`)
    if (completions.shape[0] !== batch) throw new Error('prompts and completions differ in batch size')
    if (!(temperature > 0)) throw new Error(`temperature must be > 0, got ${temperature}`)
    return tf.tidy(() => {
      const pr = prompts.dtype === 'int32' ? prompts : tf.cast(prompts, 'int32')
      const co = completions.dtype === 'int32' ? completions : tf.cast(completions, 'int32')
      const input = L > 1 ? tf.concat([pr, tf.slice(co, [0, 0], [batch, L - 1])], 1) : pr
      // Always the differentiable path (the custom ops save nothing when no tape records them).
      // The last block computes outputs only for positions P-1 .. P+L-2, those predicting completions.
      const h = this.trunk(input as tf.Tensor2D, true, L)
      const target = tf.cast(tf.oneHot(positionMajor(co), this.shape.vocabSize), 'float32') as tf.Tensor2D
      const le = tokenLogProbEntropy(this.headLogits(h, true), target, temperature) // [2, L * B]
      const rows = (i: number) => tf.transpose(tf.slice(le, [i, 0], [1, L * batch]).reshape([L, batch])) as tf.Tensor2D
      return { logp: rows(0), entropy: rows(1) }
    })
  }

  /** Draw tokens for one position from log-probs lp [B * V] (see the Policy contract). */
  private drawPosition(lp: Float32Array, batch: number, s: number, rng: SampleOptions['rng'], out: Rollout, done: Uint8Array, probs: Float64Array): void {
    const V = this.shape.vocabSize, L = this.shape.maxCompletionLength
    for (let i = 0; i < lp.length; i++) probs[i] = Math.exp(lp[i])
    for (let b = 0; b < batch; b++) {
      const u = rng.next()
      const idx = b * L + s
      if (done[b]) {
        out.tokens[idx] = this.shape.padToken
        continue
      }
      const tok = sampleIndex(probs, b * V, V, u)
      out.tokens[idx] = tok
      out.logprobs[idx] = lp[b * V + tok]
      out.mask[idx] = 1
      if (tok === this.shape.eosToken) { done[b] = 1; out.eos[b] = 1 }
    }
  }

  private newRollout(batch: number): Rollout {
    const L = this.shape.maxCompletionLength
    return {
      batch, length: L, tokens: new Int32Array(batch * L).fill(this.shape.padToken),
      logprobs: new Float32Array(batch * L), mask: new Float32Array(batch * L), eos: new Uint8Array(batch),
    }
  }

  private checkSampleArgs(prompts: Int32Array, batch: number, opts: SampleOptions): void {
    if (!Number.isInteger(batch) || batch < 1) throw new Error(`batch must be a positive integer, got ${batch}`)
    if (prompts.length !== batch * this.shape.promptLength) {
      throw new Error(`prompts has ${prompts.length} tokens, expected batch * promptLength = ${batch * this.shape.promptLength}`)
    }
    for (let i = 0; i < prompts.length; i++) {
      if (!(prompts[i] >= 0 && prompts[i] < this.shape.vocabSize)) throw new Error(`prompt token ${prompts[i]} at ${i} outside [0, ${this.shape.vocabSize})`)
    }
    if (!(opts.temperature > 0)) throw new Error(`temperature must be > 0, got ${opts.temperature}`)
  }

  sample(prompts: Int32Array, batch: number, opts: SampleOptions): Rollout {
    this.checkSampleArgs(prompts, batch, opts)
    const { promptLength: P, maxCompletionLength: L, vocabSize: V } = this.shape
    const d = this.spec.dModel
    const out = this.newRollout(batch)
    const done = new Uint8Array(batch)
    const probs = new Float64Array(batch * V)
    // Folded per-block weights, once per call; per layer keys/values of all positions so far.
    const preps: BlockPrep[] = this.blocks.map((bv) => {
      let p!: BlockPrep
      tf.tidy(() => { p = prepBlock(bv, d); for (const t of Object.values(p)) tf.keep(t as tf.Tensor) })
      return p
    })
    let cache: KV[] = []
    let lpT: tf.Tensor2D | null = null
    try {
      // Prompt pass: full forward over the prompt (output for the last position only), keeping k, v.
      // A GRPO batch repeats each prompt G times in a row: the pass runs once per distinct prompt
      // and its keys, values and first-token log-probs are repeated (each row's values depend on
      // that row alone, so they are the same bits as computing every row).
      const g = promptRepeat(prompts, batch, P)
      const U = batch / g
      lpT = tf.tidy(() => {
        const kv: KV[] = []
        const h = this.trunk(tf.tensor2d(g === 1 ? prompts : uniqueRows(prompts, P, g), [U, P], 'int32'), false, 1, kv)
        // Rows (t, u) -> (t, u, j): a broadcast multiply by ones (3 ms) instead of tile (~170 ms) or gather (~70 ms).
        const repeat = (x: tf.Tensor2D) => g === 1 ? x
          : tf.reshape(tf.mul(tf.reshape(x, [P, U, 1, d]), tf.ones([1, 1, g, d])), [P * batch, d]) as tf.Tensor2D
        cache = kv.map((c) => ({ k: tf.keep(repeat(c.k)), v: tf.keep(repeat(c.v)) }))
        return this.headLogProbs(h, opts.temperature)
      })
      for (let s = 0; s < L; s++) {
        let lp = (lpT as tf.Tensor2D).dataSync() as Float32Array
        lpT?.dispose()
        lpT = null
        if (s === 0 && g > 1) lp = repeatRows(lp, V, g)
        this.drawPosition(lp, batch, s, opts.rng, out, done, probs)
        if (s === L - 1) break
        if (done.every((x) => x === 1)) {
          // Nothing left to generate: still consume the uniforms of the remaining positions.
          for (let s2 = s + 1; s2 < L; s2++) for (let b = 0; b < batch; b++) opts.rng.next()
          break
        }
        // Decode position pos = P + s from the token just drawn (pad for finished rows: masked).
        const tok = new Int32Array(batch)
        for (let b = 0; b < batch; b++) tok[b] = out.tokens[b * L + s]
        const pos = P + s
        const prev = cache
        const next = tf.tidy(() => {
          let x = tf.matMul(this.twoHot(tf.tensor1d(tok, 'int32'), batch, pos), this.inputTable()) as tf.Tensor2D
          const kv: KV[] = []
          this.blocks.forEach((bv, l) => {
            const a = blockForward(x, bv, preps[l], pos + 1, 1, this.spec.nHeads, prev[l])
            kv.push({ k: a.k, v: a.v })
            x = a.y
          })
          return { lp: this.headLogProbs(x, opts.temperature), kv }
        })
        cache = next.kv
        lpT = next.lp
        for (const c of prev) { c.k.dispose(); c.v.dispose() }
      }
    } finally {
      lpT?.dispose()
      for (const c of cache) { c.k.dispose(); c.v.dispose() }
      for (const p of preps) tf.dispose(Object.values(p) as tf.Tensor[])
    }
    return out
  }

  /**
   * Reference sampler without a KV cache: recomputes the whole prefix at every position. Consumes
   * uniforms exactly like sample(), so both return the same tokens for the same rng state.
   */
  sampleNoCache(prompts: Int32Array, batch: number, opts: SampleOptions): Rollout {
    this.checkSampleArgs(prompts, batch, opts)
    const { promptLength: P, maxCompletionLength: L, vocabSize: V } = this.shape
    const out = this.newRollout(batch)
    const done = new Uint8Array(batch)
    const probs = new Float64Array(batch * V)
    for (let s = 0; s < L; s++) {
      const t = P + s
      const seq = new Int32Array(batch * t)
      for (let b = 0; b < batch; b++) {
        for (let i = 0; i < P; i++) seq[b * t + i] = prompts[b * P + i]
        for (let i = 0; i < s; i++) seq[b * t + P + i] = out.tokens[b * L + i]
      }
      const lpT = tf.tidy(() => this.headLogProbs(this.trunk(tf.tensor2d(seq, [batch, t], 'int32'), false, 1), opts.temperature))
      const lp = lpT.dataSync() as Float32Array
      lpT.dispose()
      this.drawPosition(lp, batch, s, opts.rng, out, done, probs)
    }
    return out
  }

  clone(): TransformerPolicy {
    return new TransformerPolicy(this.spec, this.shape, this.getWeights())
  }

  copyFrom(other: Policy): void {
    if (!(other instanceof TransformerPolicy)) throw new Error(`copyFrom: expected a transformer policy, got '${other.kind}'`)
    if (other.names.length !== this.names.length) throw new Error('copyFrom: different architectures')
    this.names.forEach((name, i) => {
      const src = other.variables[i]
      if (other.names[i] !== name || !tf.util.arraysEqual(src.shape, this.variables[i].shape)) {
        throw new Error(`copyFrom: variable '${name}' differs in name or shape`)
      }
      this.variables[i].assign(src)
    })
  }

  getWeights(): Weights {
    const out: Weights = {}
    this.names.forEach((name, i) => {
      const v = this.variables[i]
      out[name] = { shape: v.shape.slice(), data: Float32Array.from(v.dataSync() as Float32Array) }
    })
    return out
  }

  setWeights(w: Weights): void {
    for (const name of this.names) if (!w[name]) throw new Error(`setWeights: missing '${name}'`)
    this.names.forEach((name, i) => {
      const v = this.variables[i]
      checkShape(name, w[name].shape, v.shape, w[name].data.length)
      const t = tf.tensor(w[name].data, v.shape, 'float32')
      v.assign(t)
      t.dispose()
    })
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    for (const v of this.variables) v.dispose()
  }
}

/** The largest g dividing batch such that every block of g consecutive prompt rows holds one prompt (1: none). */
function promptRepeat(prompts: Int32Array, batch: number, P: number): number {
  let g = 1
  while (g < batch && prompts.subarray(g * P, (g + 1) * P).every((x, i) => x === prompts[i])) g++
  if (g === 1 || batch % g !== 0) return 1
  for (let b = 0; b < batch; b++) {
    const o = Math.floor(b / g) * g * P
    for (let i = 0; i < P; i++) if (prompts[b * P + i] !== prompts[o + i]) return 1
  }
  return g
}

/** Every g-th row of [rows, width]. */
function uniqueRows(x: Int32Array, width: number, g: number): Int32Array {
  const n = x.length / width / g
  const out = new Int32Array(n * width)
  for (let u = 0; u < n; u++) out.set(x.subarray(u * g * width, (u * g + 1) * width), u * width)
  return out
}

/** Each row of [rows, width] repeated g times. */
function repeatRows(x: Float32Array, width: number, g: number): Float32Array {
  const n = x.length / width
  const out = new Float32Array(n * g * width)
  for (let u = 0; u < n; u++) for (let j = 0; j < g; j++) out.set(x.subarray(u * width, (u + 1) * width), (u * g + j) * width)
  return out
}

function checkShape(name: string, got: number[], want: number[], dataLength: number): void {
  if (got.length !== want.length || got.some((x, i) => x !== want[i])) {
    throw new Error(`weight '${name}' has shape [${got}], expected [${want}]`)
  }
  const size = want.reduce((a, b) => a * b, 1)
  if (dataLength !== size) throw new Error(`weight '${name}' has ${dataLength} values, expected ${size}`)
}

/** A transformer policy with deterministic initial weights (pure function of spec, shape, seed). */
export function createTransformerPolicy(spec: TransformerSpec, shape: TaskShape, seed: number): TransformerPolicy {
  return new TransformerPolicy(spec, shape, initTransformerWeights(spec, shape, seed))
}

/** The reference (no KV cache) sampler of a transformer policy; see TransformerPolicy.sampleNoCache. */
export function sampleNoCache(policy: Policy, prompts: Int32Array, batch: number, opts: SampleOptions): Rollout {
  if (!(policy instanceof TransformerPolicy)) throw new Error('sampleNoCache needs a transformer policy')
  return policy.sampleNoCache(prompts, batch, opts)
}
