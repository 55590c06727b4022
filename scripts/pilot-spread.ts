// Pilots of the per-seed spread of the 2x2's prior-amplification contrast (the headline re-run's
// first step): arms A (random reward, standard clip) and B (random reward, Clip-Higher) of the
// transformer regime, on pilot seeds only (the headline's verdicts use seeds no pilot used).
//
//   npx tsx scripts/pilot-spread.ts run --label P0 --organism qwen-math-7b-gap-like --seeds 10-17 [--prompts 256]
//       trains the pilot through the run cache and writes reports/pilots/<label>.json (its runs, for
//       `npx tsx scripts/pilot-spread.ts publish`, and its settings)
//   npx tsx scripts/pilot-spread.ts publish
//       publishes the pilots' runs into the published store (reports/runs), as publish-runs does
//   npx tsx scripts/pilot-spread.ts doc [--write]
//       per pilot: per seed the held-out code rate and accuracy, the paired differences B - A, their
//       spread and standardised effect (dz), and the runs' CPU time, from the run records (cache or
//       published store; nothing trains when they are there); --write puts the table in
//       docs/history.md between its pilot markers
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { writeBlock } from './doc-block.js'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { initBackend } from '../src/engine/backend.js'
import { parseConfig } from '../src/engine/config.js'
import { ENGINE_VERSION } from '../src/engine/run-record.js'
import { publishRuns } from '../src/runner/publish.js'
import { runArms, type ArmRuns } from '../src/runner/run-arms.js'
import { slugify } from '../src/report/json-report.js'
import { mean, sampleStd, varianceRatioTest } from '../src/stats/index.js'
import { CLIP_HIGHER, RANDOM, TRANSFORMER_REGIME } from '../ablations/regime.js'

const DIR = 'reports/pilots'
const DOC = 'docs/history.md'
const MARK = ['<!-- pilots-spread:start -->', '<!-- pilots-spread:end -->'] as const

interface Pilot { label: string; organism: string; seeds: number[]; promptsPerStep: number; note: string }
const ARMS = { A: { reward: RANDOM }, B: { reward: RANDOM, ...CLIP_HIGHER } } as const

function armPlans(p: Pilot) {
  const { seeds: _s, inconclusive: _i, ...regime } = TRANSFORMER_REGIME
  return (['A', 'B'] as const).map((n) => ({ name: n, config: parseConfig({ organism: p.organism, ...regime, promptsPerStep: p.promptsPerStep, ...ARMS[n] }) }))
}

const readPilots = (): Pilot[] => readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')).pilot as Pilot)

const [command = 'doc', ...rest] = process.argv.slice(2)
const { values } = parseArgs({ args: rest, options: {
  label: { type: 'string' }, organism: { type: 'string', default: 'qwen-math-7b-gap-like' },
  seeds: { type: 'string', default: '10-17' }, prompts: { type: 'string' }, note: { type: 'string', default: '' },
  write: { type: 'boolean', default: false },
} })

if (command === 'run') {
  if (!values.label) throw new Error('--label: name the pilot (e.g. P0)')
  const [lo, hi] = values.seeds!.split('-').map(Number)
  const seeds = Array.from({ length: (hi ?? lo) - lo + 1 }, (_, i) => lo + i)
  if (seeds.some((s) => s >= 100)) throw new Error('--seeds: pilots use seeds below 100 (100-107 and 200 onwards are verdict seeds)')
  const pilot: Pilot = { label: values.label, organism: values.organism!, seeds, promptsPerStep: Number(values.prompts ?? TRANSFORMER_REGIME.promptsPerStep), note: values.note! }
  const name = `pilot ${pilot.label}`
  const res = await runArms(name, armPlans(pilot), seeds)
  mkdirSync(DIR, { recursive: true })
  // The shape publish-runs reads (ablation, engine, backend, runs.list, hypotheses), plus the settings.
  // suite: false: no ablation file reads these runs, so the suite's spot checks do not draw them.
  const report = { ablation: name, engineVersion: ENGINE_VERSION, backend: await initBackend(), suite: false, runs: { trained: res.trained, cached: res.cached, total: res.total, list: res.list }, hypotheses: [], pilot }
  writeFileSync(join(DIR, `${slugify(name)}.json`), `${JSON.stringify(report, null, 1)}\n`)
  console.log(render(pilot, res))
} else if (command === 'publish') {
  const s = publishRuns({ reportDir: DIR })
  console.log(`published ${s.ablations.map((a) => `${a.ablation} (${a.runs} runs)`).join(', ')}; ${s.written} records written, ${s.kept} kept`)
} else if (command === 'doc') {
  const blocks: string[] = []
  const diffs: { p: Pilot; code: number[]; acc: number[] }[] = []
  for (const p of readPilots()) {
    const res = await runArms(`pilot ${p.label}`, armPlans(p), p.seeds)
    blocks.push(render(p, res))
    diffs.push({ p, ...contrasts(res) })
  }
  // Each later pilot against the first on the same seeds: is its B - A spread narrower?
  const [ref, ...others] = diffs
  const cmp = others.filter((o) => o.p.seeds.join() === ref.p.seeds.join()).map((o) => {
    const line = (k: 'code' | 'acc', what: string) => {
      const t = varianceRatioTest(ref[k], o[k])
      return `${what}: sd ${sampleStd(o[k]).toFixed(3)} vs ${sampleStd(ref[k]).toFixed(3)}, |dz| ${Math.abs(mean(o[k]) / sampleStd(o[k])).toFixed(2)} vs ${Math.abs(mean(ref[k]) / sampleStd(ref[k])).toFixed(2)} (variance ratio ${t.ratio.toFixed(2)}, one-sided F test p ${t.p.toFixed(2)})`
    }
    return `- ${o.p.label} against ${ref.p.label}, B - A ${line('code', 'code rate')}; ${line('acc', 'accuracy')}.`
  })
  if (cmp.length) blocks.push(`Spread of the paired contrast, each pilot against ${ref.p.label} on the same seeds:\n\n${cmp.join('\n')}`)
  const text = `Generated by \`npx tsx scripts/pilot-spread.ts doc --write\` from the pilots' run records (reports/pilots, published in reports/runs).\n\n${blocks.join('\n\n')}`
  if (values.write) {
    writeBlock(DOC, ...MARK, text)
    console.log(`wrote ${DOC}`)
  } else console.log(text)
} else throw new Error(`unknown command '${command}': run, publish or doc`)

function contrasts(res: ArmRuns): { code: number[]; acc: number[] } {
  const end = (n: string, k: string) => (res.runs.get(n) ?? []).map(({ record }) => record.evals.at(-1)!.metrics[k])
  const d = (k: string) => end('B', k).map((b, i) => b - end('A', k)[i])
  return { code: d('eval/mode_rate/code'), acc: d('eval/accuracy') }
}

function render(p: Pilot, res: ArmRuns): string {
  const f = (x: number) => x.toFixed(3)
  const col = (n: string, k: string, at: 'start' | 'end') => (res.runs.get(n) ?? []).map(({ record }) => (at === 'end' ? record.evals.at(-1)! : record.evals[0]).metrics[k])
  const rows: string[] = []
  const v: Record<string, Record<string, number[]>> = {}
  for (const n of ['A', 'B']) {
    v[n] = { code: col(n, 'eval/mode_rate/code', 'end'), acc: col(n, 'eval/accuracy', 'end') }
    rows.push(`| ${n} code rate | ${v[n].code.map(f).join(' | ')} | ${f(mean(v[n].code))} | ${f(sampleStd(v[n].code))} | |`)
    rows.push(`| ${n} accuracy | ${v[n].acc.map(f).join(' | ')} | ${f(mean(v[n].acc))} | ${f(sampleStd(v[n].acc))} | |`)
  }
  const diffs = contrasts(res)
  for (const [k, what] of [['code', 'code rate'], ['acc', 'accuracy']] as const) {
    const d = diffs[k]
    rows.push(`| **B - A ${what}** | ${d.map(f).join(' | ')} | **${f(mean(d))}** | **${f(sampleStd(d))}** | **${(mean(d) / sampleStd(d)).toFixed(2)}** |`)
  }
  const records = [...res.runs.values()].flat().map((r) => r.record)
  const cpu = records.reduce((s, r) => s + (r.cpuSeconds ?? NaN), 0)
  const start = col('A', 'eval/mode_rate/code', 'start')[0], acc0 = col('A', 'eval/accuracy', 'start')[0]
  return [
    `**Pilot ${p.label}**: ${p.organism}, ${p.promptsPerStep} prompts x G ${TRANSFORMER_REGIME.numGenerations} a step, seeds ${p.seeds[0]}-${p.seeds.at(-1)}; before RL: code rate ${f(start)}, accuracy ${f(acc0)}; ${records.length} runs, ${(cpu / 60).toFixed(1)} CPU-minutes (${(cpu / records.length).toFixed(0)} s a run).${p.note ? ` ${p.note}` : ''}`,
    '',
    `| after 50 steps | ${p.seeds.map((s) => `seed ${s}`).join(' | ')} | mean | sd | dz |`,
    `|---|${p.seeds.map(() => '---:').join('|')}|---:|---:|---:|`,
    ...rows,
  ].join('\n')
}
