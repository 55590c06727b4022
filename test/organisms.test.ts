// The calibrated organisms: the arithmetic task and its tables, the presets (shipped transformer
// weights and linear twins) against their targets on the held-out split, the weights cache and
// the determinism of pretraining.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../src/engine/backend.js'
import { evaluate } from '../src/metrics/evaluate.js'
import {
  arithmeticTable, arithmeticTask, canonicalCompletion, corpusStats, arithmeticCorpus, type ArithmeticTask,
} from '../src/organisms/arithmetic.js'
import { measureCalibration } from '../src/organisms/calibration.js'
import { buildOrganism, ORGANISM_PRESETS, resolveOrganism } from '../src/organisms/index.js'
import { pretrainTransformer } from '../src/organisms/pretrain.js'
import { CALIBRATED_MODELS } from '../src/organisms/presets.js'
import { ArithmeticOrganism, type ArithmeticSpec } from '../src/organisms/spec.js'
import { decodeWeights, encodeWeights, CorruptWeightsError } from '../src/organisms/weights.js'

beforeAll(async () => { await initBackend() })

const spec = (over: object = {}): ArithmeticSpec => ArithmeticOrganism.parse({ kind: 'arithmetic', ...over })

describe('arithmetic task and tables', () => {
  it('each split hits every mode accuracy exactly, with per-problem difficulty and error patterns', () => {
    for (const model of Object.keys(CALIBRATED_MODELS)) {
      const s = resolveOrganism(`${model}-like`) as ArithmeticSpec
      const t = arithmeticTable(s)
      expect(t.train.length + t.eval.length).toBe(400)
      for (const split of [t.train, t.eval]) {
        s.modes.forEach((_m, m) => {
          const mean = split.reduce((a, p) => a + p.answerProbs[m][0], 0) / split.length
          expect(mean).toBeCloseTo(s.accuracy[m], 9)
        })
        for (const p of split) {
          for (const probs of p.answerProbs) expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
          expect(p.answers[0]).toBe(p.a + p.b)
          expect(new Set(p.answers).size).toBe(3)
          if (p.carry) expect(p.answers[1]).toBe(p.sum - 10) // a carry problem's preferred error drops the carry
          else expect([p.sum - 1, p.sum + 1]).toContain(p.answers[1])
          expect([p.sum - 1, p.sum + 1, p.sum - 10, p.sum + 10]).toContain(p.answers[2])
        }
        // the incorrect-label reward needs prompts whose majority answer is wrong
        const wrong = split.filter((p) => corpusStats(s, p).majority !== p.sum).length / split.length
        if (model !== 'llama') expect(wrong).toBeGreaterThanOrEqual(0.15)
      }
      // difficulty varies from problem to problem
      const acc = t.eval.map((p) => p.answerProbs[0][0])
      expect(Math.max(...acc) - Math.min(...acc)).toBeGreaterThan(0.3)
    }
  })

  it('the NL capability gap: on carry problems NL is rarely right and drops the carry', () => {
    const s = resolveOrganism('qwen-math-7b-gap-like') as ArithmeticSpec
    const t = arithmeticTable(s)
    const nl = s.modes.indexOf('nl')
    for (const p of t.all) if (p.carry) expect(p.answerProbs[nl]).toEqual([0.02, 0.98, 0])
    const mean = t.eval.reduce((a, p) => a + p.answerProbs[nl][0], 0) / t.eval.length
    expect(mean).toBeCloseTo(0.35, 9)
    expect(() => spec({ prior: [0.5, 0.5], accuracy: [0.5, 0.7], gap: { mode: 'nl' } })).toThrow(/cannot keep mode 'nl'/)
    expect(() => spec({ gap: { mode: 'python' } })).toThrow(/not one of the modes/)
  })

  it('parses completions, names the reasoning span and writes the canonical sequences', () => {
    const s = spec()
    const task = arithmeticTask(s)
    const v = task.vocab
    expect(task.vocabSize).toBe(31)
    const p = task.eval[0], info = task.info(p)
    expect(Array.from(p.prompt)).toEqual([v.bos, info.a, v.plus, info.b, v.eq])
    const boxed = canonicalCompletion(v, 0, info, true, info.sum)
    expect(Array.from(boxed.subarray(0, 4))).toEqual([v.mode[0], info.a, v.plus, info.b])
    expect(task.parse(p, boxed)).toEqual({ mode: 'code', boxed: true, answer: String(info.sum), length: 8 })
    const plain = canonicalCompletion(v, 1, info, false, 7)
    expect(Array.from(plain)).toEqual([v.mode[1], ...v.template[1]!, 0, 7, v.eos, v.pad])
    expect(task.parse(p, plain)).toEqual({ mode: 'nl', boxed: false, answer: '7', length: 7 })
    expect(task.parse(p, [v.box, 1, 2, 3, 4, 5, 6, v.eos]).answer).toBeNull() // no mode: no answer
    expect(task.parse(p, [v.mode[0], v.eos, v.pad, v.pad, v.pad, v.pad, v.pad, v.pad])).toMatchObject({ answer: null, length: 2 })
    expect(task.reasoningSpan!(boxed)).toEqual([0, 4])
  })

  it('the corpus is the tree: leaf weights sum to 1 per problem, entropy is the floor of the loss', () => {
    const s = spec()
    const t = arithmeticTable(s)
    const c = arithmeticCorpus(s, t)
    for (let i = 0; i < t.all.length; i += 37) {
      let total = 0
      for (let r = c.rowStart[i]; r < c.rowStart[i + 1]; r++) total += c.weights[r * 8]
      expect(total).toBeCloseTo(1, 6)
      expect(c.entropy[i]).toBeGreaterThan(0)
    }
  })

  it('the schema is strict and fills defaults (the organism study model size)', () => {
    const s = spec()
    expect(s.policy).toMatchObject({ kind: 'transformer', dModel: 64, nLayers: 2, nHeads: 4, dMlp: 256 })
    expect(s).toMatchObject({ modes: ['code', 'nl'], formatRate: 0.8, maxOperand: 19, numEval: 80, gap: null })
    expect(() => spec({ priors: [1] })).toThrow(/priors/)
    expect(() => spec({ prior: [0.5, 0.6] })).toThrow(/sum to 1/)
    expect(() => spec({ policy: { kind: 'transformer', pretrain: { stepz: 3 } } })).toThrow(/stepz/)
    for (const name of ['toy-linear', 'toy-transformer']) expect(ORGANISM_PRESETS[name]).toBeDefined()
  })
})

// ---------------------------------------------------------------------------------------------
// The presets against their targets, on the held-out split.

const TOL = 0.03
const presetNames = Object.keys(CALIBRATED_MODELS).flatMap((m) => [`${m}-like`, `${m}-like-linear`])

describe.each(presetNames)('preset %s', (name) => {
  it('reproduces its code rate, per-mode accuracies, format rate and wrong majorities (exact and sampled)', async () => {
    const s = resolveOrganism(name) as ArithmeticSpec
    const org = await buildOrganism(s, { log: () => {} })
    try {
      if (s.policy.kind === 'transformer') expect(org.weights?.source, `shipped weights of ${name} are missing or stale: run scripts/pretrain.ts ${name}`).toBe('shipped')
      const r = measureCalibration(s, org.task as ArithmeticTask, org.policy, { sampled: true })
      const smp = r.sampled!
      s.modes.forEach((_m, m) => {
        // the held-out target: the prior, or with modeSpread the held-out problems' mean P(mode)
        expect(Math.abs(r.exact.modeRate[m] - r.target.modeRate[m])).toBeLessThan(TOL)
        expect(Math.abs(smp.modeRate[m] - r.target.modeRate[m])).toBeLessThan(TOL)
        expect(smp.modeRateSe[m]).toBeLessThan(0.01)
        if (s.prior[m] === 0) return // never written: no accuracy to speak of
        expect(Math.abs(r.exact.accuracy[m] - r.target.accuracy[m])).toBeLessThan(TOL)
        expect(Math.abs(smp.accuracy[m] - r.target.accuracy[m])).toBeLessThan(TOL)
        expect(smp.accuracySe[m]).toBeLessThan(0.01)
      })
      expect(Math.abs(r.exact.formatRate - s.formatRate)).toBeLessThan(TOL)
      expect(Math.abs(smp.formatRate - s.formatRate)).toBeLessThan(TOL)
      expect(r.exact.canonicalMass).toBeGreaterThan(0.99)
      expect(r.exact.wrongMajority).toBeGreaterThanOrEqual(0.15)
      expect(r.exact.preferredError).toBeGreaterThan(0.9)
    } finally {
      org.policy.dispose()
    }
  })
})

describe('the NL capability gap on the shipped transformer', () => {
  it('NL is right on ~2% of carry problems and answers a + b - 10 otherwise; code is unaffected', async () => {
    const org = await buildOrganism(resolveOrganism('qwen-math-7b-gap-like'), { log: () => {} })
    try {
      const task = org.task as ArithmeticTask
      const e = task.exact(org.policy, task.eval, 1)
      const dist = task.answerDistribution(org.policy, task.eval, 1)
      const carry = task.eval.map((p, i) => [p, i] as const).filter(([p]) => task.info(p).carry)
      expect(carry.length).toBeGreaterThan(20)
      const mean = (f: (i: number) => number) => carry.reduce((s, [, i]) => s + f(i), 0) / carry.length
      expect(mean((i) => e.correct[i * 2 + 1])).toBeLessThan(0.05) // nl
      expect(mean((i) => e.correct[i * 2])).toBeGreaterThan(0.4) // code
      // the most likely answer on a carry problem is the dropped carry or the right one, never another
      for (const [, i] of carry) expect(dist[i].probs[1] + dist[i].probs[0]).toBeGreaterThan(0.8)
    } finally {
      org.policy.dispose()
    }
  })
})

describe('evaluate() on a calibrated organism', () => {
  it('reports exact figures, the greedy accuracy and a sampled cross-check', async () => {
    for (const name of ['qwen-math-7b-like', 'qwen-math-7b-like-linear']) {
      const org = await buildOrganism(resolveOrganism(name), { log: () => {} })
      try {
        const t0 = performance.now()
        const m = evaluate(org.policy, org.task, { samples: 16, temperature: 1, templateCollapsePrompts: 0, templateCollapseSamples: 4 })
        const seconds = (performance.now() - t0) / 1000
        for (const k of ['eval/accuracy', 'eval/mode_rate/code', 'eval/mode_rate/nl', 'eval/format_rate', 'eval/mean_length', 'eval/truncated_frac',
          'eval/accuracy_greedy', 'eval/sampled/accuracy', 'eval/sampled/mode_rate/code', 'eval/sampled/format_rate', 'eval/mode_accuracy/code', 'eval/canonical_mass']) {
          expect(Number.isFinite(m[k]), k).toBe(true)
        }
        expect(m['eval/accuracy']).toBeCloseTo(0.65 * 0.609 + 0.35 * 0.35, 1)
        // 1280 samples: within 4 standard errors of the exact figure
        expect(Math.abs(m['eval/sampled/accuracy'] - m['eval/accuracy'])).toBeLessThan(4 * Math.sqrt(0.25 / 1280))
        expect(seconds).toBeLessThan(5) // well under a second alone; generous for a loaded machine
      } finally {
        org.policy.dispose()
      }
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Pretraining and the weights cache, on a tiny organism.

const tiny = (over: object = {}): ArithmeticSpec => spec({
  maxOperand: 5, numEval: 6, seed: 3,
  policy: { kind: 'transformer', dModel: 16, nLayers: 1, nHeads: 2, dMlp: 32, pretrain: { steps: 12, promptsPerStep: 8, warmupSteps: 2 } },
  ...over,
})

describe('pretraining and the organism cache', () => {
  let dir: string
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'rlvr-organisms-')) })
  afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

  it('is deterministic: the same spec gives the same weights, another seed other weights', () => {
    const a = pretrainTransformer(tiny()).weights
    const b = pretrainTransformer(tiny()).weights
    const c = pretrainTransformer(tiny({ seed: 4 })).weights
    for (const k of Object.keys(a)) expect(Buffer.from(b[k].data.buffer).equals(Buffer.from(a[k].data.buffer)), k).toBe(true)
    expect(Object.keys(a).some((k) => !Buffer.from(c[k].data.buffer).equals(Buffer.from(a[k].data.buffer)))).toBe(true)
  })

  it('pretrains on first use, then loads from the cache; a corrupt file is detected and rebuilt', async () => {
    const lines: string[] = []
    const log = (l: string) => { lines.push(l) }
    const s = tiny()
    const first = await buildOrganism(s, { cacheDir: dir, log })
    expect(first.weights?.source).toBe('pretrained')
    const path = first.weights!.path
    expect(existsSync(path)).toBe(true)
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]) // temp file renamed away
    const w1 = first.policy.getWeights()
    first.policy.dispose()

    const second = await buildOrganism(s, { cacheDir: dir, log })
    expect(second.weights?.source).toBe('cache')
    const w2 = second.policy.getWeights()
    for (const k of Object.keys(w1)) expect(Array.from(w2[k].data)).toEqual(Array.from(w1[k].data))
    second.policy.dispose()

    // flip one byte of the data: the checksum catches it, the file is rebuilt
    const buf = readFileSync(path)
    buf[buf.length - 5] ^= 0xff
    writeFileSync(path, buf)
    lines.length = 0
    const third = await buildOrganism(s, { cacheDir: dir, log })
    expect(third.weights?.source).toBe('pretrained')
    expect(lines.join('\n')).toMatch(/corrupt weights file .*checksum mismatch/)
    const w3 = third.policy.getWeights()
    for (const k of Object.keys(w1)) expect(Array.from(w3[k].data)).toEqual(Array.from(w1[k].data))
    third.policy.dispose()
    // truncated: detected too
    writeFileSync(path, readFileSync(path).subarray(0, 100))
    const fourth = await buildOrganism(s, { cacheDir: dir, log })
    expect(fourth.weights?.source).toBe('pretrained')
    fourth.policy.dispose()
    expect((await buildOrganism(s, { cacheDir: dir, log })).weights?.source).toBe('cache')
  })

  it('the weights format round-trips and rejects damage', () => {
    const w = { a: { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }, b: { shape: [1], data: Float32Array.of(-0.5) } }
    const buf = encodeWeights(w, { specHash: 'x', backend: 'wasm' })
    const back = decodeWeights(buf)
    expect(back.header).toMatchObject({ specHash: 'x', backend: 'wasm' })
    expect(Array.from(back.weights.a.data)).toEqual([1, 2, 3, 4, 5, 6])
    expect(back.weights.b.shape).toEqual([1])
    expect(() => decodeWeights(Buffer.from('nope'))).toThrow(CorruptWeightsError)
    const bad = Buffer.from(buf); bad[bad.length - 1] ^= 1
    expect(() => decodeWeights(bad)).toThrow(/checksum/)
  })
})
