// The logs researchers actually have: W&B panel exports, verl console logs, TensorBoard event
// files, TRL 0.16's key names logged sparsely; each format told by content. Fixtures:
// test/fixtures/external (generate.mjs writes them; the event files by an encoder of its own).
import { crc32c } from '@aws-crypto/crc32c'
import protobuf from 'protobufjs'
import { copyFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { RunRecord } from '../src/engine/trainer.js'
import { METRICS, readMetricSteps } from '../src/metrics/registry.js'
import { externalSource, readExternalRuns, type ExternalSource } from '../src/external/index.js'
import { FORMATS } from '../src/external/formats.js'
import { maskCrc } from '../src/external/tensorboard.js'
import { pairedTTest } from '../src/stats/index.js'
import { failure, finalAccuracy, initialAccuracy, removeScratch, scratch, scratchDirs } from './helpers/external.js'

afterAll(removeScratch)

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/external')
const read = (src: ExternalSource | string | string[], arm = 'arm') =>
  readExternalRuns(typeof src === 'string' || Array.isArray(src) ? { files: src } : src, { cwd: FIXTURES, arm })



/** The fixture arms support the claim they were made for and refute the reverse (as in external.test.ts). */
function expectVerifierBeatsRandom(v: { seed: number; record: RunRecord }[], r: { seed: number; record: RunRecord }[]) {
  expect(v.map((x) => x.seed)).toEqual(r.map((x) => x.seed))
  const fv = v.map((x) => finalAccuracy(x.record)), fr = r.map((x) => finalAccuracy(x.record))
  expect(pairedTTest(fv, fr, 'greater', { level: 0.9 }).p).toBeLessThan(0.01)
  expect(pairedTTest(fr, fv, 'greater', { level: 0.9 }).p).toBeGreaterThan(0.99)
  expect(pairedTTest(fv, v.map((x) => initialAccuracy(x.record)), 'greater', { level: 0.9 }).p).toBeLessThan(0.01)
}

describe('W&B panel exports (wide: one column per run)', () => {
  const verifier = read('wandb-panel/verifier/*.csv')
  const random = read('wandb-panel/random/*.csv')

  it('one run per column group, seeds from the run names, the panels of a run merged, __MIN/__MAX ignored', () => {
    expect(verifier.files).toEqual(['actor-entropy', 'response-length', 'val-core-acc'].map((f) => `wandb-panel/verifier/${f}.csv`))
    expect(verifier.runs.map((r) => [r.seed, externalSource(r.record)!.run])).toEqual([0, 1, 2, 3].map((s) => [s, `verl-grpo-verifier-seed${s}`]))
    expect(verifier.warnings).toEqual([])
    for (const file of verifier.files) {
      // Read the export independently: quoted header, numeric cells, '' where a run did not log.
      const [head, ...lines] = readFileSync(join(FIXTURES, file), 'utf8').trim().split('\n')
      const header = head.split('","').map((h) => h.replace(/^"|"$/g, ''))
      expect(header[0]).toBe('Step')
      for (const line of lines) {
        const cells = line.split(',')
        const step = Number(cells[0])
        header.forEach((h, i) => {
          if (i === 0 || h.endsWith('__MIN') || h.endsWith('__MAX') || cells[i] === '') return
          const [run, metric] = h.split(' - ')
          const rec = verifier.runs.find((r) => externalSource(r.record)!.run === run)!.record
          const key = externalSource(rec)!.metrics[metric]
          const got = key.startsWith('eval/') ? rec.evals.find((e) => e.step === step)!.metrics[key] : rec.history[step - 1][key]
          expect(got, `${file} ${h} step ${step}`).toBe(Number(cells[i]))
        })
      }
    }
    const h = verifier.runs[0].record.history[4]
    expect(Object.keys(h).sort()).toEqual(['policy/entropy', 'train/mean_length'])
  })

  it('gates the claim: verifier > random on final accuracy, above its own step 0', () => {
    expectVerifierBeatsRandom(verifier.runs, random.runs)
  })

  const panel = (runs: string[], x = 'Step') =>
    `${[x, ...runs.flatMap((r) => [`${r} - eval/accuracy`, `${r} - eval/accuracy__MIN`, `${r} - eval/accuracy__MAX`])].map((h) => JSON.stringify(h)).join(',')}\n` +
    `0,${runs.map((_r, i) => `0.${4 + i},0.${4 + i},0.${4 + i}`).join(',')}\n1,${runs.map((_r, i) => `0.${5 + i},0.${5 + i},0.${5 + i}`).join(',')}\n`

  it('the step column is matched case-insensitively; run names without a seed follow their sorted order, with a warning', () => {
    const r = scratch({ 'panel.csv': panel(['bright-sun-2', 'bright-sun-10']) })
    const got = r({ stepField: 'STEP' })
    expect(got.runs.map((x) => [x.seed, externalSource(x.record)!.run, x.record.evals.map((e) => e.metrics['eval/accuracy'])]))
      .toEqual([[0, 'bright-sun-2', [0.4, 0.5]], [1, 'bright-sun-10', [0.5, 0.6]]])
    expect(got.warnings[0]).toContain("seeds follow their sorted names ('bright-sun-2' -> 0, 'bright-sun-10' -> 1)")
  })

  it('a panel holding both arms: runs picks an arm by run name', () => {
    const r = scratch({ 'panel.csv': panel(['grpo-verifier-seed0', 'grpo-random-seed0', 'grpo-verifier-seed1', 'grpo-random-seed1']) })
    const v = r({ runs: '*-verifier-*' })
    expect(v.runs.map((x) => [x.seed, externalSource(x.record)!.run, x.record.evals[1].metrics['eval/accuracy']])).toEqual([[0, 'grpo-verifier-seed0', 0.5], [1, 'grpo-verifier-seed1', 0.7]])
    expect(r({ runs: ['grpo-random-seed0', 'grpo-random-seed1'] }).runs.map((x) => externalSource(x.record)!.run)).toEqual(['grpo-random-seed0', 'grpo-random-seed1'])
    const none = failure(() => r({ runs: '*-verfier-*' }))
    expect(none.kind).toBe('no-match')
    expect(none.hint).toBe('the runs are: grpo-random-seed0, grpo-random-seed1, grpo-verifier-seed0, grpo-verifier-seed1')
    const noNames = failure(() => read({ files: 'trl/verifier/seed0.jsonl', runs: '*' }))
    expect(noNames).toMatchObject({ kind: 'bad-option', field: 'runs' })
  })

  it('a grouped panel (a group mean, not runs) is refused; two runs with one seed in their names are an error', () => {
    const grouped = failure(scratch({ 'panel.csv': panel(['Group: grpo-verifier']) }))
    expect(grouped).toMatchObject({ kind: 'malformed', line: 1 })
    expect(grouped.message).toContain("column 'Group: grpo-verifier - eval/accuracy' is a group's mean, not a run")
    expect(grouped.hint).toContain('ungroup')
    const twice = failure(scratch({ 'panel.csv': panel(['a-seed1', 'b-seed1']) }))
    expect(twice.kind).toBe('duplicate-seed')
    expect(twice.message).toContain('seed 1 appears twice')
  })
})

describe('verl console logs', () => {
  const verifier = read('verl-console/verifier/*.txt')
  const random = read('verl-console/random/*.txt')

  it('reads every step:N record among the other output; numpy reprs and nan are numbers', () => {
    expect(verifier.runs.map((r) => r.seed)).toEqual([0, 1, 2, 3])
    expect(externalSource(verifier.runs[0].record)!.format).toBe('verl-console')
    const text = readFileSync(join(FIXTURES, 'verl-console/verifier/seed2.txt'), 'utf8').split('\n')
    const records = text.filter((l) => / step:\d+ - /.test(l))
    expect(records).toHaveLength(11)
    const run = verifier.runs[2].record
    for (const line of records) {
      const [head, ...parts] = line.split(' - ')
      const step = Number(head.split('step:')[1])
      const fields = Object.fromEntries(parts.map((p) => [p.slice(0, p.lastIndexOf(':')), p.slice(p.lastIndexOf(':') + 1)]))
      const num = (v: string) => Number(v.replace(/^np\.float64\((.*)\)$/, '$1'))
      if (step > 0) {
        expect(run.history[step - 1]['policy/entropy']).toBe(num(fields['actor/entropy']))
        expect(run.history[step - 1]['reward/mean']).toBe(num(fields['critic/score/mean']))
        expect(run.history[step - 1]['train/mean_length']).toBe(num(fields['response_length/mean']))
        expect(run.history[step - 1]).not.toHaveProperty('training/global_step')
      }
      if ('val-core/openai/gsm8k/acc/mean@1' in fields) {
        expect(run.evals.find((e) => e.step === step)!.metrics['eval/accuracy']).toBe(num(fields['val-core/openai/gsm8k/acc/mean@1']))
      }
    }
    // perf/mfu/actor is nan at step 1: not logged there, a warning says so.
    expect(run.history[0]).not.toHaveProperty('perf/mfu/actor')
    expect(run.history[1]['perf/mfu/actor']).toBeGreaterThan(0)
    expect(verifier.warnings.some((w) => w.startsWith("'perf/mfu/actor' is NaN on some rows"))).toBe(true)
  })

  it('gates the claim: verifier > random on final accuracy, above its own step 0', () => {
    expectVerifierBeatsRandom(verifier.runs, random.runs)
  })

  it("verl <= 0.4's three-decimal values and ANSI colours; a file with no record is refused", () => {
    const log = '\u001b[36m(main_task pid=7)\u001b[0m step:0 - val/test_score/openai/gsm8k:0.412\n' +
      'Training Progress: 50%\n\u001b[36m(main_task pid=7)\u001b[0m step:1 - actor/entropy:0.530 - critic/score/mean:0.375 - timing/gen:12.004\n'
    const got = scratch({ 'seed4.txt': log })()
    expect(got.runs[0].seed).toBe(4)
    expect(got.runs[0].record.evals).toEqual([{ step: 0, metrics: { 'eval/accuracy': 0.412 } }])
    expect(got.runs[0].record.history).toEqual([{ 'policy/entropy': 0.53, 'reward/mean': 0.375, 'timing/gen': 12.004 }])
    const none = failure(scratch({ 'seed0.txt': 'step: starting\nno records here, step:x - y\n' }))
    expect(none.kind).toBe('format')
    for (const f of FORMATS) expect(none.hint).toContain(`${f.format}: ${f.looks}`)
  })
})

describe('TensorBoard event files', () => {
  const verifier = read('tensorboard/verifier/**/events.out.tfevents.*')
  const random = read('tensorboard/random/**/events.out.tfevents.*')

  it('reads the scalars of each run directory; the text summary and the hparams file are skipped, with warnings', () => {
    expect(verifier.files).toHaveLength(5)
    expect(verifier.runs.map((r) => r.seed)).toEqual([0, 1, 2, 3])
    expect(verifier.warnings.some((w) => w.startsWith('skipped 1 non-scalar tag(s)') && w.includes('args/text_summary'))).toBe(true)
    expect(verifier.warnings.some((w) => w.startsWith('no scalar in this event file') && w.includes('1764950401.25/'))).toBe(true)
    const run = verifier.runs[0].record
    expect(run.evals.map((e) => e.step)).toEqual([0, 5, 10])
    expect(run.history).toHaveLength(10)
    expect(externalSource(run)!.metrics).toMatchObject({ 'train/reward': 'reward/mean', 'eval/rewards/accuracy_reward/mean': 'eval/accuracy', 'train/clip_ratio/high_mean': 'loss/clip_frac_high' })
    // simple_value is a float32: every value read is one.
    for (const h of run.history) for (const v of Object.values(h)) expect(Math.fround(v)).toBe(v)
  })

  it('the values the generator wrote (its printed finals, as float32)', () => {
    expect(verifier.runs.map((r) => finalAccuracy(r.record))).toEqual([0.7601, 0.7564, 0.7643, 0.7576].map(Math.fround))
    expect(random.runs.map((r) => finalAccuracy(r.record))).toEqual([0.6069, 0.5885, 0.5568, 0.5914].map(Math.fround))
  })

  it('gates the claim: verifier > random on final accuracy, above its own step 0', () => {
    expectVerifierBeatsRandom(verifier.runs, random.runs)
  })

  const file = readFileSync(join(FIXTURES, readdirSync(join(FIXTURES, 'tensorboard/random/seed1')).map((f) => `tensorboard/random/seed1/${f}`)[0]))

  it('a damaged record is an error naming the record and byte; a cut-off last record is dropped with a warning', () => {
    const damaged = Uint8Array.from(file)
    damaged[200] ^= 0xff
    const e = failure(scratch({ 'seed1/events.out.tfevents.1.host.1.0': damaged }))
    expect(e.kind).toBe('malformed')
    expect(e.message).toMatch(/record \d+ at byte \d+: the (data|length)'s checksum does not match/)
    const cut = scratch({ 'seed1/events.out.tfevents.1.host.1.0': file.subarray(0, file.length - 7) })()
    expect(cut.warnings.some((w) => w.includes('is cut off (the run was still writing?): ignored'))).toBe(true)
    expect(cut.runs[0].record.history).toHaveLength(10)
  })

  it("TF2's tf.summary.scalar: a rank-0 DT_FLOAT tensor (in float_val or tensor_content)", () => {
    const root = protobuf.parse(`syntax = "proto3";
      message Event { double wall_time = 1; int64 step = 2; Summary summary = 5; }
      message Summary { repeated Value value = 1; }
      message Value { string tag = 1; TensorProto tensor = 8; }
      message TensorProto { int32 dtype = 1; bytes tensor_content = 4; repeated float float_val = 5; }`, { keepCase: true }).root
    const Event = root.lookupType('Event')
    const content = new Uint8Array(4)
    new DataView(content.buffer).setFloat32(0, 0.25, true)
    const events = [
      { step: 0, summary: { value: [{ tag: 'eval/accuracy', tensor: { dtype: 1, float_val: [0.5] } }] } },
      { step: 1, summary: { value: [{ tag: 'reward', tensor: { dtype: 1, tensor_content: content } }] } },
    ].map((e) => Event.encode(Event.fromObject(e)).finish())
    const record = (data: Uint8Array) => {
      const head = new Uint8Array(12)
      const view = new DataView(head.buffer)
      view.setBigUint64(0, BigInt(data.length), true)
      view.setUint32(8, maskCrc(crc32c(head.subarray(0, 8))), true)
      const tail = new Uint8Array(4)
      new DataView(tail.buffer).setUint32(0, maskCrc(crc32c(data)), true)
      return Buffer.concat([head, data, tail])
    }
    const got = scratch({ 'seed2/events.out.tfevents.9': Buffer.concat(events.map(record)) })()
    expect(got.runs[0].record.evals).toEqual([{ step: 0, metrics: { 'eval/accuracy': 0.5 } }])
    expect(got.runs[0].record.history).toEqual([{ 'reward/mean': 0.25 }])
  })
})

describe("TRL 0.16's key names, logged every 5 steps", () => {
  const verifier = read('trl-0.16/verifier/*.jsonl')
  const random = read('trl-0.16/random/*.jsonl')
  const lines = (rel: string) => readFileSync(join(FIXTURES, rel), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>)

  it('rewards/<func>, completion_length, eval_rewards/<func>, clip_ratio, kl map to the DSL keys', () => {
    const run = verifier.runs[1].record
    for (const l of lines('trl-0.16/verifier/seed1.jsonl')) {
      if ('loss' in l) {
        expect(run.history[l.step - 1]).toMatchObject({ 'train/accuracy': l['rewards/accuracy_reward'], 'train/mean_length': l.completion_length, 'loss/clip_frac': l.clip_ratio, 'policy/kl_ref': l.kl })
      }
      if ('eval_loss' in l) expect(run.evals.find((e) => e.step === l.step)!.metrics).toMatchObject({ 'eval/accuracy': l['eval_rewards/accuracy_reward'], 'eval/mean_length': l.eval_completion_length })
    }
    expect(verifier.runs[0].steps).toEqual([5, 10, 15, 20])
  })

  it('meanOverSteps averages the logged steps inside the window and says which; a window with none fails naming the logged ones', () => {
    const run = verifier.runs[0].record
    const logged = lines('trl-0.16/verifier/seed0.jsonl').filter((l) => 'loss' in l)
    const r = readMetricSteps(run, 'train_accuracy', METRICS.train_accuracy, { meanOverSteps: [1, 20] })
    expect(r.steps).toEqual([5, 10, 15, 20])
    expect(r.value).toBeCloseTo(logged.reduce((a, l) => a + l['rewards/accuracy_reward'], 0) / logged.length, 12)
    expect(readMetricSteps(run, 'rollout_length', METRICS.rollout_length, { meanOverSteps: [8, 12] })).toEqual({ value: logged[1].completion_length, steps: [10] })
    expect(readMetricSteps(run, 'accuracy', METRICS.accuracy, { meanOverSteps: [1, 20] }).steps).toEqual([10, 20])
    expect(() => readMetricSteps(run, 'train_accuracy', METRICS.train_accuracy, { meanOverSteps: [6, 9] }))
      .toThrow("metric 'train_accuracy' (train/accuracy) has no logged value at steps 6..9 in this run (seed 0); it is logged at steps 5, 10, 15, 20: widen the window to hold one")
  })

  it('gates the claim: verifier > random on final accuracy, above its own step 0', () => {
    expectVerifierBeatsRandom(verifier.runs, random.runs)
  })
})

describe('formats are told by content, not by extension', () => {
  const samples: [string, string, string][] = [
    ['trl/verifier/seed0.jsonl', 'jsonl', 'seed0.log'],
    ['csv/verifier.csv', 'csv', 'history.txt'],
    ['wandb-panel/verifier/val-core-acc.csv', 'wandb-panel', 'export.txt'],
    ['verl-console/verifier/seed0.txt', 'verl-console', 'seed0.out'],
    ['tensorboard/verifier/seed0/events.out.tfevents.1764950400.gpu-node-0.4100.0', 'tensorboard', 'seed0.bin'],
    ['trl/trainer-state/seed0/checkpoint-10/trainer_state.json', 'hf-trainer-state', 'seed0.state'],
  ]
  for (const [from, format, as] of samples) {
    it(`${format}, named ${as}`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'rlvr-detect-'))
      scratchDirs.push(dir)
      copyFileSync(join(FIXTURES, from), join(dir, as))
      const got = readExternalRuns({ files: as }, { cwd: dir, arm: 'a' })
      expect(got.runs.length).toBeGreaterThan(0)
      for (const r of got.runs) expect(externalSource(r.record)!.format).toBe(format)
    })
  }

  it('a format forced on the wrong file says which one it is', () => {
    const e = failure(() => read({ files: 'verl-console/verifier/seed0.txt', format: 'jsonl' }))
    expect(e).toMatchObject({ kind: 'malformed', line: 1 })
    expect(e.hint).toBe("this is a verl console log ('step:N - key:value' lines): set format: 'verl-console', or leave format to 'auto'")
    const csv = read({ files: 'wandb-panel/verifier/val-core-acc.csv', format: 'csv' })
    expect(csv.warnings[0]).toContain("the header looks like a W&B panel export (one column per run): read as one run per file; set format: 'wandb-panel'")
  })

  it('content that fits no format: an error that lists every format with what it looks like', () => {
    const e = failure(scratch({ 'notes.md': '# my runs\n\nseed 0 got 71%\n' }))
    expect(e.kind).toBe('format')
    expect(e.message).toContain('cannot tell the format of this file: its first line is "# my runs"')
    expect(FORMATS.map((f) => f.format)).toEqual(['jsonl', 'csv', 'wandb-panel', 'verl-console', 'tensorboard', 'hf-trainer-state', 'rlvr-json'])
    for (const f of FORMATS) expect(e.hint).toContain(`    ${f.format}: ${f.looks}`)
    expect(e.hint).toContain("set format: 'jsonl' | 'csv' | 'wandb-panel' | 'verl-console' | 'tensorboard' | 'hf-trainer-state' | 'rlvr-json'")
  })
})
