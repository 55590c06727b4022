// Engine benchmark: `npx tsx bench/engine.bench.ts` (npm run bench). Prints figures, it is not a test.
//
// Model: vocab 32, dModel 64, 2 layers, 4 heads, dMlp 256 (~105k parameters), batch 512.
//   forward   logProbs without gradient over 16-token sequences (prompt 4 + 12 completion inputs)
//   train     one supervised step: loss = -mean(logp), Adam, optimizer.minimize
//   sample    KV-cache sampling, 512 prompts of 4 tokens, 12 generated tokens
//   grpoStep  a full GRPO step: 512 rollouts (16 prompts x 32), reward, advantages, old log-probs, 4 clipped updates
// Each figure is the median of several runs after warm-up. The same model and figures in PyTorch
// (bench/reference/torch_step.py) run in a child process in the same command, and the tfjs/PyTorch
// ratio is printed for each figure.
//
// Options: --reps N (default 7), --no-torch, --profile (per-kernel breakdown of a train step and of
// sampling), --attention (attention contraction alternatives on this backend, T = 13 and 16),
// --linear-seeds (then the linear policy's 8 seeds of one arm, sequential train() vs seed-batched:
// bench/linear-seeds.bench.ts).
import * as tf from '@tensorflow/tfjs'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { initBackend } from '../src/engine/backend.js'
import type { TaskShape } from '../src/engine/policy.js'
import { createTransformerPolicy, type TransformerPolicy, type TransformerSpec } from '../src/policies/transformer.js'
import { makeRng, permutation } from '../src/util/rng.js'
import { computeAdvantages } from '../src/engine/advantages.js'
import { policyLoss } from '../src/engine/grpo-loss.js'
import { benchLinearSeeds } from './linear-seeds.bench.js'

const SPEC: TransformerSpec = { dModel: 64, nLayers: 2, nHeads: 4, dMlp: 256 }
const VOCAB = 32
const BATCH = 512
const CTX = 16 // tokens per sequence in forward / train
const PROMPT = 4
const GEN = 12
// forward/train: 4 prompt tokens + 13 completion tokens -> 16 input tokens
const TRAIN_SHAPE: TaskShape = { vocabSize: VOCAB, promptLength: PROMPT, maxCompletionLength: CTX - PROMPT + 1, eosToken: VOCAB - 2, padToken: VOCAB - 1 }
const SAMPLE_SHAPE: TaskShape = { ...TRAIN_SHAPE, maxCompletionLength: GEN }

const args = process.argv.slice(2)
const repsAt = args.indexOf('--reps')
const REPS = repsAt >= 0 && Number(args[repsAt + 1]) > 0 ? Math.floor(Number(args[repsAt + 1])) : 7
const WARMUP = 3

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** Fastest run of each timed figure (printed too: the machine may be shared, min is the steadier). */
const mins: Record<string, number> = {}

/** Median seconds of fn over REPS runs after WARMUP runs. */
function timeIt(fn: () => void, label: string, reps = REPS, warmup = WARMUP): number {
  for (let i = 0; i < warmup; i++) fn()
  const ts: number[] = []
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now()
    fn()
    ts.push((performance.now() - t0) / 1000)
  }
  mins[label] = Math.min(...ts)
  return median(ts)
}

function randomInts(n: number, hi: number, seed: number): Int32Array {
  const rng = makeRng(seed, 'bench')
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) out[i] = rng.int(hi)
  return out
}

interface Figures { forward_s: number; forward_tok_per_s: number; train_step_s: number; sample_s: number; grpo_step_s?: number | null }

function benchForward(policy: TransformerPolicy, prompts: tf.Tensor2D, completions: tf.Tensor2D): number {
  return timeIt(() => {
    tf.tidy(() => {
      const r = policy.logProbs(prompts, completions, 1)
      // read one scalar so the work is certainly done (wasm runs synchronously anyway)
      tf.add(tf.sum(r.logp), tf.sum(r.entropy)).dataSync()
    })
  }, 'forward_s')
}

function makeTrainStep(policy: TransformerPolicy, prompts: tf.Tensor2D, completions: tf.Tensor2D, opt: tf.Optimizer): () => void {
  return () => {
    const loss = opt.minimize(() => tf.neg(tf.mean(policy.logProbs(prompts, completions, 1).logp)) as tf.Scalar, true, policy.variables)
    loss?.dataSync()
    loss?.dispose()
  }
}

function benchSample(policy: TransformerPolicy, prompts: Int32Array): number {
  let seed = 0
  return timeIt(() => { policy.sample(prompts, BATCH, { temperature: 1, rng: makeRng(seed++, 'bench-sample') }) }, 'sample_s')
}

// =================================================================================================
// grpoStep: one full GRPO step at the same scale, built from the engine's own pieces: 16 prompts x
// G 32 = 512 rollouts of 12 tokens (KV cache), a random reward, group advantages, old log-probs
// without gradient, then 4 shuffled mini-batches of 128 through policyLoss (bnpo, clip 0.2) with
// Adam and global-norm clipping, as src/engine/trainer.ts does. torch_step.py times the same step.
// =================================================================================================
const GRPO = { prompts: 16, G: 32, miniBatches: 4 }
function grpoStep(policy: TransformerPolicy): number {
  const B = GRPO.prompts * GRPO.G, L = GEN, mb = B / GRPO.miniBatches
  const opt = tf.train.adam(1e-3)
  const promptRows = randomInts(GRPO.prompts * PROMPT, VOCAB, 11)
  const prompts = new Int32Array(B * PROMPT)
  for (let b = 0; b < B; b++) prompts.set(promptRows.subarray(Math.floor(b / GRPO.G) * PROMPT, (Math.floor(b / GRPO.G) + 1) * PROMPT), b * PROMPT)
  const rng = makeRng(5, 'grpo-bench')
  const step = () => {
    const roll = policy.sample(prompts, B, { temperature: 1, rng })
    const rewards = Float32Array.from({ length: B }, () => Number(rng.next() < 0.5))
    const adv = computeAdvantages(rewards, { groupSize: GRPO.G, scaleRewards: 'group', epsilon: 1e-4 })
    const pr = tf.tensor2d(prompts, [B, PROMPT], 'int32'), co = tf.tensor2d(roll.tokens, [B, L], 'int32')
    const old = tf.tidy(() => policy.logProbs(pr, co, 1).logp)
    const order = permutation(B, rng)
    for (let k = 0; k < GRPO.miniBatches; k++) {
      tf.tidy(() => {
        const idx = tf.tensor1d(order.subarray(k * mb, (k + 1) * mb), 'int32')
        const p = tf.gather(pr, idx) as tf.Tensor2D, c = tf.gather(co, idx) as tf.Tensor2D
        const inputs = { oldLogp: tf.gather(old, idx) as tf.Tensor2D, advantages: tf.gather(tf.tensor1d(adv), idx) as tf.Tensor1D, mask: tf.gather(tf.tensor2d(roll.mask, [B, L]), idx) as tf.Tensor2D }
        const { grads } = tf.variableGrads(() => {
          const { logp, entropy } = policy.logProbs(p, c, 1)
          return policyLoss({ ...inputs, logp, entropy }, { importanceSamplingLevel: 'token', epsilon: 0.2, clip: true, lossType: 'bnpo', maxCompletionLength: L, beta: 0, entropyCoef: 0 }).loss
        }, policy.variables)
        const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))))
        const coef = tf.minimum(tf.div(1, tf.add(norm, 1e-6)), 1)
        opt.applyGradients(Object.fromEntries(Object.entries(grads).map(([n, g]) => [n, tf.mul(g, coef)])))
      })
    }
    pr.dispose(); co.dispose(); old.dispose()
  }
  const t = timeIt(step, 'grpo_step_s', Math.max(3, Math.floor(REPS / 2)), 1)
  opt.dispose()
  return t
}
// =================================================================================================

/** Per-kernel time breakdown of fn (min over 5 profiled runs, per kernel+shape). */
async function profileKernels(what: string, step: () => void): Promise<void> {
  const best = new Map<string, { ms: number; n: number }>()
  for (let rep = 0; rep < 5; rep++) {
    const info = await tf.profile(() => { step() })
    const cur = new Map<string, { ms: number; n: number }>()
    for (const k of info.kernels) {
      // customGrad forwards and op wrappers appear as scopes around their kernels: count kernels only
      if (k.name.includes('scope') || k.name.endsWith('__op')) continue
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0
      const key = `${k.name} ${JSON.stringify(k.inputShapes)}`
      const e = cur.get(key) ?? { ms: 0, n: 0 }
      e.ms += ms; e.n++
      cur.set(key, e)
    }
    for (const [key, e] of cur) {
      const b = best.get(key)
      if (!b || e.ms < b.ms) best.set(key, e)
    }
  }
  let total = 0
  const byKernel = new Map<string, number>()
  for (const [k, v] of best) {
    total += v.ms
    const name = k.split(' ')[0]
    byKernel.set(name, (byKernel.get(name) ?? 0) + v.ms)
  }
  console.log(`\nprofile of ${what} (min of 5 per kernel): ${total.toFixed(1)} ms in kernels`)
  console.log('by kernel: ' + [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', '))
  const rows = [...best.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 45)
  for (const [k, v] of rows) console.log(`  ${v.ms.toFixed(2).padStart(8)} ms  x${String(v.n).padEnd(3)} ${k}`)
}

/**
 * Attention score contraction S[n, i, j] = sum_d q[n, i, d] k[n, j, d] for N = 512 x 4 (sequence,
 * head) pairs, dh = 16, in the formulations tried (fresh operands each run, as in training).
 */
function benchAttentionAlternatives(): void {
  const N = BATCH * SPEC.nHeads, dh = SPEC.dModel / SPEC.nHeads
  console.log(`\nattention score contraction, ${N} (sequence, head) pairs, dh ${dh}, median of ${REPS} (ms):`)
  for (const T of [13, 16]) {
    const q = tf.randomNormal([N, T, dh]), k = tf.randomNormal([N, T, dh])
    const qIn = tf.transpose(q, [1, 2, 0]), kF = tf.transpose(k, [2, 0, 1]) // [i, d, n], [d, n, j]
    const variants: [string, () => tf.Tensor][] = [
      ['batched matMul, transposeB', () => tf.matMul(q, tf.add(k, 0), false, true)],
      ['batched matMul, explicit transpose', () => tf.matMul(q, tf.transpose(tf.add(k, 0), [0, 2, 1]))],
      ['per-head batched matMul (H calls)', () => tf.concat(tf.split(q, SPEC.nHeads, 0).map((qh, h) =>
        tf.matMul(qh, tf.transpose(tf.slice(k, [h * BATCH, 0, 0], [BATCH, T, dh]), [0, 2, 1]))), 0)],
      ['broadcast multiply + sum', () => tf.sum(tf.mul(q.reshape([N, T, 1, dh]), tf.add(k, 0).reshape([N, 1, T, dh])), -1)],
      ['depthwise conv (used)', () => tf.depthwiseConv2d(qIn.reshape([T, 1, dh, N]) as tf.Tensor4D,
        tf.add(kF, 0).reshape([1, dh, N, T]) as tf.Tensor4D, 1, 'valid')],
    ]
    for (const [name, f] of variants) {
      const sec = timeIt(() => { tf.tidy(() => { f() }) }, `attn-${T}-${name}`)
      console.log(`  T ${String(T).padEnd(3)} ${name.padEnd(38)} ${(sec * 1000).toFixed(2).padStart(7)}`)
    }
    tf.dispose([q, k, qIn, kF])
  }
}

function findTorchPython(): string | null {
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' })
    if (r.status === 0) return py
  }
  return null
}

function runTorch(): Figures & Record<string, unknown> | null {
  const py = findTorchPython()
  if (py === null) {
    console.log('\nPyTorch reference skipped: no python3 with torch found. Install it with:\n' +
      '  apt-get update && apt-get install -y python3-torch libopenblas0\n' +
      '(Debian\'s torch uses the reference BLAS unless an optimised one such as libopenblas0 is installed.)')
    return null
  }
  const script = join(dirname(fileURLToPath(import.meta.url)), 'reference', 'torch_step.py')
  const r = spawnSync(py, [script, '--vocab', String(VOCAB), '--d', String(SPEC.dModel), '--layers', String(SPEC.nLayers),
    '--heads', String(SPEC.nHeads), '--dmlp', String(SPEC.dMlp), '--ctx', String(CTX), '--prompt', String(PROMPT),
    '--gen', String(GEN), '--batch', String(BATCH), '--reps', String(REPS)],
  { encoding: 'utf8', env: { ...process.env, OMP_WAIT_POLICY: 'passive' } })
  if (r.status !== 0) {
    console.log(`\nPyTorch reference failed (${py}): ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`)
    return null
  }
  const line = r.stdout.trim().split('\n').pop() ?? ''
  const res = JSON.parse(line)
  res.python = py
  return res
}

async function main(): Promise<void> {
  const backend = await initBackend()
  console.log(`tfjs ${tf.version.tfjs}, backend: ${backend} (${tf.getBackend()}), node ${process.version}`)
  console.log(`model: vocab ${VOCAB}, d ${SPEC.dModel}, ${SPEC.nLayers} layers, ${SPEC.nHeads} heads, mlp ${SPEC.dMlp}; batch ${BATCH}, ${CTX} tokens; ${REPS} timed runs after ${WARMUP} warm-up`)

  const policy = createTransformerPolicy(SPEC, TRAIN_SHAPE, 0)
  const nParams = policy.variables.reduce((a, v) => a + v.size, 0)
  const L = TRAIN_SHAPE.maxCompletionLength
  const prompts = tf.tensor2d(randomInts(BATCH * PROMPT, VOCAB, 1), [BATCH, PROMPT], 'int32')
  const completions = tf.tensor2d(randomInts(BATCH * L, VOCAB, 2), [BATCH, L], 'int32')
  const opt = tf.train.adam(1e-3)
  const step = makeTrainStep(policy, prompts, completions, opt)

  const tfjs: Figures = { forward_s: 0, forward_tok_per_s: 0, train_step_s: 0, sample_s: 0 }
  tfjs.forward_s = benchForward(policy, prompts, completions)
  tfjs.forward_tok_per_s = BATCH * CTX / tfjs.forward_s
  tfjs.train_step_s = timeIt(step, 'train_step_s')
  const sampler = createTransformerPolicy(SPEC, SAMPLE_SHAPE, 0)
  tfjs.sample_s = benchSample(sampler, randomInts(BATCH * PROMPT, VOCAB, 3))
  tfjs.grpo_step_s = grpoStep(createTransformerPolicy(SPEC, SAMPLE_SHAPE, 1))
  if (args.includes('--attention')) benchAttentionAlternatives()
  if (args.includes('--profile')) {
    await profileKernels('a train step', step)
    const sp = randomInts(BATCH * PROMPT, VOCAB, 3)
    await profileKernels('sampling', () => { sampler.sample(sp, BATCH, { temperature: 1, rng: makeRng(1, 'p') }) })
  }

  const torch = args.includes('--no-torch') ? null : runTorch()
  console.log(`\nparameters: tfjs ${nParams}${torch ? `, torch ${torch.params}` : ''}`)
  if (torch) {
    const blas = String(torch.blas)
    console.log(`pytorch: ${torch.torch} via ${torch.python}, ${torch.threads} thread(s), BLAS ${blas}` +
      (/openblas|mkl|blis/i.test(blas) ? '' : ' (reference BLAS is slow: apt-get install -y libopenblas0)'))
  }
  const rows: [string, keyof Figures, (x: number) => string][] = [
    ['forward (logProbs, no grad)', 'forward_s', (x) => `${(x * 1000).toFixed(1)} ms`],
    ['forward tokens/s', 'forward_tok_per_s', (x) => `${Math.round(x)}`],
    ['train step (Adam)', 'train_step_s', (x) => `${(x * 1000).toFixed(1)} ms`],
    [`sample ${BATCH} x ${GEN} tokens (KV cache)`, 'sample_s', (x) => `${(x * 1000).toFixed(1)} ms`],
    ['GRPO step', 'grpo_step_s', (x) => `${(x * 1000).toFixed(1)} ms`],
  ]
  console.log(`${'figure'.padEnd(34)} ${'tfjs'.padStart(12)} ${'pytorch'.padStart(12)} ${'tfjs/torch'.padStart(11)}`)
  for (const [label, key, fmt] of rows) {
    const a = tfjs[key]
    const b = torch ? (torch as Record<string, unknown>)[key] as number | undefined : undefined
    const aS = a == null ? 'n/a (TODO)' : fmt(a)
    const bS = b == null ? '-' : fmt(b)
    // tokens/s: higher is better, so report the time ratio the same way (torch/tfjs rate)
    const ratio = a == null || b == null ? '-' : (key === 'forward_tok_per_s' ? b / a : a / b).toFixed(2) + 'x'
    console.log(`${label.padEnd(34)} ${aS.padStart(12)} ${bS.padStart(12)} ${ratio.padStart(11)}`)
  }
  console.log('(tfjs/torch: time ratio; > 1 means tfjs is slower)')
  console.log(`tfjs fastest runs: forward ${(mins.forward_s * 1000).toFixed(1)} ms, train ${(mins.train_step_s * 1000).toFixed(1)} ms, sample ${(mins.sample_s * 1000).toFixed(1)} ms`)
  tf.dispose([prompts, completions])
  opt.dispose()
  policy.dispose()
  sampler.dispose()
  if (args.includes('--linear-seeds')) {
    console.log('\nlinear policy, one arm of 8 seeds (section-2 config):')
    await benchLinearSeeds(8)
  }
}

await main()
