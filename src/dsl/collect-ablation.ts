// Building an ablation's plain definition (AblationDef) from its base and body: the options are
// checked, the body runs (arm, hypothesis, claim, sweep add to the definition), the claims'
// controls are resolved. No vitest here: register.ts turns the definition into tests, judge.ts
// trains and evaluates it, and the tests collect definitions directly.
import { nextAblationId, runBody } from './ablation-stack.js'
import { validateConfig } from './arm-config.js'
import { resolveClaims } from './claim.js'
import type { RlvrPolicy } from './control-kinds.js'
import { checkEnvironment } from './environment.js'
import { callerLocation, SpecError } from './errors.js'
import { isSeedPlan, resolveSeedPlan } from './seed-plan.js'
import type { AblationBase, AblationDef } from './spec.js'
import { checkStatisticsOptions } from './statistics-options.js'

/**
 * Build and validate an ablation's definition: runs the body (arms, hypotheses) and throws a
 * SpecError naming file, ablation, arm and field on any mistake. Nothing trains here. `provided`
 * is the control policy vitest.config.ts provides (register.ts reads it).
 */
export function collectAblation(name: string, base: AblationBase, body: () => void, file = callerLocation(), provided: RlvrPolicy = {}): AblationDef {
  const { seeds, alpha = 0.05, inconclusive, paired = 'auto', test = 't', validity, ...grpo } = base
  checkEnvironment()
  const plan = isSeedPlan(seeds) ? resolveSeedPlan(seeds, [file, `ablation '${name}'`]) : undefined
  const seedList = plan ? plan.seeds : seeds === undefined ? null : typeof seeds === 'number' ? Array.from({ length: seeds }, (_, i) => i) : seeds
  if (seedList !== null && (!Array.isArray(seedList) || seedList.length < 2 || seedList.some((s) => !Number.isInteger(s)))) {
    throw new SpecError('RLVR_BAD_OPTION', `seeds must be a count >= 2 or a list of >= 2 integer seeds, got ${JSON.stringify(seeds)}`, [file, `ablation '${name}'`, 'field seeds'])
  }
  // A repeated seed is the same run twice: it would count as two samples (pseudo-replication).
  const repeated = seedList?.filter((s, i) => seedList.indexOf(s) !== i) ?? []
  if (repeated.length) {
    throw new SpecError('RLVR_BAD_OPTION', `seeds ${JSON.stringify(seeds)} repeat ${[...new Set(repeated)].join(', ')}: a seed is one run, counted once`, [file, `ablation '${name}'`, 'field seeds'],
      'list each seed once, or give a count (seeds: 8 is 0..7)')
  }
  const statistics = checkStatisticsOptions({ test, validity }, [file, `ablation '${name}'`])
  const envInconclusive = process.env.RLVR_INCONCLUSIVE
  const def: AblationDef = {
    id: nextAblationId(), name, file, base: grpo,
    options: { seeds: seedList, alpha, paired: paired as boolean | 'auto', ...statistics, inconclusive: (envInconclusive === 'skip' || envInconclusive === 'fail' ? envInconclusive : inconclusive) ?? 'fail', ...(plan ? { plan } : {}) },
    arms: [], hypotheses: [], claims: [],
  }
  // Validate the base alone, so a typo there is reported once, not once per arm.
  validateConfig(grpo, def, null)
  runBody(def, body)
  resolveClaims(def, provided)
  checkPlanArms(def)
  if (def.hypotheses.length === 0 && def.claims.length === 0) {
    throw new SpecError('RLVR_BAD_OPTION', `ablation '${name}' declares no hypothesis`, [file], "add hypothesis('...', () => expectArm(A).on('accuracy').toBeGreaterThan(B))")
  }
  return def
}

/** After the body: arms read from files have their own seeds and cannot join a plan's stages. */
function checkPlanArms(def: AblationDef): void {
  const ext = def.arms.find((a) => a.external)
  if (def.options.plan && ext) {
    throw new SpecError('RLVR_BAD_OPTION', `arm '${ext.ref.name}' reads its runs from files, but the ablation declares a sequential seeds plan`,
      [def.file, `ablation '${def.name}'`, 'field seeds'], 'give the ablation a fixed seed count or list, or move the file-backed arms to their own ablation')
  }
}
