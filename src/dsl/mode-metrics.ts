// `mode_rate:<mode>` and `mode_accuracy:<mode>` read a reasoning mode of the organism: a mode it
// does not have would only fail after training (the metric is not recorded), so it is refused when
// the spec is collected, naming the modes the organism has.
import type { GrpoConfig } from '../engine/config.js'
import { resolveOrganism } from '../organisms/index.js'
import { SpecError } from './errors.js'
import type { MetricRef } from './spec.js'

/** The reasoning modes an organism's evaluations report (none for the successor toy task). */
export function organismModes(config: GrpoConfig): string[] {
  const o = resolveOrganism(config.organism)
  return 'modes' in o ? [...o.modes] : []
}

/** Throws when the metric names a mode the arm's organism lacks. */
export function checkModeMetric(metric: MetricRef, arm: string, config: GrpoConfig, where: string[]): void {
  const m = /^mode_(rate|accuracy):(.+)$/.exec(metric.name)
  if (!m) return
  const modes = organismModes(config)
  if (modes.includes(m[2])) return
  const organism = typeof config.organism === 'string' ? `'${config.organism}'` : `the inline ${config.organism.kind} organism`
  throw new SpecError('RLVR_UNKNOWN_METRIC', `${metric.name}: arm '${arm}' trains ${organism}, which has no mode '${m[2]}'`, where,
    modes.length ? `its modes: ${modes.map((x) => `mode_${m[1]}:${x}`).join(', ')}` : 'this organism has no reasoning modes: use accuracy or another metric')
}
