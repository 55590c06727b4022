// Reading a JSON report back (the results generator, tools): through a zod schema, so a truncated,
// hand-edited or foreign file is refused with its path and the field, not rendered half-way.
// Numbers come back as JSON stores them: NaN and Infinity as null.
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import type { AblationReport } from './json-report.js'

const num = z.number().nullable()
const Interval = z.object({ lo: num, hi: num })
const Effect = z.object({ estimate: num, ci: Interval }).nullable()

const ArmSummarySchema = z.looseObject({
  name: z.string(), n: z.number().int().min(0), mean: num, median: num, iqm: num, std: num,
  ciT: Interval, ciBoot: Interval, values: z.array(num), seeds: z.array(z.number().int()),
})

export const HypothesisResultSchema = z.looseObject({
  kind: z.enum(['hypothesis', 'claim']),
  ablation: z.string(),
  hypothesis: z.string(),
  metric: z.string(),
  comparison: z.string(),
  arms: z.array(ArmSummarySchema),
  difference: z.object({ estimate: num, ci: Interval, level: num }).nullable(),
  hedgesG: Effect,
  probabilityOfImprovement: num,
  test: z.looseObject({ name: z.string(), paired: z.boolean(), p: num, pAdjusted: num }),
  // Verdicts other helpers may add are strings too; the report keeps what the run decided.
  verdict: z.string().min(1),
  reason: z.string(),
  seedsFor80Power: num,
  expectedVerdict: z.string().nullable(),
  organism: z.string(),
  backend: z.string(),
  engineVersion: z.string(),
  runs: z.object({ trained: z.number(), cached: z.number(), total: z.number() }),
})

export const AblationReportSchema = z.looseObject({
  ablation: z.string().min(1),
  generatedAt: z.string(),
  organism: z.string(),
  backend: z.string(),
  engineVersion: z.string(),
  runs: z.object({ trained: z.number(), cached: z.number(), total: z.number() }),
  wallTimeMs: num,
  hypotheses: z.array(HypothesisResultSchema),
})

/** Parse one report file; throws naming the file and the first fields that are wrong. */
export function readAblationReport(path: string): AblationReport {
  let json: unknown
  try { json = JSON.parse(readFileSync(path, 'utf8')) } catch (e) {
    throw new Error(`report ${path} is not valid JSON (${(e as Error).message}): rerun its ablation to write it again`)
  }
  const parsed = AblationReportSchema.safeParse(json)
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
    throw new Error(`report ${path} is not an ablation report (${issues}): rerun its ablation to write it again`)
  }
  return parsed.data as unknown as AblationReport
}
