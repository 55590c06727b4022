import { describe, it, expect, beforeEach } from 'vitest'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { applyBaselines, attachBaselines, baselinePath } from '../src/report/baselines.js'
import { renderBaselineNotes } from '../src/report/render-baselines.js'
import type { HypothesisResult } from '../src/report/types.js'

let dir = ''
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'rlvr-baselines-')); return () => rmSync(dir, { recursive: true, force: true }) })

const result = (hypothesis: string, verdict: HypothesisResult['verdict'], diff: number, backend = 'wasm'): HypothesisResult => ({
  kind: 'hypothesis', ablation: 'abl', hypothesis, metric: 'accuracy (final)', comparison: 'greater', arms: [],
  difference: { estimate: diff, ci: { lo: diff - 0.05, hi: diff + 0.05 }, level: 0.9 }, hedgesG: { estimate: 2, ci: { lo: 1, hi: 3 } },
  probabilityOfImprovement: 1, test: { name: 'paired t', paired: true, p: 0.01, pAdjusted: 0.02 }, verdict, reason: '',
  seedsFor80Power: null, expectedVerdict: null, organism: 'toy-linear', backend, engineVersion: '0.1.0', runs: { trained: 0, cached: 0, total: 0 },
})

describe('baselines: regression of mechanism claims', () => {
  it('a missing baseline is written on first run and said so', async () => {
    const checks = await applyBaselines('abl', [result('h1', 'supported', 0.1)], { update: false, dir })
    expect(checks.get('h1')!.status).toBe('new')
    const file = JSON.parse(readFileSync(baselinePath('abl', dir), 'utf8'))
    expect(file).toMatchObject({ ablation: 'abl', backend: 'wasm', engineVersion: '0.1.0', hypotheses: { h1: { verdict: 'supported' } } })
    expect(readdirSync(dir)).toEqual(['abl.json']) // atomic: no temp file left
  })

  it('same verdict and effect: match; effect outside the baseline interval: moved; verdict changed: regression', async () => {
    await applyBaselines('abl', [result('h1', 'supported', 0.1)], { update: false, dir })
    expect((await applyBaselines('abl', [result('h1', 'supported', 0.12)], { update: false, dir })).get('h1')!.status).toBe('match')
    const moved = (await applyBaselines('abl', [result('h1', 'supported', 0.3)], { update: false, dir })).get('h1')!
    expect(moved.status).toBe('moved')
    expect(moved.message).toMatch(/difference 0.300 is outside the baseline interval \[0.0500, 0.150\]/)
    const reg = (await applyBaselines('abl', [result('h1', 'inconclusive', 0.02)], { update: false, dir })).get('h1')!
    expect(reg.status).toBe('regression')
    expect(reg.message).toBe("mechanism regression: verdict was 'supported', now 'inconclusive'")
    // Checks never rewrite an existing entry.
    expect(JSON.parse(readFileSync(baselinePath('abl', dir), 'utf8')).hypotheses.h1.difference.estimate).toBe(0.1)
  })

  it('a comparison across backends says so', async () => {
    await applyBaselines('abl', [result('h1', 'supported', 0.1, 'cpu')], { update: false, dir })
    const c = (await applyBaselines('abl', [result('h1', 'refuted', -0.1, 'wasm')], { update: false, dir })).get('h1')!
    expect(c.message).toMatch(/baseline recorded on backend cpu, this run on wasm/)
  })

  it('update mode rewrites the file with exactly the current hypotheses', async () => {
    await applyBaselines('abl', [result('h1', 'supported', 0.1), result('old', 'refuted', -1)], { update: false, dir })
    const c = await applyBaselines('abl', [result('h1', 'inconclusive', 0.01)], { update: true, dir })
    expect(c.get('h1')!.status).toBe('updated')
    const file = JSON.parse(readFileSync(baselinePath('abl', dir), 'utf8'))
    expect(Object.keys(file.hypotheses)).toEqual(['h1'])
    expect(file.hypotheses.h1.verdict).toBe('inconclusive')
  })

  it('entries of hypotheses the file no longer declares are kept but said, once, until an update removes them', async () => {
    await applyBaselines('abl', [result('h1', 'supported', 0.1), result('renamed', 'refuted', -1)], { update: false, dir })
    const r = result('h1', 'supported', 0.1)
    expect(await attachBaselines('abl', [r, result('h2', 'supported', 0.1)], { update: false, file: 'a.ablation.ts', unjudged: [], declared: ['h1', 'h2'], dir })).toBeUndefined()
    expect(r.baseline).toMatchObject({ status: 'match', stale: ['renamed'] })
    expect(Object.keys(JSON.parse(readFileSync(baselinePath('abl', dir), 'utf8')).hypotheses)).toEqual(['h1', 'renamed', 'h2'])
    const h2 = { ...result('h2', 'supported', 0.1), baseline: { ...r.baseline!, status: 'new' as const, message: 'no baseline yet: written now' } }
    expect(renderBaselineNotes([r, h2], { color: false })!.split('\n')).toEqual([
      '  + baseline · h2: no baseline yet: written now',
      "  ! baseline · entries for hypotheses the file no longer declares: 'renamed' (kept; rerun the file with -u to remove them)",
    ])
    // Every entry declared, or an update: nothing stale.
    const all = await applyBaselines('abl', [result('h1', 'supported', 0.1)], { update: false, declared: ['h1', 'h2', 'renamed'], dir })
    expect(all.get('h1')!.stale).toBeUndefined()
    const up = await applyBaselines('abl', [result('h1', 'supported', 0.1)], { update: true, declared: ['h1'], dir })
    expect(up.get('h1')!.stale).toBeUndefined()
    expect(Object.keys(JSON.parse(readFileSync(baselinePath('abl', dir), 'utf8')).hypotheses)).toEqual(['h1'])
  })

  it('a corrupt baseline is an error that says how to fix it', async () => {
    writeFileSync(baselinePath('abl', dir), '{ nope')
    await expect(applyBaselines('abl', [result('h1', 'supported', 0.1)], { update: false, dir })).rejects.toThrow(/not valid JSON[\s\S]*delete it and rerun/)
  })

  it('the reporter lists what is not a plain match', () => {
    const r = { ...result('h1', 'refuted', 0), baseline: { status: 'regression' as const, previousVerdict: 'supported' as const, previousEffect: null, backend: 'wasm', message: "mechanism regression: verdict was 'supported', now 'refuted'" } }
    expect(renderBaselineNotes([r], { color: false })).toBe("  ✖ baseline · h1: mechanism regression: verdict was 'supported', now 'refuted'")
    expect(renderBaselineNotes([result('h2', 'supported', 0)], { color: false })).toBeNull()
  })
})

describe('attachBaselines: the baseline step of a judging pass', () => {
  it('attaches each check to its result; errors are no baseline material and keep their old entries', async () => {
    await applyBaselines('abl', [result('h1', 'supported', 0.1), result('h2', 'refuted', -1)], { update: false, dir })
    const ok = result('h1', 'refuted', -0.1)
    expect(await attachBaselines('abl', [ok, new Error('no runs')], { update: true, file: 'a.ablation.ts', unjudged: ['h2'], dir })).toBeUndefined()
    expect(ok.baseline?.status).toBe('updated')
    const file = JSON.parse(readFileSync(baselinePath('abl', dir), 'utf8'))
    expect(Object.keys(file.hypotheses)).toEqual(['h2', 'h1'])
    expect(file).toMatchObject({ file: 'a.ablation.ts', hypotheses: { h1: { verdict: 'refuted' }, h2: { verdict: 'refuted' } } })
  })

  it('an unusable baseline is returned, not thrown, and no check is attached', async () => {
    writeFileSync(baselinePath('abl', dir), JSON.stringify({ ablation: 'another', backend: 'wasm', engineVersion: '0.1.0', hypotheses: {} }))
    const r = result('h1', 'supported', 0.1)
    const e = await attachBaselines('abl', [r], { update: false, file: 'a.ablation.ts', unjudged: [], dir })
    expect(e?.message).toMatch(/belongs to ablation 'another'/)
    expect(r.baseline).toBeUndefined()
  })
})

describe('baselines with undefined intervals', () => {
  it('an interval stored as null (NaN in JSON) is not "left"', async () => {
    const r = result('h', 'supported', 0.1)
    r.difference = { estimate: 0.002, ci: { lo: Number.NaN, hi: Number.NaN }, level: 0.9 }
    await applyBaselines('abl', [r], { update: false, dir })
    expect((await applyBaselines('abl', [r], { update: false, dir })).get('h')!.status).toBe('match')
  })
})
