// External runs: TRL / verl logs, a tracker CSV, trainer_state.json and the project's own JSON report
// read into RunRecords the DSL can test. Fixtures: test/fixtures/external (README.md cites where
// every field name comes from; generate.mjs rebuilds them).
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { RunRecord } from '../src/engine/trainer.js'
import { METRICS, metricDef, readInitial, readMetric, type MetricAt } from '../src/metrics/registry.js'
import { DEFAULT_METRIC_MAP, externalSource, isExternalRecord, parseCsv, readExternalRuns, type ExternalSource } from '../src/external/index.js'
import { pairedTTest } from '../src/stats/index.js'
import { failure, finalAccuracy, initialAccuracy, removeScratch, scratch } from './helpers/external.js'

afterAll(removeScratch)

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/external')
const read = (src: ExternalSource | string | string[], arm = 'arm') =>
  readExternalRuns(typeof src === 'string' || Array.isArray(src) ? { files: src } : src, { cwd: FIXTURES, arm })
const jsonLines = (rel: string) => readFileSync(join(FIXTURES, rel), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)



const jsonl = (...rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n'

describe('TRL GRPOTrainer logs (JSON Lines)', () => {
  const verifier = read('trl/verifier/*.jsonl')
  const random = read('trl/random/*.jsonl')

  it('finds one run per file, seeds from the file names, in seed order', () => {
    expect(verifier.files).toEqual([0, 1, 2, 3].map((s) => `trl/verifier/seed${s}.jsonl`))
    expect(verifier.runs.map((r) => r.seed)).toEqual([0, 1, 2, 3])
    expect(verifier.runs.map((r) => r.file)).toEqual(verifier.files)
    expect(verifier.warnings).toEqual([])
  })

  it('puts each logged value under its internal key, at its step', () => {
    const lines = jsonLines('trl/verifier/seed2.jsonl')
    const run = verifier.runs[2].record
    expect(run.history).toHaveLength(10)
    expect(verifier.runs[2].steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    for (const line of lines.filter((l) => 'loss' in l)) {
      const h = run.history[(line.step as number) - 1]
      expect(h['reward/mean']).toBe(line.reward)
      expect(h['train/accuracy']).toBe(line['rewards/accuracy_reward/mean'])
      expect(h['policy/entropy']).toBe(line.entropy)
      expect(h['loss/clip_frac']).toBe(line['clip_ratio/region_mean'])
      expect(h['loss/clip_frac_low']).toBe(line['clip_ratio/low_mean'])
      expect(h['loss/clip_frac_high']).toBe(line['clip_ratio/high_mean'])
      expect(h['grad/norm']).toBe(line.grad_norm)
      expect(h['train/mean_length']).toBe(line['completions/mean_length'])
      // Unmapped fields stay under their own names, for custom metrics.
      expect(h.loss).toBe(line.loss)
      expect(h.learning_rate).toBe(line.learning_rate)
      expect(h.reward_std).toBe(line.reward_std)
      expect(h).not.toHaveProperty('step')
    }
    const evalLines = lines.filter((l) => 'eval_loss' in l)
    expect(run.evals.map((e) => e.step)).toEqual([0, 5, 10])
    run.evals.forEach((e, i) => {
      expect(e.metrics['eval/accuracy']).toBe(evalLines[i]['eval_rewards/accuracy_reward/mean'])
      expect(e.metrics['eval/mean_length']).toBe(evalLines[i]['eval_completions/mean_length'])
      expect(e.metrics.eval_reward).toBe(evalLines[i].eval_reward) // unmapped, named like an evaluation
    })
    // The Trainer's closing summary shares the last step.
    expect(run.history[9].train_runtime).toBeGreaterThan(0)
  })

  it('marks the records as external', () => {
    const r = verifier.runs[0].record
    expect(r.backend).toBe('external')
    expect(r.engineVersion).toBe('external')
    expect(isExternalRecord(r)).toBe(true)
    expect(externalSource(r)).toMatchObject({ format: 'jsonl', file: 'trl/verifier/seed0.jsonl', arm: 'arm' })
    expect(externalSource(r)!.metrics).toMatchObject({ reward: 'reward/mean', 'eval_rewards/accuracy_reward/mean': 'eval/accuracy' })
  })

  it('the random-reward arm: accuracy logged by a zero-weight reward function, the reward is the random one', () => {
    const run = random.runs[0].record
    const line = jsonLines('trl/random/seed0.jsonl').find((l) => l.step === 3 && 'loss' in l)!
    expect(run.history[2]['reward/mean']).toBe(line['rewards/random_reward/mean'])
    expect(run.history[2]['train/accuracy']).toBe(line['rewards/accuracy_reward/mean'])
    expect(run.history[2]['rewards/random_reward/mean']).toBe(line['rewards/random_reward/mean'])
  })

  it('the DSL reads them: final accuracy, step-0 accuracy, a custom metric over an unmapped field', () => {
    expect(verifier.runs.map((r) => finalAccuracy(r.record))).toEqual([0.7668, 0.7344, 0.7362, 0.7749])
    expect(random.runs.map((r) => finalAccuracy(r.record))).toEqual([0.5492, 0.5591, 0.5775, 0.5774])
    expect(verifier.runs.map((r) => initialAccuracy(r.record))).toEqual([0.4939, 0.4891, 0.4818, 0.4871])
    expect(readMetric(verifier.runs[0].record, 'accuracy', METRICS.accuracy, { step: 5 })).toBe(0.7186)
    expect(readMetric(verifier.runs[0].record, 'entropy', METRICS.entropy, { meanOverSteps: [9, 10] })).toBeCloseTo(0.30, 1)
    const custom = (run: RunRecord) => run.history.at(-1)!.learning_rate
    expect(custom(verifier.runs[0].record)).toBe(1e-7)
  })
})

describe('transformers trainer_state.json (TRL checkpoint)', () => {
  it('reads log_history like the JSON Lines of the same run; the seed comes from the path', () => {
    const state = read('trl/trainer-state/**/trainer_state.json')
    expect(state.files).toEqual(['trl/trainer-state/seed0/checkpoint-10/trainer_state.json'])
    expect(state.runs.map((r) => r.seed)).toEqual([0])
    const lines = read('trl/verifier/seed0.jsonl').runs[0].record
    expect(state.runs[0].record.history).toEqual(lines.history)
    expect(state.runs[0].record.evals).toEqual(lines.evals)
    expect(externalSource(state.runs[0].record)!.format).toBe('hf-trainer-state')
  })
})

describe('verl file logger (JSON Lines of {"step", "data"})', () => {
  const verifier = read('verl/verifier/*.jsonl')
  const random = read('verl/random/*.jsonl')

  it('unwraps data, maps verl names, keeps the rest under their own names', () => {
    expect(verifier.runs.map((r) => r.seed)).toEqual([0, 1, 2, 3])
    expect(verifier.warnings).toEqual([])
    const lines = jsonLines('verl/verifier/seed1.jsonl')
    const run = verifier.runs[1].record
    for (const { step, data } of lines as { step: number; data: Record<string, number> }[]) {
      if (step === 0) continue
      const h = run.history[step - 1]
      expect(h['reward/mean']).toBe(data['critic/score/mean'])
      expect(h['policy/entropy']).toBe(data['actor/entropy'])
      expect(h['loss/clip_frac']).toBe(data['actor/pg_clipfrac'])
      expect(h['policy/approx_kl']).toBe(data['actor/ppo_kl'])
      expect(h['policy/kl_ref']).toBe(data['actor/kl_loss'])
      expect(h['grad/norm']).toBe(data['actor/grad_norm'])
      expect(h['train/mean_length']).toBe(data['response_length/mean'])
      // The dual-clip fraction is not the low-side clip fraction: kept under its own name.
      expect(h['actor/pg_clipfrac_lower']).toBe(data['actor/pg_clipfrac_lower'])
      expect(h).not.toHaveProperty('loss/clip_frac_low')
      expect(h['critic/rewards/mean']).toBe(data['critic/rewards/mean'])
      // The step counters are the reader's, not metrics.
      expect(h).not.toHaveProperty('training/global_step')
    }
    const vals = lines.filter((l) => 'val-core/openai/gsm8k/acc/mean@1' in (l.data as object)) as { step: number; data: Record<string, number> }[]
    expect(run.evals.map((e) => e.step)).toEqual(vals.map((v) => v.step))
    expect(run.evals.map((e) => e.step)).toEqual([0, 5, 10])
    run.evals.forEach((e, i) => {
      expect(e.metrics['eval/accuracy']).toBe(vals[i].data['val-core/openai/gsm8k/acc/mean@1'])
      expect(e.metrics['val-aux/openai/gsm8k/reward/mean@1']).toBe(vals[i].data['val-aux/openai/gsm8k/reward/mean@1'])
    })
    expect(run.history[4]).not.toHaveProperty('val-aux/openai/gsm8k/reward/mean@1')
  })

  it('final and pre-RL accuracy per seed', () => {
    expect(verifier.runs.map((r) => finalAccuracy(r.record))).toEqual([0.7396, 0.7607, 0.7559, 0.7456])
    expect(random.runs.map((r) => finalAccuracy(r.record))).toEqual([0.5949, 0.5742, 0.6048, 0.5727])
    expect(random.runs.map((r) => initialAccuracy(r.record))).toEqual([0.4867, 0.4939, 0.4894, 0.4914])
  })
})

describe('tracker CSV (W&B history export of TRL runs, one table per arm)', () => {
  const verifier = read('csv/verifier.csv')
  const random = read('csv/random.csv')

  it('splits the table into runs by its seed column and merges the eval and train rows of a step', () => {
    expect(verifier.files).toEqual(['csv/verifier.csv'])
    expect(verifier.runs.map((r) => r.seed)).toEqual([0, 1, 2, 3])
    expect(verifier.warnings).toEqual([])
    const table = parseCsv(readFileSync(join(FIXTURES, 'csv/verifier.csv'), 'utf8'))
    const col = (name: string) => table.header.indexOf(name)
    const rows = table.records.filter((r) => r.cells[col('seed')] === '3')
    const run = verifier.runs[3].record
    for (const r of rows) {
      const step = Number(r.cells[col('train/global_step')])
      const reward = r.cells[col('train/reward')]
      if (reward !== '') {
        expect(run.history[step - 1]['reward/mean']).toBe(Number(reward))
        expect(run.history[step - 1]['train/accuracy']).toBe(Number(r.cells[col('train/rewards/accuracy_reward/mean')]))
        expect(run.history[step - 1]['policy/entropy']).toBe(Number(r.cells[col('train/entropy')]))
        expect(run.history[step - 1]['loss/clip_frac']).toBe(Number(r.cells[col('train/clip_ratio/region_mean')]))
        expect(run.history[step - 1]['train/mean_length']).toBe(Number(r.cells[col('train/completions/mean_length')]))
      } else {
        const e = run.evals.find((x) => x.step === step)!
        expect(e.metrics['eval/accuracy']).toBe(Number(r.cells[col('eval/rewards/accuracy_reward/mean')]))
        expect(e.metrics['eval/mean_length']).toBe(Number(r.cells[col('eval/completions/mean_length')]))
      }
    }
    expect(run.evals.map((e) => e.step)).toEqual([0, 5, 10])
    // W&B's own counters and clock are not metrics; the run name is the seed's label.
    for (const h of run.history) for (const k of ['_step', '_runtime', 'run', 'seed', 'train/global_step']) expect(h).not.toHaveProperty(k)
  })

  it('final accuracy per seed', () => {
    expect(verifier.runs.map((r) => finalAccuracy(r.record))).toEqual([0.7615, 0.7504, 0.748, 0.747])
    expect(random.runs.map((r) => finalAccuracy(r.record))).toEqual([0.5452, 0.5421, 0.6189, 0.5891])
  })
})

describe('the fixture arms support the claims they were made for, and refute the reverse', () => {
  const level = 0.9
  for (const tool of ['trl', 'verl', 'csv'] as const) {
    it(`${tool}: verifier > random on final accuracy; random still rises; random > verifier refuted`, () => {
      const files = (arm: string) => (tool === 'csv' ? `csv/${arm}.csv` : `${tool}/${arm}/*.jsonl`)
      const v = read(files('verifier')).runs, r = read(files('random')).runs
      expect(v.map((x) => x.seed)).toEqual(r.map((x) => x.seed))
      const fv = v.map((x) => finalAccuracy(x.record)), fr = r.map((x) => finalAccuracy(x.record))
      const greater = pairedTTest(fv, fr, 'greater', { level })
      expect(greater.p).toBeLessThan(0.01)
      expect(greater.diff).toBeGreaterThan(0.1)
      expect(pairedTTest(fr, r.map((x) => initialAccuracy(x.record)), 'greater', { level }).p).toBeLessThan(0.05)
      expect(pairedTTest(fr, fv, 'greater', { level }).p).toBeGreaterThan(0.99)
    })
  }
})

describe("the project's JSON report (rlvr-json) round-trips", () => {
  const reports = ['claims-verifier-reward-beyond-its-controls-linear.json', 'example-clipping-amplifies-the-prior-under-random-reward-linear.json']
  for (const name of reports) {
    const report = JSON.parse(readFileSync(join(FIXTURES, 'rlvr', name), 'utf8')) as {
      hypotheses: { hypothesis: string; metric: string; comparison: string; test: { p: number }; arms: { name: string; values: number[]; seeds: number[]; curve?: { mean: number[] } }[] }[]
    }
    it(`${name}: every arm's per-seed values read back, and the tests give the report's p`, () => {
      for (const h of report.hypotheses) {
        const [, metric, where] = /^(.*) \((.*)\)$/.exec(h.metric)!
        const at: MetricAt = where === 'final' ? { final: true } : { step: Number(where.replace('step ', '')) }
        const runsOf = h.arms.map((a) => {
          const got = read({ files: `rlvr/${name}`, reportArm: a.name }, 'regated')
          expect(got.runs.map((r) => r.seed)).toEqual(a.seeds)
          const values = got.runs.map((r) => readMetric(r.record, metric, metricDef(metric)!, at))
          expect(values).toEqual(a.values)
          return got.runs
        })
        const values = runsOf.map((runs) => runs.map((r) => readMetric(r.record, metric, metricDef(metric)!, at)))
        if (h.comparison === 'greater') expect(pairedTTest(values[0], values[1], 'greater', { level: 0.9 }).p).toBe(h.test.p)
        if (h.comparison === 'increase') {
          const initial = runsOf[0].map((r) => readInitial(r.record, metric, metricDef(metric)!))
          expect(initial).toEqual(initial.map(() => h.arms[0].curve!.mean[0]))
          expect(pairedTTest(values[0], initial, 'greater', { level: 0.9 }).p).toBe(h.test.p)
        }
      }
    })
  }

  it('an arm the report does not have is an error listing the ones it has', () => {
    const e = failure(() => read({ files: 'rlvr/claims-verifier-reward-beyond-its-controls-linear.json', reportArm: 'verfier' }))
    expect(e.kind).toBe('report')
    expect(e.message).toContain("no arm 'verfier'")
    expect(e.message).toContain("'verifier', 'verifier → random-reward'")
  })

  it('the reportArm defaults to the arm being declared', () => {
    const got = readExternalRuns({ files: 'rlvr/claims-verifier-reward-beyond-its-controls-linear.json' }, { cwd: FIXTURES, arm: 'verifier' })
    expect(got.runs).toHaveLength(8)
    expect(externalSource(got.runs[0].record)!.report).toMatchObject({ backend: 'wasm', engineVersion: '0.1.0', arm: 'verifier' })
  })
})

describe('errors name the arm, file, line and field, and say how to fix it', () => {
  const train = (step: number, extra: object = {}) => ({ reward: 0.5, entropy: 0.4, step, ...extra })
  const evalRow = (step: number, acc: number) => ({ 'eval_rewards/accuracy_reward/mean': acc, step })

  it('a pattern that matches no file', () => {
    const e = failure(() => read('trl/verifer/*.jsonl'))
    expect(e).toMatchObject({ code: 'RLVR_EXTERNAL_RUNS', kind: 'no-match', file: 'trl/verifer/*.jsonl', arm: 'arm' })
    expect(e.message).toContain("no file matches 'trl/verifer/*.jsonl'")
    expect(e.message).toContain(FIXTURES)
    const missing = failure(() => read(['trl/verifier/seed0.jsonl', 'trl/verifier/seed9.jsonl']))
    expect(missing.message).toContain("file 'trl/verifier/seed9.jsonl' not found")
    expect(failure(() => read('trl/verifier')).hint).toBe("match the files in it, e.g. 'trl/verifier/*.jsonl'")
  })

  it('malformed JSON: file and line', () => {
    const r = scratch({ 'runs/seed0.jsonl': `${JSON.stringify(train(1))}\n{"reward": 0.5, "step": 2\n${JSON.stringify(train(3))}\n` })
    const e = failure(() => r())
    expect(e).toMatchObject({ kind: 'malformed', file: 'runs/seed0.jsonl', line: 2 })
    expect(e.message).toContain('runs/seed0.jsonl:2')
    const cut = failure(scratch({ 'seed0.jsonl': `${JSON.stringify(train(1))}\n{"reward": 0.` }))
    expect(cut.line).toBe(2)
    expect(cut.hint).toContain('cut off')
  })

  it('a non-numeric value: file, line, field and the value', () => {
    const r = scratch({ 'seed0.jsonl': jsonl(evalRow(0, 0.5), train(1), train(2, { entropy: 'high' }), train(3)) })
    const e = failure(() => r())
    expect(e).toMatchObject({ kind: 'non-numeric', file: 'seed0.jsonl', line: 3, field: 'entropy', value: 'high' })
    expect(e.message).toContain(`non-numeric value "high" for 'entropy' (read as 'policy/entropy')`)
    expect(e.message).toContain('seed0.jsonl:3')
  })

  it('a non-numeric CSV cell: the line counts the header', () => {
    const csv = 'seed,step,train/reward\n0,1,0.5\n0,2,oops\n'
    const e = failure(scratch({ 'runs.csv': csv }))
    expect(e).toMatchObject({ kind: 'non-numeric', file: 'runs.csv', line: 3, field: 'train/reward', value: 'oops' })
  })

  it('a field that mixes numbers and text is an error; a text-only field is ignored with a warning', () => {
    const mixed = failure(scratch({ 'seed0.jsonl': jsonl(train(1, { note: 1 }), train(2, { note: 'two' })) }))
    expect(mixed).toMatchObject({ kind: 'non-numeric', line: 2, field: 'note' })
    const ok = scratch({ 'seed0.jsonl': jsonl(evalRow(0, 0.4), train(1, { run_name: 'a' }), train(2, { run_name: 'a' }), evalRow(2, 0.6)) })()
    expect(ok.warnings).toEqual(['ignored non-numeric fields (not metrics): run_name [seed0.jsonl]'])
    expect(ok.runs[0].record.history[0]).not.toHaveProperty('run_name')
  })

  it('a metric the mapping names but no row has: file and field', () => {
    const r = scratch({ 'seed0.jsonl': jsonl(train(1, { 'eval/math500': 0.5 })), 'seed1.jsonl': jsonl(train(1)) })
    const e = failure(() => r({ metrics: { 'eval/math500': 'eval/accuracy' } }))
    expect(e).toMatchObject({ kind: 'missing-metric', file: 'seed1.jsonl', field: 'eval/math500' })
    expect(e.message).toContain("no row of seed 1 has a value for 'eval/math500' (your metrics mapping names it for 'eval/accuracy')")
    const pattern = failure(() => r({ metrics: { 'val-core/*/acc/mean@*': 'eval/accuracy' } }))
    expect(pattern).toMatchObject({ kind: 'missing-metric', file: 'seed0.jsonl', field: 'val-core/*/acc/mean@*' })
  })

  it('a seed that appears twice: both files', () => {
    const r = scratch({ 'a/seed3.jsonl': jsonl(train(1)), 'b/seed3.jsonl': jsonl(train(1)) })
    const e = failure(() => r())
    expect(e.kind).toBe('duplicate-seed')
    expect(e.message).toContain('seed 3 appears twice: a/seed3.jsonl:1 and b/seed3.jsonl:1')
  })

  it('a seed that appears twice in a table: both runs and lines', () => {
    const csv = 'run,seed,step,train/reward\nalpha,0,1,0.5\nbeta,1,1,0.6\ngamma,0,1,0.7\n'
    const e = failure(scratch({ 'runs.csv': csv }))
    expect(e).toMatchObject({ kind: 'duplicate-seed', file: 'runs.csv', line: 4, field: 'seed' })
    expect(e.message).toContain("seed 0 appears twice: run 'alpha' (runs.csv:2) and run 'gamma' (runs.csv:4)")
  })

  it('the same step logged twice with different values (a resumed run): both lines, or the later with onDuplicateStep', () => {
    const r = scratch({ 'seed0.jsonl': jsonl(train(1), train(2, { reward: 0.6 }), train(2, { reward: 0.7 }), train(3)) })
    const e = failure(() => r())
    expect(e).toMatchObject({ kind: 'duplicate-step', line: 3, field: 'reward' })
    expect(e.message).toContain("step 2 logs 'reward' twice with different values: 0.6 (seed0.jsonl:2) and 0.7 (seed0.jsonl:3)")
    const last = r({ onDuplicateStep: 'last' })
    expect(last.runs[0].record.history[1]['reward/mean']).toBe(0.7)
    expect(last.warnings.some((w) => w.startsWith('1 value(s) logged twice'))).toBe(true)
  })

  it('0-based steps: training metrics at step 0 are an error; stepOffset fixes it', () => {
    const csv = '_step,train/reward,eval/accuracy\n0,0.5,\n1,0.6,0.7\n'
    const r = scratch({ 'seed0.csv': csv })
    const e = failure(() => r())
    expect(e).toMatchObject({ kind: 'bad-step', line: 2, field: 'train/reward' })
    expect(e.hint).toContain('stepOffset: 1')
    const fixed = r({ stepOffset: 1 })
    expect(fixed.runs[0].record.history.map((h) => h['reward/mean'])).toEqual([0.5, 0.6])
    expect(fixed.runs[0].record.evals).toEqual([{ step: 2, metrics: { 'eval/accuracy': 0.7 } }])
  })

  it('no step field, or a step that is not an integer', () => {
    const none = failure(scratch({ 'seed0.jsonl': jsonl({ reward: 0.5, iteration: 1 }) }))
    expect(none.kind).toBe('bad-step')
    expect(none.hint).toContain('set stepField')
    expect(scratch({ 'seed0.jsonl': jsonl({ reward: 0.5, iteration: 1 }) })({ stepField: 'iteration' }).runs[0].record.history).toEqual([{ 'reward/mean': 0.5 }])
    const frac = failure(scratch({ 'seed0.jsonl': jsonl(train(1), train(1.5)) }))
    expect(frac).toMatchObject({ kind: 'bad-step', line: 2, field: 'step', value: 1.5 })
  })

  it('two fields for one key under one default entry (two verl data sources) are ambiguous until one is named', () => {
    const row = (step: number) => ({ step, data: { 'val-core/openai/gsm8k/acc/mean@1': 0.5, 'val-core/math500/acc/mean@1': 0.3 } })
    const r = scratch({ 'seed0.jsonl': jsonl(row(0), { step: 1, data: { 'critic/score/mean': 0.4 } }) })
    const e = failure(() => r())
    expect(e.kind).toBe('ambiguous-mapping')
    expect(e.message).toContain("fields 'val-core/openai/gsm8k/acc/mean@1' and 'val-core/math500/acc/mean@1' all map to 'eval/accuracy' (via the default entry 'val-core/*/acc/mean@*')")
    const named = r({ metrics: { 'val-core/math500/acc/mean@1': 'eval/accuracy' } })
    expect(named.runs[0].record.evals[0].metrics).toEqual({ 'eval/accuracy': 0.3, 'val-core/openai/gsm8k/acc/mean@1': 0.5 })
  })

  it("mapping to the DSL's metric name instead of its key", () => {
    const e = failure(() => read({ files: 'trl/verifier/*.jsonl', metrics: { 'eval_reward': 'accuracy' } }))
    expect(e).toMatchObject({ kind: 'bad-option', field: "metrics['eval_reward']" })
    expect(e.hint).toBe("write metrics: { 'eval_reward': 'eval/accuracy' }")
  })

  it('a format told by content whatever the extension; an unknown .json; malformed CSV', () => {
    expect(scratch({ 'seed0.log': jsonl(train(1)) })().runs).toHaveLength(1)
    expect(scratch({ 'seed0.log': jsonl(train(1)) })({ format: 'jsonl' }).runs).toHaveLength(1)
    expect(failure(scratch({ 'x.json': '{"a": 1}' })).message).toContain('cannot tell the format')
    const quote = failure(scratch({ 'r.csv': 'seed,step,x\n0,1,"open\n0,2,3\n' }))
    expect(quote).toMatchObject({ kind: 'malformed', line: 2 })
    expect(quote.message).toContain('unterminated quoted field')
    const cells = failure(scratch({ 'r.csv': 'seed,step,x\n0,1,3\n0,2\n' }))
    expect(cells).toMatchObject({ kind: 'malformed', line: 3 })
    expect(cells.message).toContain('2 cells, but the header has 3 columns')
  })
})

describe('reading rules', () => {
  it("Python's NaN and Infinity: NaN is not-logged (warned), Infinity is kept", () => {
    const text = '{"step": 0, "eval_rewards/accuracy_reward/mean": 0.4}\n{"reward": NaN, "grad_norm": Infinity, "note": "NaN inside a string", "step": 1}\n{"reward": 0.5, "grad_norm": 1.5, "step": 2}\n'
    const got = scratch({ 'seed0.jsonl': text })()
    expect(got.runs[0].record.history[0]).toEqual({ 'grad/norm': Infinity })
    expect(got.runs[0].record.history[1]).toEqual({ 'reward/mean': 0.5, 'grad/norm': 1.5 })
    expect(got.warnings).toContain("'reward' is NaN on some rows: treated as not logged there (first NaN of each file listed) [seed0.jsonl:2]")
    expect(got.warnings).toContain("'grad_norm' is Infinity at seed0.jsonl:2 (seed 0, step 1): kept as logged; a hypothesis that reads it there fails [seed0.jsonl]")
    expect(got.warnings).toContain('ignored non-numeric fields (not metrics): note [seed0.jsonl]')
  })

  it('steps logged sparsely: history is indexed by step, {} where nothing was logged', () => {
    const got = scratch({ 'seed0.jsonl': jsonl({ step: 0, 'eval/accuracy': 0.4 }, { step: 10, reward: 0.5 }, { step: 20, reward: 0.6, 'eval/accuracy': 0.6 }) })()
    const run = got.runs[0]
    expect(run.steps).toEqual([10, 20])
    expect(run.record.history).toHaveLength(20)
    expect(run.record.history[9]).toEqual({ 'reward/mean': 0.5 })
    expect(run.record.history[0]).toEqual({})
    expect(readMetric(run.record, 'reward', METRICS.reward, { step: 20 })).toBe(0.6)
    expect(() => readMetric(run.record, 'reward', METRICS.reward, { step: 5 })).toThrow(/not recorded/)
    expect(got.warnings[0]).toMatch(/^training metrics logged at 2 of steps 1\.\.20 \(10, 20\)/)
  })

  it('a metric logged at some steps only keeps the entries it has', () => {
    const got = scratch({ 'seed0.jsonl': jsonl({ step: 0, 'eval/accuracy': 0.4 }, { step: 1, reward: 0.5 }, { step: 2, reward: 0.6, kl: 0.01 }) })()
    expect(got.runs[0].record.history).toEqual([{ 'reward/mean': 0.5 }, { 'reward/mean': 0.6, 'policy/kl_ref': 0.01 }])
  })

  it('warns when there is no pre-RL evaluation, or no accuracy', () => {
    const noZero = scratch({ 'seed0.jsonl': jsonl({ step: 1, reward: 0.5, 'eval/accuracy': 0.5 }) })()
    expect(noZero.warnings.some((w) => w.startsWith('no evaluation at step 0 (before RL), the first is at step 1'))).toBe(true)
    const noAcc = scratch({ 'seed0.jsonl': jsonl({ step: 0, eval_reward: 0.4 }, { step: 1, reward: 0.5, eval_reward: 0.5 }) })()
    expect(noAcc.warnings.some((w) => w.includes("no field maps to eval/accuracy") && w.includes("map one: metrics: { 'eval_reward': 'eval/accuracy' }"))).toBe(true)
  })

  it('defaults: an earlier entry wins for a key (verl acc over reward); a user entry switches the defaults for its key off', () => {
    const row = { step: 0, data: { 'val-core/gsm8k/acc/mean@1': 0.5, 'val-core/gsm8k/reward/mean@1': 0.45 } }
    const r = scratch({ 'seed0.jsonl': jsonl(row, { step: 1, data: { 'critic/score/mean': 0.4 } }) })
    const d = r()
    expect(d.runs[0].record.evals[0].metrics).toEqual({ 'eval/accuracy': 0.5, 'val-core/gsm8k/reward/mean@1': 0.45 })
    expect(d.warnings[0]).toContain("'eval/accuracy' is read from 'val-core/gsm8k/acc/mean@1'; 'val-core/gsm8k/reward/mean@1' (also a default name for it) is kept under its own name")
    const u = r({ metrics: { 'val-core/gsm8k/reward/mean@1': 'eval/accuracy' } })
    expect(u.runs[0].record.evals[0].metrics).toEqual({ 'eval/accuracy': 0.45, 'val-core/gsm8k/acc/mean@1': 0.5 })
    expect(u.warnings.filter((w) => w.includes('also a default name'))).toEqual([])
  })

  it('seeds: a run column of names (sorted, warned), file order when names have no seed', () => {
    const csv = 'run,step,train/reward,eval/accuracy\nrun-b,0,,0.4\nrun-b,1,0.5,\nrun-a,0,,0.3\nrun-a,1,0.6,\n'
    const byName = scratch({ 'runs.csv': csv })()
    expect(byName.runs.map((r) => [r.seed, r.record.history[0]['reward/mean']])).toEqual([[0, 0.6], [1, 0.5]])
    expect(byName.warnings[0]).toContain("seeds follow their sorted names ('run-a' -> 0, 'run-b' -> 1)")
    const files = scratch({ 'b.jsonl': jsonl({ step: 0, 'eval/accuracy': 0.2 }), 'a.jsonl': jsonl({ step: 0, 'eval/accuracy': 0.1 }), 'a10.jsonl': jsonl({ step: 0, 'eval/accuracy': 0.3 }), 'a2.jsonl': jsonl({ step: 0, 'eval/accuracy': 0.4 }) })()
    expect(files.files).toEqual(['a.jsonl', 'a2.jsonl', 'a10.jsonl', 'b.jsonl'])
    expect(files.runs.map((r) => [r.seed, r.file])).toEqual([[0, 'a.jsonl'], [1, 'a2.jsonl'], [2, 'a10.jsonl'], [3, 'b.jsonl']])
    expect(files.warnings.some((w) => w.includes("seeds are the files' positions in sorted order"))).toBe(true)
    const field = scratch({ 'x.jsonl': jsonl({ seed: 7, step: 0, 'eval/accuracy': 0.1 }) })()
    expect(field.runs[0].seed).toBe(7)
  })

  it('nested JSON objects are flattened with /', () => {
    const got = scratch({ 'seed0.jsonl': jsonl({ step: 0, eval: { accuracy: 0.4 } }, { step: 1, policy: { entropy: 0.3 } }) })()
    expect(got.runs[0].record.evals[0].metrics).toEqual({ 'eval/accuracy': 0.4 })
    expect(got.runs[0].record.history[0]).toEqual({ 'policy/entropy': 0.3 })
  })
})

describe('parseCsv', () => {
  it('quotes, commas and line breaks inside quotes, CRLF, a BOM; records keep their first line', () => {
    const text = '\ufeffrun,note,x\r\n"a, b","said ""hi""",1\r\n"multi\nline",,2\r\n\r\nc,,3'
    expect(parseCsv(text)).toEqual({
      header: ['run', 'note', 'x'],
      records: [
        { line: 2, cells: ['a, b', 'said "hi"', '1'] },
        { line: 3, cells: ['multi\nline', '', '2'] },
        { line: 6, cells: ['c', '', '3'] },
      ],
    })
  })
})

describe('DEFAULT_METRIC_MAP', () => {
  it('maps only to keys a DSL metric reads', () => {
    const dslKeys = new Set(Object.values(METRICS).map((d) => d.eval ?? d.train))
    for (const [from, to] of Object.entries(DEFAULT_METRIC_MAP)) expect(dslKeys.has(to), `${from} -> ${to}`).toBe(true)
    expect(DEFAULT_METRIC_MAP['actor/pg_clipfrac_lower']).toBeUndefined()
  })
})
