// Fault injection, baselines: ablations whose names slugify alike, the same name in two spec
// files, errored and blocked results, hand-broken baseline and report files, interrupted writes,
// and the -u rewrite of one file (keeping the entries of rows that did not evaluate).
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { applyBaselines, BaselineClashError, baselinePath } from '../../src/report/baselines.js'
import { readAblationReport } from '../../src/report/report-schema.js'
import { removeStaleTemps } from '../../src/runner/temp-files.js'
import { supported } from '../fixtures/report/results.js'
import type { HypothesisResult, Verdict } from '../../src/report/types.js'
import { fixtureDirs, runFixture } from './fixture.js'

const tmp = mkdtempSync(join(tmpdir(), 'rlvr-faults-baselines-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
let n = 0
const freshDir = () => join(tmp, `b${n++}`)

const result = (ablation: string, hypothesis: string, verdict: Verdict, extra: Partial<HypothesisResult> = {}): HypothesisResult =>
  ({ ...supported, ablation, hypothesis, verdict, ...extra })

describe('baselines are keyed and checked by the full ablation name and file', () => {
  it("'../../x' and 'X' slugify alike: the second is a clash naming both and the fix, not a regression", async () => {
    const dir = freshDir()
    await applyBaselines('../../x', [result('../../x', 'h', 'supported')], { update: false, dir, file: 'ablations/a.ablation.ts' })
    expect(baselinePath('X', dir)).toBe(baselinePath('../../x', dir))
    const clash = applyBaselines('X', [result('X', 'h', 'refuted')], { update: false, dir, file: 'ablations/b.ablation.ts' })
    await expect(clash).rejects.toBeInstanceOf(BaselineClashError)
    await expect(clash).rejects.toThrow(/belongs to ablation '\.\.\/\.\.\/x' \(ablations\/a\.ablation\.ts\), not to 'X' \(ablations\/b\.ablation\.ts\)[\s\S]*Rename one of the two ablations/)
    // The first one's baseline is untouched and still matches.
    expect(JSON.parse(readFileSync(baselinePath('X', dir), 'utf8')).ablation).toBe('../../x')
    expect((await applyBaselines('../../x', [result('../../x', 'h', 'supported')], { update: false, dir, file: 'ablations/a.ablation.ts' })).get('h')!.status).toBe('match')
  })

  it('one name declared in two spec files is a clash while the first still declares it; a moved spec is not', async () => {
    const dir = freshDir()
    const first = join(tmp, 'first.ablation.ts'), second = join(tmp, 'second.ablation.ts')
    writeFileSync(first, "ablation('same name', {}, () => {})\n")
    await applyBaselines('same name', [result('same name', 'h', 'supported')], { update: false, dir, file: first })
    expect(JSON.parse(readFileSync(baselinePath('same name', dir), 'utf8')).file).toBe(first)
    await expect(applyBaselines('same name', [result('same name', 'h', 'supported')], { update: false, dir, file: second }))
      .rejects.toThrow(/belongs to ablation 'same name' \(.*first\.ablation\.ts\), not to 'same name' \(.*second\.ablation\.ts\)/)
    rmSync(first) // moved: the old file is gone
    expect((await applyBaselines('same name', [result('same name', 'h', 'supported')], { update: false, dir, file: second })).get('h')!.status).toBe('match')
  })

  it('never written from an errored or a blocked result; -u keeps their old entries', async () => {
    const dir = freshDir()
    const error = result('abl', 'broken', 'error', { reason: 'metric is NaN' })
    const blocked = result('abl', 'claim', 'inconclusive', {
      kind: 'claim', controls: [{ control: 'random-reward', present: false, arm: null, derived: false, difference: null, pAdjusted: null, verdict: 'missing' }],
    })
    const checks = await applyBaselines('abl', [error, blocked], { update: false, dir })
    expect(checks.size).toBe(0)
    expect(existsSync(baselinePath('abl', dir))).toBe(false)
    await applyBaselines('abl', [result('abl', 'broken', 'supported'), result('abl', 'claim', 'supported'), result('abl', 'ok', 'refuted')], { update: false, dir })
    // Rewriting while two rows do not evaluate: their entries stay as they were, the rest is rewritten.
    await applyBaselines('abl', [error, blocked, result('abl', 'ok', 'supported')], { update: true, dir, unjudged: [] })
    const file = JSON.parse(readFileSync(baselinePath('abl', dir), 'utf8'))
    expect(Object.fromEntries(Object.entries(file.hypotheses).map(([h, e]) => [h, (e as { verdict: string }).verdict])))
      .toEqual({ broken: 'supported', claim: 'supported', ok: 'supported' })
  })

  it('a hand-broken baseline is refused through its schema, naming the file and the field', async () => {
    const dir = freshDir()
    mkdirSync(dir, { recursive: true })
    writeFileSync(baselinePath('abl', dir), JSON.stringify({ ablation: 'abl', backend: 'wasm', engineVersion: 'x', hypotheses: { h: { verdict: 'maybe', difference: null, hedgesG: null } } }))
    await expect(applyBaselines('abl', [result('abl', 'h', 'supported')], { update: false, dir }))
      .rejects.toThrow(/abl\.json is not a baseline file \(hypotheses\.h\.verdict: [^)]*\): fix it, or delete it and rerun/)
    writeFileSync(baselinePath('abl', dir), '')
    await expect(applyBaselines('abl', [result('abl', 'h', 'supported')], { update: false, dir })).rejects.toThrow(/is not valid JSON/)
  })
})

describe('reports read back through their schema', () => {
  it('a truncated or hand-edited report is refused with its path and field', () => {
    const dir = freshDir()
    mkdirSync(dir, { recursive: true })
    const path = join(dir, 'abl.json')
    const good = { ablation: 'abl', generatedAt: 'now', organism: 'o', backend: 'wasm', engineVersion: 'x', runs: { trained: 0, cached: 0, total: 0 }, wallTimeMs: null, hypotheses: [supported] }
    writeFileSync(path, JSON.stringify(good))
    expect(readAblationReport(path).hypotheses).toHaveLength(1)
    writeFileSync(path, JSON.stringify({ ...good, hypotheses: [{ ...supported, arms: 'none' }] }))
    expect(() => readAblationReport(path)).toThrow(/abl\.json is not an ablation report \(hypotheses\.0\.arms: /)
    writeFileSync(path, JSON.stringify(good).slice(0, 100))
    expect(() => readAblationReport(path)).toThrow(/abl\.json is not valid JSON/)
  })
})

describe('temporary files of interrupted writes', () => {
  it('are removed on the next run when their writer is gone, kept while it lives', async () => {
    const dir = freshDir()
    mkdirSync(dir, { recursive: true })
    // A live writer: a child process that sleeps; a dead one: a child that has exited.
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    const dead = spawn(process.execPath, ['-e', ''])
    await new Promise((r) => dead.on('exit', r))
    try {
      writeFileSync(join(dir, `abl.json.${dead.pid}.a1b2c3.tmp`), '') // 0 bytes, as a killed write leaves it
      writeFileSync(join(dir, `abl.json.${live.pid}.d4e5f6.tmp`), '{"abl')
      writeFileSync(join(dir, 'abl.json'), '{}')
      expect(removeStaleTemps(dir)).toEqual([`abl.json.${dead.pid}.a1b2c3.tmp`])
      expect(readdirSync(dir).sort()).toEqual(['abl.json', `abl.json.${live.pid}.d4e5f6.tmp`])
    } finally { live.kill() }
  })
})

describe('-u rewrites the baseline of the file it is given (vitest CLI on test/fixtures/faults)', () => {
  it('writes the rows that evaluated and keeps the entries of the rows that errored', async () => {
    const dirs = fixtureDirs()
    try {
      mkdirSync(dirs.baselines, { recursive: true })
      const old = { verdict: 'refuted', difference: null, hedgesG: null }
      const path = join(dirs.baselines, 'faults-fixture.json')
      writeFileSync(path, JSON.stringify({ ablation: 'faults fixture', backend: 'wasm', engineVersion: 'x', hypotheses: { 'accuracy is above -1': old, 'a metric that is not a number': old } }))
      // A stale temp file of a killed writer is removed by this run.
      writeFileSync(join(dirs.baselines, 'faults-fixture.json.999999999.abc123.tmp'), '')
      const { code, out } = await runFixture('verdicts', dirs, {}, ['-u'])
      expect(code, out).toBe(1) // the two error rows still fail
      expect(out).toMatch(/Tests\s+2 failed \| 1 passed \(3\)/)
      const file = JSON.parse(readFileSync(path, 'utf8'))
      expect(file.file).toBe('verdicts.hyp.ts')
      expect(file.hypotheses['accuracy is above -1'].verdict).toBe('supported')
      expect(file.hypotheses['a metric that is not a number']).toEqual(old)
      expect(Object.keys(file.hypotheses)).toHaveLength(2) // the errored claim is not written
      expect(readdirSync(dirs.baselines)).toEqual(['faults-fixture.json'])
    } finally { rmSync(dirs.tmp, { recursive: true, force: true }) }
  }, 330_000)
})
