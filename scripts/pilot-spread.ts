// Pilot of the per-seed spread of the 2x2's prior-amplification contrast (issue "Decide the
// headline"): trains arms A (random reward, standard clip) and B (random reward, Clip-Higher) of the
// transformer regime on pilot seeds, through the run cache, and prints per seed the held-out code rate
// and accuracy, the paired differences B - A, their spread and standardised effect (dz), and the CPU
// time of the runs. Pilot seeds only: the headline's verdicts use seeds no pilot used.
//
//   npx tsx scripts/pilot-spread.ts --organism qwen-math-7b-gap-like --seeds 10-17 [--prompts 64] [--label NAME]
import { parseArgs } from 'node:util'
import { parseConfig } from '../src/engine/config.js'
import { runArms } from '../src/runner/run-arms.js'
import { CLIP_HIGHER, RANDOM, TRANSFORMER_REGIME } from '../ablations/regime.js'
import { mean, sampleStd } from '../src/stats/index.js'

const { values } = parseArgs({ options: {
  organism: { type: 'string', default: 'qwen-math-7b-gap-like' },
  seeds: { type: 'string', default: '10-17' },
  prompts: { type: 'string' },
  arms: { type: 'string', default: 'A,B' },
  label: { type: 'string', default: '' },
} })
const [lo, hi] = values.seeds!.split('-').map(Number)
const seeds = Array.from({ length: (hi ?? lo) - lo + 1 }, (_, i) => lo + i)
if (seeds.some((s) => s >= 100)) throw new Error('--seeds: pilots use seeds below 100 (100-107 and 200+ are verdict seeds)')
const { seeds: _s, inconclusive: _i, ...regime } = TRANSFORMER_REGIME
const base = { organism: values.organism, ...regime, ...(values.prompts ? { promptsPerStep: Number(values.prompts) } : {}) }
const all = {
  A: { reward: RANDOM },
  B: { reward: RANDOM, ...CLIP_HIGHER },
} as const
const names = values.arms!.split(',') as (keyof typeof all)[]
const arms = names.map((n) => ({ name: n, config: parseConfig({ ...base, ...all[n] }) }))
const res = await runArms(`pilot ${values.label || values.organism}`, arms, seeds)

const final = (r: { evals: { metrics: Record<string, number> }[] }, k: string) => r.evals.at(-1)!.metrics[k]
const f = (x: number) => (x >= 0 ? ' ' : '') + x.toFixed(3)
let cpu = 0, wall = 0
const table: Record<string, Record<string, number[]>> = {}
for (const n of names) {
  const runs = res.runs.get(n) ?? []
  table[n] = {
    code: runs.map(({ record }) => final(record, 'eval/mode_rate/code')),
    acc: runs.map(({ record }) => final(record, 'eval/accuracy')),
    code0: runs.map(({ record }) => record.evals[0].metrics['eval/mode_rate/code']),
    acc0: runs.map(({ record }) => record.evals[0].metrics['eval/accuracy']),
  }
  for (const { record } of runs) { cpu += record.cpuSeconds ?? NaN; wall += record.wallSeconds }
}
console.log(`\n${values.label || values.organism}: organism ${values.organism}, prompts/step ${base.promptsPerStep ?? regime.promptsPerStep}, seeds ${seeds.join(',')}`)
for (const n of names) {
  const t = table[n]
  console.log(`arm ${n}: code ${t.code.map(f).join(' ')} | mean ${f(mean(t.code))} sd ${sampleStd(t.code).toFixed(3)} (start ${f(t.code0[0])})`)
  console.log(`       acc  ${t.acc.map(f).join(' ')} | mean ${f(mean(t.acc))} sd ${sampleStd(t.acc).toFixed(3)} (start ${f(t.acc0[0])})`)
}
if (names.includes('A') && names.includes('B')) {
  for (const k of ['code', 'acc'] as const) {
    const d = table.B[k].map((b, i) => b - table.A[k][i])
    const sd = sampleStd(d)
    console.log(`B - A ${k.padEnd(4)}: ${d.map(f).join(' ')} | mean ${f(mean(d))} sd ${sd.toFixed(3)} dz ${(mean(d) / sd).toFixed(2)}`)
  }
}
console.log(`runs ${res.total} (trained ${res.trained}); CPU ${cpu.toFixed(0)} s, wall ${wall.toFixed(0)} s (summed over the records)`)
