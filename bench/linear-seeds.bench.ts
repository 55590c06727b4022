// Seed-batched linear training benchmark: `npx tsx bench/linear-seeds.bench.ts`. Prints figures, it is not a test.
//
// The section-2 linear regime (toy-linear, random reward gamma 0.5, 50 steps, 64 prompts x 32
// generations, 16 mini-batches of 128, SGD lr 0.6, bnpo): an ablation arm's 8 seeds trained one after
// another with train(), then together with trainSeeds (src/engine/train-seeds.ts), as the runner
// does for a linear arm. Per-run wall and CPU seconds of each, and whether each seed's history and
// evaluations came out identical. The machine may be shared: CPU seconds are the steadier figure.
//
// Options: --seeds N (default 8), --batched-only (skip the sequential baseline).
// `npx tsx bench/engine.bench.ts --linear-seeds` prints the same figures after the engine's.
import { pathToFileURL } from 'node:url'
import { initBackend } from '../src/engine/backend.js'
import type { GrpoConfigInput } from '../src/engine/config.js'
import { train, type RunRecord } from '../src/engine/trainer.js'
import { trainSeeds } from '../src/engine/train-seeds.js'

const SECTION2: GrpoConfigInput = {
  organism: 'toy-linear', reward: { kind: 'random', gamma: 0.5 }, steps: 50, promptsPerStep: 64, numGenerations: 32,
  miniBatches: 16, optimizer: 'sgd', learningRate: 0.6, lossType: 'bnpo',
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage(), t0 = performance.now()
  const value = await fn()
  const c = process.cpuUsage(c0)
  return { value, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 }
}

const fingerprint = (r: RunRecord) => JSON.stringify([r.history, r.evals], (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))

/** Prints per-run seconds of S seeds of the section-2 config: sequential train() (unless batchedOnly), then trainSeeds. */
export async function benchLinearSeeds(S = 8, batchedOnly = false): Promise<void> {
  const backend = await initBackend()
  const seeds = Array.from({ length: S }, (_, i) => i)
  console.log(`backend ${backend}, node ${process.version}; section-2 linear config, ${S} seeds`)
  await trainSeeds({ ...SECTION2, steps: 2 }, [100, 101]) // warm-up (kernels, organism)
  const batched = await timed(() => trainSeeds(SECTION2, seeds))
  const row = (label: string, t: { wall: number; cpu: number }) =>
    console.log(`${label.padEnd(34)} ${(t.wall / S).toFixed(3).padStart(7)} s/run wall ${(t.cpu / S).toFixed(3).padStart(7)} s/run cpu`)
  if (!batchedOnly) {
    const sequential = await timed(async () => { const out: RunRecord[] = []; for (const seed of seeds) out.push(await train(SECTION2, { seed })); return out })
    row(`sequential train() x ${S}`, sequential)
    row(`trainSeeds (${S} seeds together)`, batched)
    const same = sequential.value.every((r, i) => { const b = batched.value[i]; return b.ok && fingerprint(b.record) === fingerprint(r) })
    console.log(`speed-up ${(sequential.wall / batched.wall).toFixed(1)}x wall, ${(sequential.cpu / batched.cpu).toFixed(1)}x cpu; every seed identical: ${same}`)
  } else row(`trainSeeds (${S} seeds together)`, batched)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2)
  const at = args.indexOf('--seeds')
  await benchLinearSeeds(at >= 0 && Number(args[at + 1]) > 0 ? Math.floor(Number(args[at + 1])) : 8, args.includes('--batched-only'))
}
