// Engine benchmark: `npm run bench` (one command, one run). Prints figures and writes
// bench/results.json, from which `npm run perf:doc` renders docs/performance.md. Not a test.
//
// It times the trainer itself (trainSeeds, src/engine/train-seeds.ts: the one training loop), on
// the transformer regime of the ablations (ablations/regime.ts TRANSFORMER_REGIME: qwen-math-7b-like,
// 64 prompts x G 32, 16 mini-batches, 50 steps; random reward):
//   1. seconds per transformer run per seed at S = 1 and S = 8: the trainer runs --steps steps
//      (default 4) with S seeds; a run is scaled to 50 steps as 50 x the median of its steps after the
//      first (the trainer's own stepSeconds, each seed's share) + its time outside steps (organism,
//      evaluations before and after RL, per seed).
//   2. the GRPO step against PyTorch: the S = 1 step above vs bench/reference/torch_step.py, the
//      same step (shapes, sampling with a KV cache, 16 clipped SGD updates) in PyTorch, run in a
//      child process in the same command on one thread, as tfjs-wasm runs (skipped, with the ratio
//      marked unavailable, without torch).
//   3. prompt sharing in sampling: one step's 2048 rollouts sampled with each group's prompt in a
//      row (the prompt pass runs once per group) vs the same rows interleaved (once per row).
//   4. the options for a seed axis in a transformer update: S seeds' linear layers as S 2-D matMuls
//      vs one batched matMul, and one seed's update cost per row at 128 rows vs 128 x S rows (the
//      per-op share that computing S seeds' non-matMul ops together could save).
// --baseline DIR also times train() of another checkout of this project (e.g. a worktree of main) at
// S = 1 in the same run, for before/after figures. The machine may be shared: the load average at
// start and end is printed and recorded.
//
// Options: --steps N (default 4), --seeds S (default 8), --baseline DIR (--baseline-label NAME names
// it in the doc), --no-torch, --attention
// (attention contraction alternatives, T = 13 and 16), --linear-seeds (the linear policy's seeds:
// bench/linear-seeds.bench.ts).
import * as tf from '@tensorflow/tfjs'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { initBackend } from '../src/engine/backend.js'
import type { GrpoConfigInput } from '../src/engine/config.js'
import type { RunRecord } from '../src/engine/run-record.js'
import { trainSeeds } from '../src/engine/train-seeds.js'
import { buildOrganism, resolveOrganism } from '../src/organisms/index.js'
import { makeRng } from '../src/util/rng.js'
import { TRANSFORMER_REGIME } from '../ablations/regime.js'
import { benchLinearSeeds } from './linear-seeds.bench.js'

const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const opt = (name: string): string | undefined => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined }
const STEPS = Math.max(2, Number(opt('--steps') ?? 4) | 0)
const SEEDS = Math.max(2, Number(opt('--seeds') ?? 8) | 0)
const RUN_STEPS = TRANSFORMER_REGIME.steps

const ORGANISM = 'qwen-math-7b-like'
const { seeds: _seeds, inconclusive: _inc, ...regime } = TRANSFORMER_REGIME
const CONFIG: GrpoConfigInput = { organism: ORGANISM, ...regime, reward: { kind: 'random', gamma: 0.5 } }

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2 }
const round = (x: number, d = 3) => Number(x.toFixed(d))

/**
 * A run of STEPS steps scaled to RUN_STEPS, per seed: wall seconds (the trainer's own stepSeconds
 * and wallSeconds) and CPU seconds of this process (steadier on a shared machine: read at each of
 * the trainer's onStep calls, so a step's CPU is the difference between consecutive calls).
 */
interface RunFigures {
  seeds: number; steps: number
  stepSeconds: number; outsideStepsSeconds: number; runSecondsPerSeed: number
  stepCpuSeconds: number; outsideStepsCpuSeconds: number; runCpuSecondsPerSeed: number
  /** Resident memory of the process after the run, MB (the wasm heap only grows: about its peak so far). */
  rssMB: number
}

const cpuNow = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6 }

function figures(records: RunRecord[], cpuMarks: number[], cpuTotal: number): RunFigures {
  const r = records[0], S = records.length
  const step = median(r.stepSeconds.slice(1))
  const outside = r.wallSeconds - r.stepSeconds.reduce((a, b) => a + b, 0)
  // cpuMarks[k]: CPU seconds at the end of step k + 1; step k + 1 (k >= 1) took marks[k] - marks[k - 1].
  const stepCpu = median(cpuMarks.slice(1).map((m, k) => m - cpuMarks[k])) / S
  const outsideCpu = cpuTotal / S - r.stepSeconds.length * stepCpu
  return {
    seeds: S, steps: r.stepSeconds.length,
    stepSeconds: round(step), outsideStepsSeconds: round(outside), runSecondsPerSeed: round(RUN_STEPS * step + outside, 1),
    stepCpuSeconds: round(stepCpu), outsideStepsCpuSeconds: round(outsideCpu), runCpuSecondsPerSeed: round(RUN_STEPS * stepCpu + outsideCpu, 1),
    rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
  }
}

async function timeTrainer(S: number): Promise<RunFigures> {
  const seeds = Array.from({ length: S }, (_, i) => 100 + i)
  const marks: number[] = []
  const c0 = cpuNow()
  const out = await trainSeeds({ ...CONFIG, steps: STEPS }, seeds, { onStep: (k) => { if (k === 0) marks.push(cpuNow()) } })
  const total = cpuNow() - c0
  return figures(out.map((r) => { if (!r.ok) throw r.error; return r.record }), marks, total)
}

async function timeBaseline(dir: string): Promise<RunFigures> {
  const mod = await import(pathToFileURL(resolve(dir, 'src/engine/trainer.ts')).href) as
    { train: (c: GrpoConfigInput, o: { seed: number; onStep?: () => void }) => Promise<RunRecord> }
  const marks: number[] = []
  const c0 = cpuNow()
  const r = await mod.train({ ...CONFIG, steps: STEPS }, { seed: 100, onStep: () => marks.push(cpuNow()) })
  return figures([r], marks, cpuNow() - c0)
}

/**
 * The options for S seeds' linear layers on this backend, at an update's shapes (128 rows x 12
 * positions, d 64 -> 256): S plain 2-D matMuls (used), one batched 3-D matMul, and, as a floor
 * that different weights cannot use, one 2-D matMul of all S seeds' rows. Median ms of 9.
 */
function timeSeedMatMul(S: number): { seeds: number; rows: number; perSeed2dMs: number; batched3dMs: number; sharedWeight2dMs: number; batchedEqualsPerSeed: boolean } {
  const M = 128 * 12, K = 64, N = 256
  const x = tf.randomNormal([S, M, K]), w = tf.randomNormal([S, K, N])
  const xs = tf.unstack(x), ws = tf.unstack(w), xAll = tf.reshape(x, [S * M, K])
  const time = (f: () => tf.Tensor | tf.Tensor[]) => {
    for (let i = 0; i < 2; i++) tf.tidy(() => { f() })
    const ts: number[] = []
    for (let i = 0; i < 9; i++) { const t0 = performance.now(); tf.tidy(() => { f() }); ts.push(performance.now() - t0) }
    return round(median(ts), 2)
  }
  const same = tf.tidy(() => {
    const a = tf.matMul(x, w).dataSync(), b = tf.concat(xs.map((xi, s) => tf.matMul(xi, ws[s]))).dataSync()
    return a.every((v, i) => v === b[i])
  })
  const out = {
    seeds: S, rows: M,
    perSeed2dMs: time(() => xs.map((xi, s) => tf.matMul(xi, ws[s]))),
    batched3dMs: time(() => tf.matMul(x, w)),
    sharedWeight2dMs: time(() => tf.matMul(xAll, ws[0])),
    batchedEqualsPerSeed: same,
  }
  tf.dispose([x, w, ...xs, ...ws, xAll])
  return out
}

/**
 * CPU ms per 128 rows of one seed's update (forward, hand-written backward, SGD) at 128 rows (one
 * mini-batch) and at 128 x S rows: how much of an update is per-op cost that S seeds could share.
 */
async function timeRowScaling(S: number): Promise<{ rows: number[]; cpuMsPer128: number[] }> {
  const { task, policy } = await buildOrganism(resolveOrganism(ORGANISM))
  const P = task.promptLength, L = task.maxCompletionLength, n = 128 * S
  const prompts = new Int32Array(n * P)
  for (let b = 0; b < n; b++) prompts.set(task.train[Math.floor(b / regime.numGenerations) % task.train.length].prompt, b * P)
  const tokens = policy.sample(prompts, n, { temperature: 1, rng: makeRng(1, 'bench-rows') }).tokens
  const sgd = tf.train.sgd(0)
  const cpuMs = (rows: number) => {
    const upd = () => tf.tidy(() => {
      const pr = tf.tensor2d(prompts.subarray(0, rows * P), [rows, P], 'int32'), co = tf.tensor2d(tokens.subarray(0, rows * L), [rows, L], 'int32')
      const { grads } = tf.variableGrads(() => tf.sum(policy.logProbs(pr, co, 1).logp) as tf.Scalar, policy.variables)
      sgd.applyGradients(grads)
    })
    upd(); upd()
    const ts: number[] = []
    for (let i = 0; i < 7; i++) { const c0 = cpuNow(); upd(); ts.push((cpuNow() - c0) * 1000) }
    return round(median(ts) * 128 / rows, 1)
  }
  const out = { rows: [128, n], cpuMsPer128: [cpuMs(128), cpuMs(n)] }
  sgd.dispose()
  policy.dispose()
  return out
}

/** Median ms of sampling the step's rollouts: prompts grouped (shared) and interleaved (not). */
async function timeSampling(): Promise<{ sharedMs: number; perRowMs: number; rows: number }> {
  const { task, policy } = await buildOrganism(resolveOrganism(ORGANISM))
  const G = regime.numGenerations, U = regime.promptsPerStep, P = task.promptLength, B = U * G
  const grouped = new Int32Array(B * P), interleaved = new Int32Array(B * P)
  for (let b = 0; b < B; b++) {
    grouped.set(task.train[Math.floor(b / G)].prompt, b * P)
    interleaved.set(task.train[b % U].prompt, b * P)
  }
  const time = (prompts: Int32Array) => {
    const ts: number[] = []
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now()
      policy.sample(prompts, B, { temperature: 1, rng: makeRng(i, 'bench-sample') })
      if (i > 0) ts.push(performance.now() - t0)
    }
    return round(median(ts), 1)
  }
  const out = { perRowMs: time(interleaved), sharedMs: time(grouped), rows: B }
  policy.dispose()
  return out
}

function findTorchPython(): string | null {
  for (const py of ['python3', '/usr/bin/python3']) {
    if (spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return py
  }
  return null
}

interface TorchFigures { torch: string; blas: string; threads: number; params: number; grpo_step_s: number; grpo_step_cpu_s: number; python: string }

async function runTorch(): Promise<TorchFigures | string> {
  const py = findTorchPython()
  if (py === null) return 'no python3 with torch (apt-get update && apt-get install -y python3-torch)'
  const { task } = await buildOrganism(resolveOrganism(ORGANISM))
  const o = resolveOrganism(ORGANISM)
  const arch = o.kind === 'arithmetic' && o.policy.kind === 'transformer' ? o.policy : null
  if (!arch) return `${ORGANISM} is not a transformer organism`
  const r = spawnSync(py, [join(here, 'reference', 'torch_step.py'), '--vocab', String(task.vocabSize), '--d', String(arch.dModel),
    '--layers', String(arch.nLayers), '--heads', String(arch.nHeads), '--dmlp', String(arch.dMlp), '--prompt', String(task.promptLength),
    '--gen', String(task.maxCompletionLength), '--prompts', String(regime.promptsPerStep), '--G', String(regime.numGenerations),
    '--minibatches', String(regime.miniBatches), '--lr', String(regime.learningRate)],
  { encoding: 'utf8', env: { ...process.env, OMP_WAIT_POLICY: 'passive', OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } })
  if (r.status !== 0) return `torch_step.py failed (${py}): ${(r.stderr || '').trim().split('\n').slice(-2).join(' | ')}`
  return { ...JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}'), python: py }
}

/**
 * Attention score contraction S[n, i, j] = sum_d q[n, i, d] k[n, j, d] for N = 512 x 4 (sequence,
 * head) pairs, dh = 16, in the formulations tried (fresh operands each run, as in training).
 */
function benchAttentionAlternatives(): void {
  const H = 4, N = 512 * H, dh = 16
  console.log(`\nattention score contraction, ${N} (sequence, head) pairs, dh ${dh}, median of 7 (ms):`)
  for (const T of [13, 16]) {
    const q = tf.randomNormal([N, T, dh]), k = tf.randomNormal([N, T, dh])
    const qIn = tf.transpose(q, [1, 2, 0]), kF = tf.transpose(k, [2, 0, 1]) // [i, d, n], [d, n, j]
    const variants: [string, () => tf.Tensor][] = [
      ['batched matMul, transposeB', () => tf.matMul(q, tf.add(k, 0), false, true)],
      ['batched matMul, explicit transpose', () => tf.matMul(q, tf.transpose(tf.add(k, 0), [0, 2, 1]))],
      ['broadcast multiply + sum', () => tf.sum(tf.mul(q.reshape([N, T, 1, dh]), tf.add(k, 0).reshape([N, 1, T, dh])), -1)],
      ['depthwise conv (used)', () => tf.depthwiseConv2d(qIn.reshape([T, 1, dh, N]) as tf.Tensor4D,
        tf.add(kF, 0).reshape([1, dh, N, T]) as tf.Tensor4D, 1, 'valid')],
    ]
    for (const [name, f] of variants) {
      for (let i = 0; i < 3; i++) tf.tidy(() => { f() })
      const ts: number[] = []
      for (let i = 0; i < 7; i++) { const t0 = performance.now(); tf.tidy(() => { f() }); ts.push(performance.now() - t0) }
      console.log(`  T ${String(T).padEnd(3)} ${name.padEnd(38)} ${median(ts).toFixed(2).padStart(7)}`)
    }
    tf.dispose([q, k, qIn, kF])
  }
}

const load = () => loadavg().map((x) => round(x, 2))

async function main(): Promise<void> {
  const backend = await initBackend()
  const loadStart = load()
  console.log(`tfjs ${tf.version.tfjs}, backend ${backend}, node ${process.version}, ${cpus().length} CPUs, load average ${loadStart.join(' ')}`)
  console.log(`transformer regime: ${ORGANISM}, ${regime.promptsPerStep} prompts x G ${regime.numGenerations}, ${regime.miniBatches} mini-batches, ` +
    `${RUN_STEPS} steps; timed ${STEPS} steps and scaled (50 x median step after the first + time outside steps)`)
  await trainSeeds({ ...CONFIG, steps: 1, promptsPerStep: 8 }, [0]) // warm-up: kernels, organism weights

  const seedMatMul = timeSeedMatMul(SEEDS)
  console.log(`${SEEDS} seeds' [${seedMatMul.rows}, 64] x [64, 256] products: ${SEEDS} 2-D matMuls ${seedMatMul.perSeed2dMs} ms, one batched 3-D matMul ` +
    `${seedMatMul.batched3dMs} ms (same bits: ${seedMatMul.batchedEqualsPerSeed}); one shared-weight 2-D matMul ${seedMatMul.sharedWeight2dMs} ms`)
  const rowScaling = await timeRowScaling(SEEDS)
  console.log(`one seed's update: ${rowScaling.cpuMsPer128[0]} CPU ms per 128 rows at ${rowScaling.rows[0]} rows, ${rowScaling.cpuMsPer128[1]} at ${rowScaling.rows[1]} rows`)
  const sampling = await timeSampling()
  console.log(`sampling ${sampling.rows} rollouts: ${sampling.perRowMs} ms with a prompt pass per row, ${sampling.sharedMs} ms per group`)
  const s1 = await timeTrainer(1)
  const show = (f: RunFigures) => `step ${f.stepSeconds} s (CPU ${f.stepCpuSeconds} s), outside steps ${f.outsideStepsSeconds} s (CPU ${f.outsideStepsCpuSeconds} s) per seed` +
    ` -> ${f.runSecondsPerSeed} s per run per seed (CPU ${f.runCpuSecondsPerSeed} s); RSS ${f.rssMB} MB`
  console.log(`S = 1: ${show(s1)}`)
  const baselineDir = opt('--baseline')
  const baseline = baselineDir ? { dir: opt('--baseline-label') ?? baselineDir, ...(await timeBaseline(baselineDir)) } : null
  if (baseline) console.log(`baseline ${baselineDir} (train(), S = 1): ${show(baseline)}`)

  const sN = await timeTrainer(SEEDS)
  console.log(`S = ${SEEDS}: ${show(sN)}`)
  const torch = args.includes('--no-torch') ? 'skipped (--no-torch)' : await runTorch()
  const ratio = typeof torch === 'string' ? null : round(s1.stepSeconds / torch.grpo_step_s, 2)
  const cpuRatio = typeof torch === 'string' ? null : round(s1.stepCpuSeconds / torch.grpo_step_cpu_s, 2)
  if (typeof torch === 'string') console.log(`GRPO step: tfjs ${s1.stepSeconds} s; PyTorch reference unavailable: ${torch}; tfjs/PyTorch ratio unavailable`)
  else {
    console.log(`GRPO step: tfjs ${s1.stepSeconds} s (CPU ${s1.stepCpuSeconds} s), PyTorch ${round(torch.grpo_step_s)} s (CPU ${round(torch.grpo_step_cpu_s)} s; ` +
      `torch ${torch.torch}, ${torch.threads} thread(s), BLAS ${torch.blas}) -> tfjs/PyTorch ${ratio}x wall, ${cpuRatio}x CPU`)
  }
  const loadEnd = load()
  console.log(`load average at the end: ${loadEnd.join(' ')}`)

  const results = {
    date: new Date().toISOString(), backend, tfjs: tf.version.tfjs, node: process.version, cpus: cpus().length,
    loadAverage: { start: loadStart, end: loadEnd },
    regime: { organism: ORGANISM, promptsPerStep: regime.promptsPerStep, numGenerations: regime.numGenerations, miniBatches: regime.miniBatches, steps: RUN_STEPS, timedSteps: STEPS },
    transformer: { s1, sN },
    seedMatMul,
    rowScaling,
    sampling,
    grpoStep: { tfjsSeconds: s1.stepSeconds, tfjsCpuSeconds: s1.stepCpuSeconds, torch: typeof torch === 'string' ? null : torch, unavailable: typeof torch === 'string' ? torch : null, ratio, cpuRatio },
    baseline,
  }
  writeFileSync(join(here, 'results.json'), JSON.stringify(results, null, 2) + '\n')
  console.log('wrote bench/results.json (npm run perf:doc renders docs/performance.md)')

  if (args.includes('--attention')) benchAttentionAlternatives()
  if (args.includes('--linear-seeds')) {
    console.log('\nlinear policy, one arm of 8 seeds (section-2 config):')
    await benchLinearSeeds(8)
  }
}

await main()
