// Runs trained elsewhere (TRL, verl, W&B exports, TensorBoard, an earlier rlvr report) as RunRecords, so
// the DSL's hypotheses, statistics and controls apply to them. See docs/external-runs.md.
export { readExternalRuns, STEP_FIELDS, SEED_FIELDS } from './read.js'
export { DEFAULT_METRIC_MAP } from './metric-map.js'
export { FORMATS } from './formats.js'
export { parseCsv, CsvSyntaxError, type CsvTable } from './csv.js'
export {
  ExternalRunsError, type ExternalSource, type ExternalRuns, type ExternalRun, type ExternalFormat, type ExternalConfig,
  type ExternalRunsErrorKind,
} from './types.js'

import type { RunRecord } from '../engine/trainer.js'
import type { ExternalConfig } from './types.js'

/** True for a record read by readExternalRuns (its config holds where it came from). */
export const isExternalRecord = (r: RunRecord): boolean => (r.backend as string) === 'external'

/** Where an external record came from (format, file, arm, renamed fields); undefined for an engine record. */
export const externalSource = (r: RunRecord): ExternalConfig['external'] | undefined =>
  isExternalRecord(r) ? (r.config as unknown as ExternalConfig).external : undefined
