// Hypothesis reporting: the vitest reporter, the pure renderers and the JSON writer.
export type { ArmSummary, HypothesisResult, Interval, Verdict } from './types.js'
export { META_KEY } from './types.js'
export {
  HypothesisReporter,
  DEFAULT_OUTPUT_DIR,
  REPORT_DIR_ENV,
  type HypothesisReporterOptions,
} from './hypothesis-reporter.js'
export {
  DEFAULT_SECTIONS,
  ablationRuns,
  ablationSeeds,
  countVerdicts,
  formatVerdict,
  groupByAblation,
  renderAblation,
  renderAblationTable,
  renderFootnotes,
  renderGrandTotal,
  renderReport,
  renderSummary,
  renderTitle,
  tableRow,
  type AblationGroup,
  type AblationSection,
  type RenderReportOptions,
  type RunCounts,
  type VerdictCounts,
} from './render.js'
export type { RenderOptions } from './render-options.js'
export { TABLE_HEAD, formatLevel, sharedDifferenceLevel, tableHead } from './cells.js'
export {
  buildAblationReport,
  reportFileNames,
  slugify,
  writeAblationReports,
  writeFileAtomic,
  type AblationReport,
  type WriteReportsOptions,
} from './json-report.js'
export { collectResults, isHypothesisResult, type Collected, type CollectedRow } from './collect.js'
export { detectColorLevel, makeChalk, type ColorEnvironment } from './color.js'
export {
  distinct,
  formatDuration,
  formatEstimate,
  formatInterval,
  formatNumber,
  formatP,
  formatProbability,
  formatSeedRanges,
  formatSigned,
} from './format.js'
