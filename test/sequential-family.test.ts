// The per-look decision state of a sequential plan: repeated p-values kept as running minima, Holm
// over every hypothesis tested so far (decided ones included), repeated intervals; and the
// progress line's stage.
import { describe, expect, it } from 'vitest'
import { SequentialFamily } from '../src/dsl/sequential-family.js'
import { Progress } from '../src/runner/progress.js'
import { groupSequentialBounds, holm, repeatedConfidenceInterval, repeatedPValue } from '../src/stats/index.js'

const plan = { seeds: Array.from({ length: 24 }, (_, i) => i), looks: [8, 16, 24], spending: 'obrien-fleming' as const }
const timing = [8 / 24, 16 / 24, 1]

describe('SequentialFamily', () => {
  it('turns look p-values into repeated p-values, Holm over the family, and repeated t intervals', () => {
    const f = new SequentialFamily(plan, 0.05)
    const out = f.look(0, [
      { key: 'a', p: 1e-5, pOpposite: 1 - 1e-5, estimate: 1, se: 0.2, df: 7 },
      { key: 'b', p: 0.2, pOpposite: 0.8, estimate: 0.1, se: 0.2, df: 7 },
    ])
    const ra = repeatedPValue(1e-5, 1, timing), rb = repeatedPValue(0.2, 1, timing)
    expect(out.map((o) => o.pAdj)).toEqual(holm([ra, rb]))
    expect(out[0].sequential).toMatchObject({ stage: 1, seeds: 8, looks: [8, 16, 24], pRepeated: ra })
    const nominal = groupSequentialBounds(timing, 0.05).nominal[0]
    expect(out[0].ci).toEqual(repeatedConfidenceInterval(1, 0.2, 7, nominal))
    expect(out[0].sequential.nominal).toBe(nominal)
  })

  it('keeps decided hypotheses in the family and never raises a running minimum', () => {
    const f = new SequentialFamily(plan, 0.05)
    f.look(0, [{ key: 'a', p: 1e-6, pOpposite: 1, estimate: 1 }, { key: 'b', p: 0.01, pOpposite: 0.99, estimate: 1 }])
    // 'a' was decided at look 1; at look 2 only 'b' is tested, with a worse p: its minimum stays.
    const b1 = repeatedPValue(0.01, 1, timing)
    const [b] = f.look(1, [{ key: 'b', p: 0.3, pOpposite: 0.7, estimate: 0.1 }])
    expect(b.sequential.pRepeated).toBe(b1)
    expect(b.pAdj).toBe(holm([repeatedPValue(1e-6, 1, timing), b1])[1]) // m = 2, not 1
    expect(b.ci).toBeNull() // no se/df: no repeated interval
    // A NaN look (undefined test) keeps the previous minimum too.
    const [b3] = f.look(2, [{ key: 'b', p: NaN, pOpposite: NaN, estimate: NaN }])
    expect(b3.sequential.pRepeated).toBe(b1)
  })
})

describe('progress under a plan', () => {
  it('names the stage and the hypotheses still open', () => {
    const p = new Progress({ write: () => true, isTTY: false } as unknown as NodeJS.WriteStream, 1e9)
    const line = p.line({ ablation: 'abl', done: 3, total: 8, stage: { index: 2, of: 6, open: ['h1', 'h2', 'h3', 'h4'] } })
    expect(line).toMatch(/^\[rlvr\] abl: stage 2\/6, 4 open: h1, h2, h3, \+1 · 3\/8 runs/)
    expect(p.line({ ablation: 'abl', done: 3, total: 8 })).toMatch(/^\[rlvr\] abl: 3\/8 runs/)
  })
})
