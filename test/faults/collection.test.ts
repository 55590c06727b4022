// Fault injection, collection: mistakes that used to pass collection and fail only after training
// (or never) are errors when the spec file is collected, naming the field and the fix.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { collectAblation } from '../../src/dsl/collect-ablation.js'
import { ENV_VARIABLES } from '../../src/dsl/environment.js'
import { SpecError } from '../../src/dsl/errors.js'
import { arm, claim, expectArm, hypothesis } from '../../src/dsl/index.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const base = { organism: 'toy-linear', seeds: 3, steps: 2, promptsPerStep: 8, numGenerations: 4, miniBatches: 1 } as const

function specError(fn: () => unknown): SpecError {
  try { fn() } catch (e) { if (e instanceof SpecError) return e; throw e }
  throw new Error('expected a SpecError')
}
const one = (body: () => void, opts: Record<string, unknown> = {}) => collectAblation('faults', { ...base, ...opts } as never, body)
const rises = () => { const A = arm('A'); hypothesis('h', () => expectArm(A).on('accuracy').toIncrease()) }

afterEach(() => { vi.unstubAllEnvs() })

describe('seeds', () => {
  it('a repeated seed is refused (it would count one run twice)', () => {
    const e = specError(() => one(rises, { seeds: [0, 0, 1] }))
    expect(e.code).toBe('RLVR_BAD_OPTION')
    expect(e.message).toMatch(/seeds \[0,0,1\] repeat 0: a seed is one run, counted once/)
    expect(e.message).toMatch(/ablation 'faults' · field seeds/)
    expect(e.message).toMatch(/hint: list each seed once/)
    expect(one(rises, { seeds: [3, 1, 2] }).options.seeds).toEqual([3, 1, 2])
  })
})

describe('mode metrics', () => {
  it('mode_rate:<mode> of a mode the organism lacks fails at collection, listing its modes', () => {
    const e = specError(() => one(() => { const A = arm('A'); hypothesis('python', () => expectArm(A).on('mode_rate:python').toIncrease()) }))
    expect(e.code).toBe('RLVR_UNKNOWN_METRIC')
    expect(e.message).toMatch(/mode_rate:python: arm 'A' trains 'toy-linear', which has no mode 'python'/)
    expect(e.message).toMatch(/hypothesis 'python'/)
    expect(e.message).toMatch(/hint: its modes: mode_rate:code, mode_rate:nl, mode_rate:other/)
  })

  it('mode_accuracy:<mode> too, on every arm of the comparison and on a claim', () => {
    const calibrated = 'qwen-math-7b-like-linear'
    const e = specError(() => one(() => {
      const A = arm('A'), B = arm('B', { organism: { kind: 'linear', modes: ['code', 'python'], prior: [0.5, 0.5], accuracy: [0.5, 0.5] } })
      hypothesis('h', () => expectArm(B).on('mode_accuracy:python').toBeGreaterThan(A))
    }))
    expect(e.message).toMatch(/mode_accuracy:python: arm 'A' trains 'toy-linear', which has no mode 'python'/)
    const c = specError(() => one(() => {
      const T = arm('T', { organism: calibrated })
      claim('c', { treatment: T, on: 'mode_accuracy:python', controls: ['random-reward'], derive: true })
    }))
    expect(c.message).toMatch(new RegExp(`arm 'T' trains '${calibrated}', which has no mode 'python'[\\s\\S]*claim 'c'`))
    // Modes the organism has pass.
    expect(() => one(() => { const A = arm('A'); hypothesis('h', () => expectArm(A).on('mode_rate:code').toIncrease()) })).not.toThrow()
    const t = specError(() => one(() => { const A = arm('A', { organism: 'toy-transformer' }); hypothesis('h', () => expectArm(A).on('mode_rate:code').toIncrease()) }))
    expect(t.message).toMatch(/this organism has no reasoning modes/)
  })
})

describe('claims', () => {
  it('a missing control is reported at collection, with the claim\'s line', () => {
    const src = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n')
    const line = src.findIndex((l) => l.trim().startsWith("claim('needs random'")) + 1
    const e = specError(() => one(() => {
      const T = arm('T')
      claim('needs random', { treatment: T, on: 'accuracy', controls: ['random-reward'] })
    }))
    expect(e.code).toBe('RLVR_MISSING_CONTROL')
    expect(e.message).toContain(`→ at test/faults/collection.test.ts:${line} · ablation 'faults' · claim 'needs random'`)
  })
})

describe('environment variables', () => {
  // One wrong value per variable that has one (RLVR_REPORT_DIR, RLVR_PUBLISHED_DIR and RLVR_SPOT_CHECK_SALT take any value).
  const wrong: Record<string, string> = {
    RLVR_BACKEND: 'gpu', RLVR_CACHE_DIR: '', RLVR_BASELINE_DIR: '', RLVR_BASELINES: 'no', RLVR_UPDATE_BASELINES: 'yes',
    RLVR_INCONCLUSIVE: 'maybe', RLVR_REQUIRED_CONTROLS: 'random-reward,coin', RLVR_WORKERS: '1.5', RLVR_PROGRESS_MS: 'soon', RLVR_SPOT_CHECK: 'some',
  }
  it.each(Object.entries(wrong))('%s=%j fails at collection, naming the variable and its values', (name, value) => {
    vi.stubEnv(name, value)
    const e = specError(() => one(rises))
    expect(e.code).toBe('RLVR_BAD_ENV')
    expect(e.message).toContain(`${name}='${value}'`)
    expect(e.message).toContain(`variable ${name}`)
    expect(e.message).toContain(ENV_VARIABLES.find((v) => v.name === name)!.values)
  })

  it('RLVR_INCONCLUSIVE=maybe is not ignored; the values it takes are', () => {
    vi.stubEnv('RLVR_INCONCLUSIVE', 'maybe')
    expect(specError(() => one(rises)).message).toMatch(/RLVR_INCONCLUSIVE='maybe' must be 'fail' or 'skip'/)
    vi.stubEnv('RLVR_INCONCLUSIVE', 'skip')
    expect(one(rises).options.inconclusive).toBe('skip')
  })

  it('the table covers every RLVR_* variable the sources read, and docs/environment.md lists each', () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
      const p = join(dir, f)
      return statSync(p).isDirectory() ? files(p) : /\.(ts|mjs)$/.test(f) ? [p] : []
    })
    const text = [...files(join(root, 'src')), ...files(join(root, 'scripts'))].map((f) => readFileSync(f, 'utf8')).join('\n')
    const tokens = new Set(text.match(/RLVR_[A-Z_]+/g))
    // Error codes are RLVR_* too: the SpecErrorCode union and `code = 'RLVR_...'` fields.
    const codes = new Set([
      ...readFileSync(join(root, 'src/dsl/errors.ts'), 'utf8').match(/'RLVR_[A-Z_]+'/g)!.map((s) => s.slice(1, -1)),
      ...[...text.matchAll(/code = '(RLVR_[A-Z_]+)'/g)].map((m) => m[1]),
    ])
    // Read from the environment: env.X, env['X'], or a constant X_ENV = 'X' (some names are codes too).
    const read = [...text.matchAll(/env(?:\.|\[')(RLVR_[A-Z_]+)|_ENV = '(RLVR_[A-Z_]+)'/g)].map((m) => m[1] ?? m[2])
    const variables = [...new Set([...[...tokens].filter((t) => !codes.has(t)), ...read])].sort()
    expect(variables).toEqual(ENV_VARIABLES.map((v) => v.name).sort())
    const doc = readFileSync(join(root, 'docs/environment.md'), 'utf8')
    for (const v of ENV_VARIABLES) expect(doc, v.name).toContain(`| \`${v.name}\` | ${v.values} | ${v.meaning} |`)
  })
})
