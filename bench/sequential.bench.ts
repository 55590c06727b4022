// Figures of the sequential plan, by simulation (no training): the A/A family-wise false-positive
// rate and, on known shifts, power, seeds at decision and runs against the fixed design at max.
// The same simulation the tests run (test/sequential-sim.ts: the DSL's stage loop and decisions).
// Usage: npx tsx bench/sequential.bench.ts [ablations=10000]
import { fixedPlan, simulate, stepPlan } from '../test/sequential-sim.js'

const n = Number(process.argv[2] ?? 10_000)
const alpha = 0.05
const pct = (x: number) => `${(100 * x).toFixed(1)}%`
const se = (p: number) => Math.sqrt((p * (1 - p)) / n)

async function main(): Promise<void> {
  console.log(`${n} simulated ablations per row; arms: per-seed N(shift, 1); paired t per look; alpha ${alpha}, Holm over the ablation's hypotheses.\n`)
  console.log('| design | hypotheses (shift in SD) | family-wise false positives (A/A) |')
  console.log('|---|---|---|')
  for (const [name, plan] of [['plan 8 + 8 .. 48, OBF', stepPlan(8, 8, 48)], ['plan 8 + 8 .. 48, Pocock', stepPlan(8, 8, 48, 'pocock')], ['fixed 48', fixedPlan(48)]] as const) {
    const r = await simulate({ plan, alpha, shifts: [0, 0, 0], ablations: n, seed: 12 })
    console.log(`| ${name} | 0, 0, 0 | ${pct(r.familyFalsePositive)} (bound alpha + 3 SE = ${pct(alpha + 3 * se(alpha))}) |`)
  }
  // Three hypotheses "arm > control" sharing the control arm: mixed effects, then all real.
  for (const shifts of [[0.7, 0.35, 0], [0.7, 0.7, 0.7]]) {
    console.log(`\n| design | shift | supported | refuted | mean seeds at decision | mean runs per ablation (of ${(shifts.length + 1) * 48}) |`)
    console.log('|---|---|---|---|---|---|')
    for (const [name, plan] of [['plan 8 + 8 .. 48, OBF', stepPlan(8, 8, 48)], ['plan 8 + 8 .. 48, Pocock', stepPlan(8, 8, 48, 'pocock')], ['fixed 48', fixedPlan(48)]] as const) {
      const r = await simulate({ plan, alpha, shifts, ablations: n, seed: 14 })
      shifts.forEach((d, i) => console.log(`| ${name} | ${d} | ${pct(r.supported[i])} | ${pct(r.refuted[i])} | ${r.seeds[i].toFixed(1)} | ${i === 0 ? r.runs.toFixed(1) : ''} |`))
    }
  }
}
main()
