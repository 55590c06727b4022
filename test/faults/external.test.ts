// Fault injection on external runs (issue 14, item 7): nothing the readers notice is silent, two runs
// with one seed never merge, impossible values are rejected where they sit, non-finite values are
// named with their file, run and step.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { collectAblation } from '../../src/dsl/collect-ablation.js'
import { judge } from '../../src/dsl/judge.js'
import { arm, expectArm, hypothesis } from '../../src/dsl/index.js'
import { readExternalRuns, type ExternalSource } from '../../src/external/index.js'
import { buildAblationReport } from '../../src/report/json-report.js'
import { renderAblation } from '../../src/report/render.js'
import type { HypothesisResult } from '../../src/report/types.js'
import { failure } from '../helpers/external.js'

const dirs: string[] = []
/** Files in a fresh directory; returns their absolute paths. */
function files(content: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'rlvr-faults-'))
  dirs.push(dir)
  return Object.entries(content).map(([rel, text]) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true })
    writeFileSync(join(dir, rel), text)
    return join(dir, rel)
  })
}
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

const jsonl = (...rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n'
const readAt = (paths: string[], opts: Omit<ExternalSource, 'files'> = {}) => readExternalRuns({ files: paths, ...opts }, { cwd: '/', arm: 'treated' })

/** A TRL-like run: eval accuracy at 0 and 2, reward at 1 and 2. */
const trlRun = (seed: number, acc: number, extra: Record<string, unknown> = {}) => jsonl(
  { eval_loss: 0.1, 'eval_rewards/accuracy_reward/mean': 0.4, step: 0 },
  { reward: 0.3 + acc / 10, entropy: 0.5, ...extra, step: 1 },
  { reward: 0.4 + acc / 10, entropy: 0.4, step: 2 },
  { eval_loss: 0.1, 'eval_rewards/accuracy_reward/mean': acc + seed / 100, step: 2 },
)

describe("the readers' warnings reach the table and the JSON report", () => {
  it('NaN dropped, merged (re-logged) steps, a shadowed default and a column missing from one run are shown under the table and stored', async () => {
    const treated = files({
      // NaN in entropy at step 1; step 2's reward logged twice (a resumed run, read with onDuplicateStep: 'last').
      'treated/seed0.jsonl': trlRun(0, 0.7, { entropy: NaN }).replace('"entropy":null', '"entropy":NaN') + jsonl({ reward: 0.45, step: 2 }),
      'treated/seed1.jsonl': trlRun(1, 0.72),
    })
    // verl-style names: acc and reward both default names for eval/accuracy (acc wins, reward shadowed);
    // the CSV of seed 1 has no actor/entropy column.
    const control = files({
      'control/seed0.csv': 'step,val-core/gsm8k/acc/mean@1,val-core/gsm8k/reward/mean@1,critic/score/mean,actor/entropy\n0,0.4,0.41,,\n1,,,0.3,0.5\n2,0.5,0.52,0.35,0.45\n',
      'control/seed1.csv': 'step,val-core/gsm8k/acc/mean@1,val-core/gsm8k/reward/mean@1,critic/score/mean\n0,0.4,0.41,\n1,,,0.31\n2,0.52,0.5,0.36\n',
    })
    const def = collectAblation('faults: warnings', {}, () => {
      const t = arm.fromRuns('treated', treated, { onDuplicateStep: 'last' })
      const c = arm.fromRuns('control', control)
      hypothesis('treated beats control', () => expectArm(t).on('accuracy').toBeGreaterThan(c))
    })
    const results = [...(await judge(def)).values()] as HypothesisResult[]
    expect(results[0]).not.toBeInstanceOf(Error)
    const [t, c] = results[0].arms
    expect(t.warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/^'entropy' is NaN on some rows: treated as not logged there .*\[.*treated\/seed0\.jsonl:2\]$/),
      expect.stringMatching(/^1 value\(s\) logged twice for the same step: kept the later ones \(onDuplicateStep: 'last'\) \[.*seed0\.jsonl\]$/),
    ]))
    expect(c.warnings).toEqual(expect.arrayContaining([
      expect.stringContaining("'eval/accuracy' is read from 'val-core/gsm8k/acc/mean@1'; 'val-core/gsm8k/reward/mean@1' (also a default name for it) is kept under its own name"),
      expect.stringMatching(/^'policy\/entropy' is missing from seed 1 \(logged by the 1 other run\(s\) of the arm\): a hypothesis on it fails for that run \[.*control\/seed1\.csv\]$/),
    ]))
    const text = renderAblation({ ablation: def.name, results }, { color: false, timings: false })
    const under = text.slice(text.indexOf("arm 'treated': read 2 runs"))
    for (const w of [...t.warnings!, ...c.warnings!]) expect(under).toContain(`    warning: ${w}`)
    const json = JSON.parse(JSON.stringify(buildAblationReport({ ablation: def.name, results }, '2026-12-05T00:00:00Z')))
    expect(json.hypotheses[0].arms.map((a: { warnings: string[] }) => a.warnings)).toEqual([t.warnings, c.warnings])
  })

  it('a mean over a sparse window says which steps each seed used, in the table and the JSON', async () => {
    const sparse = (seed: number, v: number) => jsonl({ step: 0, 'eval/accuracy': 0.4 }, { step: 5, reward: v }, { step: 10, reward: v + 0.1 + seed / 100, 'eval/accuracy': 0.5 })
    const a = files({ 'a/seed0.jsonl': sparse(0, 0.5), 'a/seed1.jsonl': sparse(1, 0.52), 'a/seed2.jsonl': sparse(2, 0.49) })
    const def = collectAblation('faults: sparse', {}, () => {
      const A = arm.fromRuns('A', a)
      hypothesis('reward is above 0.3 over steps 1-10', () => expectArm(A).on('reward', { meanOverSteps: [1, 10] }).toBeAbove(0.3))
    })
    const [r] = [...(await judge(def)).values()] as HypothesisResult[]
    expect(r.arms[0].stepsUsed).toEqual([[5, 10], [5, 10], [5, 10]])
    // seed s logs v at step 5 and v + 0.1 + s/100 at step 10.
    ;[0.55, 0.575, 0.55].forEach((v, i) => expect(r.arms[0].values[i]).toBeCloseTo(v, 12))
    expect(renderAblation({ ablation: def.name, results: [r] }, { color: false, timings: false }))
      .toContain("reward is above 0.3 over steps 1-10 · reward (mean steps 1-10) · arm 'A': averages the logged steps 5, 10 (every seed)")
  })
})

describe('a duplicate seed in an arm is an error, whatever onDuplicateStep says', () => {
  // Two runs with seed 0 in one table, one after the other, and no run column to tell them apart.
  const table = 'seed,step,eval/accuracy,train/reward\n0,0,0.4,\n0,1,,0.5\n0,2,0.6,0.55\n1,0,0.41,\n1,1,,0.52\n1,2,0.62,0.56\n0,0,0.4,\n0,1,,0.3\n0,2,0.45,0.35\n'
  for (const onDuplicateStep of ['error', 'last'] as const) {
    it(`in a table, under onDuplicateStep: '${onDuplicateStep}'`, () => {
      const e = failure(() => readAt(files({ 'runs.csv': table }), { onDuplicateStep }))
      expect(e).toMatchObject({ kind: 'duplicate-seed', line: 8, field: 'step' })
      expect(e.message).toMatch(/seed 0 holds two runs: its steps start again at 0 \(.*runs\.csv:8\) after reaching 2 \(.*runs\.csv:4\)/)
      expect(e.hint).toContain('onDuplicateStep does not apply')
    })
    it(`in one file per seed, concatenated, under onDuplicateStep: '${onDuplicateStep}'`, () => {
      const run = jsonl({ step: 0, 'eval/accuracy': 0.4 }, { step: 1, reward: 0.5 }, { step: 2, reward: 0.6, 'eval/accuracy': 0.6 })
      const e = failure(() => readAt(files({ 'seed3.jsonl': run + run.replace('0.6}', '0.7}') }), { onDuplicateStep }))
      expect(e.kind).toBe('duplicate-seed')
      expect(e.message).toContain('seed 3 holds two runs: its steps start again at 0')
    })
  }
  it('through arm.fromRuns: a collection error, so the comparison never silently turns unpaired', () => {
    const paths = files({ 'runs.csv': table })
    expect(() => collectAblation('faults: dup', {}, () => {
      const a = arm.fromRuns('a', paths, { onDuplicateStep: 'last' })
      hypothesis('h', () => expectArm(a).on('accuracy').toIncrease())
    })).toThrow(/^✖ seed 0 holds two runs[\s\S]*arm 'a'/)
  })
  it('a resumed run (steps start again after its checkpoint, not at its first step) is still one run', () => {
    const resumed = jsonl({ step: 0, 'eval/accuracy': 0.4 }, { step: 1, reward: 0.5 }, { step: 2, reward: 0.55 }, { step: 3, reward: 0.6 }, { step: 2, reward: 0.56 }, { step: 3, reward: 0.61 }, { step: 4, reward: 0.62, 'eval/accuracy': 0.6 })
    const got = readAt(files({ 'seed0.jsonl': resumed }), { onDuplicateStep: 'last' })
    expect(got.runs[0].record.history.map((h) => h['reward/mean'])).toEqual([0.5, 0.56, 0.61, 0.62])
  })
})

describe("values outside a metric's declared range are rejected with file, run and step", () => {
  const cases: [string, string, string, number, RegExp][] = [
    ['an accuracy of 1e308', 'eval_rewards/accuracy_reward/mean', 'eval/accuracy', 1e308, /is 1e\+308 at step 2 of seed 0: outside the range of 'accuracy', \[0, 1\]/],
    ['an accuracy logged in percent', 'eval_rewards/accuracy_reward/mean', 'eval/accuracy', 75, /is 75 at step 2 of seed 0: outside the range of 'accuracy'/],
    ['an infinite accuracy', 'eval_rewards/accuracy_reward/mean', 'eval/accuracy', Infinity, /is Infinity at step 2 of seed 0/],
    ['a clip fraction above 1', 'clip_ratio/region_mean', 'loss/clip_frac', 1.5, /is 1\.5 at step 2 of seed 0: outside the range of 'clip_frac'/],
    ['a negative rollout length', 'completions/mean_length', 'train/mean_length', -3, /is -3 at step 2 of seed 0: outside the range of 'rollout_length', \[0, Infinity\]/],
  ]
  for (const [what, field, key, value, message] of cases) {
    it(what, () => {
      const text = jsonl({ step: 0, 'eval_rewards/accuracy_reward/mean': 0.4 }, { step: 1, reward: 0.5 }, { step: 2, reward: 0.6, [field]: value }).replace('1e999', 'Infinity').replace('null', 'Infinity')
      const [path] = files({ 'seed0.jsonl': text })
      const e = failure(() => readAt([path]))
      expect(e).toMatchObject({ kind: 'out-of-range', file: path.slice(1), line: 3, field, value })
      expect(e.message).toMatch(message)
      expect(e.message).toContain(`(read as '${key}')`)
      if (key === 'eval/accuracy') expect(e.hint).toContain('a percentage (75 for 75%) must be divided by 100')
    })
  }
  it('names the run where the file holds several (a W&B panel export)', () => {
    const [path] = files({ 'panel.csv': '"Step","r-seed0 - eval/accuracy","r-seed1 - eval/accuracy"\n0,0.4,0.41\n5,0.6,61\n' })
    const e = failure(() => readAt([path]))
    expect(e).toMatchObject({ kind: 'out-of-range', line: 3, where: "run 'r-seed1'" })
    expect(e.message).toContain("is 61 at step 5 of seed 1 (run 'r-seed1')")
  })
})

describe('non-finite values name file, run and step', () => {
  const [path] = files({ 'runs/seed4.jsonl': '{"step": 0, "eval/accuracy": 0.4}\n{"step": 1, "grad_norm": 0.5, "reward": 0.5}\n{"step": 2, "grad_norm": Infinity, "reward": 0.6}\n{"step": 2, "eval/accuracy": 0.6}\n' })
  const [other] = files({ 'runs/seed5.jsonl': '{"step": 0, "eval/accuracy": 0.4}\n{"step": 1, "grad_norm": 0.4, "reward": 0.5}\n{"step": 2, "grad_norm": 0.3, "reward": 0.6}\n{"step": 2, "eval/accuracy": 0.6}\n' })

  it('an infinite grad norm (an fp16 overflow) is kept, with a warning naming the run and step', () => {
    const got = readAt([path, other])
    expect(got.warnings).toContain(`'grad_norm' is Infinity at ${path.slice(1)}:3 (seed 4, step 2): kept as logged; a hypothesis that reads it there fails [${path.slice(1)}]`)
  })

  it('a hypothesis that reads it fails naming the seed, the step and the file', async () => {
    const def = collectAblation('faults: inf', {}, () => {
      const A = arm.fromRuns('A', [path, other])
      hypothesis('grad norm stays below 1', () => expectArm(A).on('grad_norm').toBeBelow(1))
      hypothesis('custom', () => expectArm(A).on((run) => run.history.at(-1)!['grad/norm'] * 0).toBeBelow(1))
    })
    const [named, custom] = [...(await judge(def)).values()]
    expect(named).toBeInstanceOf(Error)
    const rel = relative(process.cwd(), path)
    expect(String(named)).toContain(`metric grad_norm (grad/norm) is Infinity for seed 4 at step 2, read from ${rel}: the run logged a non-finite value there`)
    expect(String(custom)).toContain(`is NaN for seed 4, read from ${rel}; a custom metric must return a finite number`)
  })
})
