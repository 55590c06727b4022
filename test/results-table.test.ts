import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, expect } from 'vitest'
import type { BaselineFile } from '../src/report/baselines.js'
import type { AblationReport } from '../src/report/json-report.js'
import { resultsSections, specIndex, ResultsError, type SpecIndex } from '../src/report/results-sources.js'
import { renderResultsDoc } from '../src/report/results-table.js'
import { renderPlansStatus } from '../src/report/plans-status.js'
import type { HypothesisResult } from '../src/report/types.js'

const arm = (name: string, mean: number) => ({ name, n: 8, mean, median: mean, iqm: mean, std: 0.01, ciT: { lo: mean - 0.01, hi: mean + 0.01 }, ciBoot: { lo: mean - 0.01, hi: mean + 0.01 }, values: [], seeds: [] })
const h = (over: Partial<HypothesisResult>): HypothesisResult => ({
  kind: 'hypothesis', ablation: 'clip-higher 2x2', hypothesis: 'B < A', metric: 'accuracy (final)', comparison: 'less',
  arms: [arm('B', 0.48), arm('A', 0.6)],
  difference: { estimate: -0.0852, ci: { lo: -0.108, hi: -0.0619 }, level: 0.9 }, hedgesG: { estimate: -2.46, ci: { lo: -3.76, hi: -1.16 } },
  probabilityOfImprovement: 0.97, test: { name: 'paired t', paired: true, p: 0.001, pAdjusted: 0.002 }, verdict: 'supported', reason: '',
  seedsFor80Power: null, expectedVerdict: null, organism: 'toy-linear', backend: 'wasm', engineVersion: '0.1.0', runs: { trained: 0, cached: 0, total: 0 }, ...over,
})
const report = (ablation: string, hyps: HypothesisResult[]): AblationReport => ({ ablation, generatedAt: '2026-01-01T00:00:00.000Z', organism: 'toy-linear', backend: 'wasm', engineVersion: '0.1.0', runs: { trained: 0, cached: 0, total: 0 }, wallTimeMs: null, hypotheses: hyps })
const entry = (verdict: 'supported' | 'inconclusive', d: number) => ({ verdict, difference: { estimate: d, ci: { lo: d - 0.1, hi: d + 0.1 } }, hedgesG: { estimate: 1.5, ci: { lo: 0, hi: 3 } } })
const baseline = (ablation: string, names: string[]): BaselineFile => ({ ablation, backend: 'wasm', engineVersion: '0.2.0', hypotheses: Object.fromEntries(names.map((n) => [n, entry('inconclusive', 0.05)])) })
const spec = (entries: [string, string, string[]][]): SpecIndex => new Map(entries.map(([a, file, hs]) => [a, { file, hypotheses: hs }]))

describe('results sources', () => {
  it('splits vitest list names on the known ablation name, so a hypothesis may hold " > "', () => {
    const idx = specIndex([
      { name: 'clip-higher 2x2 > D > C while learning', file: '/r/ablations/x.ablation.ts' },
      { name: 'clip-higher 2x2 > B < A', file: '/r/ablations/x.ablation.ts' },
      { name: 'a > b > c', file: '/r/ablations/y.ablation.ts' },
    ], ['clip-higher 2x2'], '/r')
    expect(idx.get('clip-higher 2x2')).toEqual({ file: 'ablations/x.ablation.ts', hypotheses: ['D > C while learning', 'B < A'] })
    expect(idx.get('a')).toEqual({ file: 'ablations/y.ablation.ts', hypotheses: ['b > c'] })
  })

  it('uses a complete report, else the baseline, and refuses what is incomplete, naming the ablation and the command', () => {
    const s = spec([['x', 'ablations/x.ablation.ts', ['B < A', 'D > C']], ['y', 'ablations/y.ablation.ts', ['h']]])
    const ok = resultsSections({
      reports: [{ path: '/r/reports/x.json', value: report('x', [h({ ablation: 'x' }), h({ ablation: 'x', hypothesis: 'D > C' })]) }],
      baselines: [{ path: '/r/reports/baselines/x.json', value: baseline('x', ['B < A', 'D > C']) }, { path: '/r/reports/baselines/y.json', value: baseline('y', ['h']) }],
      spec: s,
    })
    expect(ok.sections.map((x) => [x.ablation, x.source.kind, x.file])).toEqual([['x', 'report', 'ablations/x.ablation.ts'], ['y', 'baseline', 'ablations/y.ablation.ts']])

    // y's baseline keeps an entry the spec no longer declares: left out of the rows, and named.
    const stale = resultsSections({ reports: [], baselines: [{ path: '/r/x.json', value: baseline('x', ['B < A', 'D > C']) }, { path: '/r/y.json', value: baseline('y', ['h', 'old']) }], spec: s }).sections[1]
    expect(stale.source.kind === 'baseline' && [Object.keys(stale.source.baseline.hypotheses), stale.source.stale]).toEqual([['h'], ['old']])
    expect(renderResultsDoc([stale], '/r')).toMatch(/\| h \| - \| inconclusive [^\n]*\n\nLeft out, no longer in the spec .*: 'old'\.\n/)

    // A partial run wrote x's report: one of two hypotheses.
    const partial = () => resultsSections({
      reports: [{ path: '/r/reports/x.json', value: report('x', [h({ ablation: 'x' })]) }],
      baselines: [{ path: '/r/reports/baselines/x.json', value: baseline('x', ['B < A', 'D > C']) }, { path: '/r/reports/baselines/y.json', value: baseline('y', ['h']) }],
      spec: s,
    })
    expect(partial).toThrow(ResultsError)
    expect(partial).toThrow(/^✖ x: .*holds 1 hypotheses.*missing: 'D > C'.*npx vitest run ablations\/x\.ablation\.ts/)
    // Fewer than the spec, with no baseline to say so.
    expect(() => resultsSections({ reports: [{ path: 'x.json', value: report('x', [h({ ablation: 'x' })]) }], baselines: [{ path: 'y.json', value: baseline('y', ['h']) }], spec: s }))
      .toThrow(/✖ x: .*missing: 'D > C'/)
    // Neither a report nor a baseline: listed as not run, with the spec's hypotheses.
    const none = resultsSections({ reports: [], baselines: [{ path: 'x.json', value: baseline('x', ['B < A', 'D > C']) }], spec: s }).sections[1]
    expect(none).toEqual({ ablation: 'y', file: 'ablations/y.ablation.ts', source: { kind: 'none', hypotheses: ['h'] } })
    expect(renderResultsDoc([none], '/r')).toContain('| h | - | not run | - | - | - | - | - |')
    // A baseline of an ablation that no longer exists.
    expect(() => resultsSections({ reports: [], baselines: [{ path: 'z.json', value: baseline('z', ['h']) }], spec: new Map() })).toThrow(/✖ z: z\.json is the baseline of an ablation the suite no longer declares/)
  })

  it('renders one row per hypothesis, the arms, known refutations, power, crossovers and baseline rows', () => {
    const { sections } = resultsSections({
      reports: [{ path: '/r/reports/x.json', value: report('x', [
        h({ ablation: 'x', seedsFor80Power: 22, verdict: 'inconclusive' }),
        h({ ablation: 'x', hypothesis: 'H(Z|X) holds', verdict: 'refuted', expectedVerdict: 'refuted', hedgesG: null }),
        h({ ablation: 'x', hypothesis: 'crosses', sweep: { param: 'q', xs: [0, 1], conditions: [{ name: 'hi', mean: [0.5, 0.4], lo: [0.45, 0.35], hi: [0.55, 0.45] }], crossover: { x: 0.54, lo: 0.474, hi: 0.581, share: 1 } } }),
      ]) }],
      baselines: [{ path: '/r/reports/baselines/y.json', value: baseline('y', ['h']) }],
      spec: null,
    })
    const md = renderResultsDoc(sections, '/r').split('\n')
    expect(md).toContain('4 hypotheses in 2 ablations: 1 from their reports, 1 from their baselines.')
    expect(md).toContain('| B < A | accuracy (final) | inconclusive (22 seeds for 80% power) | -0.0852 [-0.108, -0.0619] | -2.46 | 0.97 | 0.002 | 8 |')
    expect(md).toContain('| H(Z\\|X) holds | accuracy (final) | refuted (known refutation) | -0.0852 [-0.108, -0.0619] | - | 0.97 | 0.002 | 8 |')
    expect(md).toContain('| crosses | accuracy (final) | supported | crossover at q = 0.54 [0.474, 0.581], 100% of replicates cross | -2.46 | 0.97 | 0.002 | 8 |')
    expect(md).toContain('| B | accuracy (final) | 8 | 0.48 | [0.47, 0.49] | 0.48 | 0.01 |')
    expect(md.filter((l) => l.startsWith('| A | accuracy (final) |'))).toHaveLength(1)
    expect(md).toContain('| hi | accuracy (final) | 0.5 [0.45, 0.55] | 0.4 [0.35, 0.45] |')
    expect(md).toContain('| h | - | inconclusive | +0.05 [-0.05, 0.15] | +1.5 | - | - | - |')
    expect(md.some((l) => l.startsWith('source: baseline `reports/baselines/y.json`'))).toBe(true)
  })

  it('npm run results exits 1 naming the ablation whose report is partial, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rlvr-results-test-'))
    mkdirSync(join(dir, 'baselines'))
    writeFileSync(join(dir, 'x.json'), JSON.stringify(report('x', [h({ ablation: 'x' })])))
    writeFileSync(join(dir, 'baselines', 'x.json'), JSON.stringify(baseline('x', ['B < A', 'D > C'])))
    writeFileSync(join(dir, 'list.json'), JSON.stringify([{ name: 'x > B < A', file: `${process.cwd()}/ablations/x.ablation.ts` }, { name: 'x > D > C', file: `${process.cwd()}/ablations/x.ablation.ts` }]))
    const out = join(dir, 'results.md')
    const run = () => execFileSync(join('node_modules', '.bin', 'tsx'), ['scripts/results-table.ts', '--spec', join(dir, 'list.json'), '--out', out, '--readme', join(dir, 'README.md')], {
      env: { ...process.env, RLVR_REPORT_DIR: dir, RLVR_BASELINE_DIR: join(dir, 'baselines') }, stdio: 'pipe',
    })
    let err: { status: number; stderr: Buffer } | undefined
    try { run() } catch (e) { err = e as never }
    expect(err?.status).toBe(1)
    expect(err!.stderr.toString()).toMatch(/✖ x: .*missing: 'D > C'/)
    expect(() => readFileSync(out)).toThrow()
    // Complete: written.
    writeFileSync(join(dir, 'x.json'), JSON.stringify(report('x', [h({ ablation: 'x' }), h({ ablation: 'x', hypothesis: 'D > C' })])))
    run()
    expect(readFileSync(out, 'utf8')).toContain('| D > C | accuracy (final) | supported |')
  })
})

describe('results doc under a sequential plan', () => {
  it('adds the plan table: look, seeds, p-values, repeated interval and the CPU of each hypothesis\'s runs, each run once', () => {
    const seq = (stage: number, open?: boolean) => ({ stage, seeds: 8 * stage, looks: [8, 16, 24], spending: 'obrien-fleming' as const, nominal: 0.001, boundary: 3, pRepeated: 0.0004, pSequential: 0.0012, rci: { lo: -0.2, hi: -0.05 }, runs: { used: 40, max: 48 }, ...(open ? { open } : {}) })
    const armAt = (name: string, seeds: number[]) => ({ ...arm(name, 0.5), n: seeds.length, seeds })
    const s8 = [0, 1, 2, 3, 4, 5, 6, 7], s16 = [...s8, 8, 9, 10, 11, 12, 13, 14, 15]
    const hs = [
      h({ ablation: 'x', hypothesis: 'B < A', arms: [armAt('B', s8), armAt('A', s8)], sequential: seq(1) }),
      h({ ablation: 'x', hypothesis: 'D > C', arms: [armAt('D', s16), armAt('C', s16)], verdict: 'inconclusive', sequential: seq(2, true) }),
    ]
    // Runs: 1 CPU-hour per seed of A and B (A and C share a config: the same keys, counted once), 2 of D; D seed 15 predates the field.
    const list = [
      ...s16.map((i) => ({ arm: 'A', seed: i, key: `a${i}`, cpuSeconds: 3600 })),
      ...s8.map((i) => ({ arm: 'B', seed: i, key: `b${i}`, cpuSeconds: 3600 })),
      ...s16.map((i) => ({ arm: 'C', seed: i, key: `a${i}`, cpuSeconds: 3600 })),
      ...s16.map((i) => ({ arm: 'D', seed: i, key: `d${i}`, ...(i === 15 ? {} : { cpuSeconds: 7200 }) })),
    ]
    const r = { ...report('x', hs), runs: { trained: 0, cached: 40, total: 40, list } }
    const doc = renderResultsDoc(resultsSections({ reports: [{ path: '/r/reports/x.json', value: r }], baselines: [], spec: spec([['x', 'ablations/x.ablation.ts', ['B < A', 'D > C']]]) }).sections, '/r')
    expect(doc).toContain("Sequential plan: looks at 8, 16, 24 seeds (O'Brien-Fleming spending) · 40 of 48 runs so far (open) · all runs: 54.00 CPU-h (39 runs; 1 more recorded before CPU time was kept), summed from the run records:")
    expect(doc).toContain('| B < A | look 1/3 (early) | 8 | <0.001 | 0.001 | [-0.2, -0.05] | 16.00 |')
    // D's 15 known runs (30 h) + C's 16 (the keys a0..a15, shared with A: 16 h).
    expect(doc).toContain('| D > C | look 2/3 (open: RLVR_MAX_LOOKS) | 16 | <0.001 | 0.001 | [-0.2, -0.05] | 46.00 |')

    // The README's status of every plan: open while any hypothesis is, at the furthest look, with the most seeds.
    const status = (hyps: HypothesisResult[]) => renderPlansStatus(resultsSections({ reports: [{ path: '/r/reports/x.json', value: { ...r, hypotheses: hyps } }], baselines: [], spec: null }).sections)!.split('\n')
    expect(status(hs)).toContain('| x | open after look 2 of 3 | 16 | 1 supported, 1 open | 54.00 CPU-h (39 runs; 1 more recorded before CPU time was kept) |')
    const done = [hs[0], { ...hs[1], verdict: 'refuted' as const, expectedVerdict: 'refuted' as const, sequential: seq(3) }, { ...hs[1], hypothesis: 'E > C', sequential: seq(3) }]
    expect(status(done)).toContain('| x | decided at look 3 of 3 | 24 | 1 supported, 1 refuted (known refutation), 1 inconclusive | 54.00 CPU-h (39 runs; 1 more recorded before CPU time was kept) |')
    expect(status(hs).at(-1)).toBe('All plans together, each distinct run once (files share arms): 54.00 CPU-h (39 runs; 1 more recorded before CPU time was kept).')
    const withPilots = renderPlansStatus(resultsSections({ reports: [{ path: '/r/reports/x.json', value: r }], baselines: [], spec: null }).sections, { count: 2, cost: { seconds: 1800, runs: 4, unknown: 0 } })!
    expect(withPilots.split('\n').at(-1)).toMatch(/; the 2 pilots that chose the headline's organisms before its first look \(reports\/pilots, on seeds no plan uses\): 0\.50 CPU-h \(4 runs\)\.$/)
    // No plan, no block.
    expect(renderPlansStatus(resultsSections({ reports: [{ path: '/r/reports/y.json', value: report('y', [h({ ablation: 'y' })]) }], baselines: [], spec: null }).sections)).toBeNull()
  })
})
