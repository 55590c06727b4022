// Colour for the hypothesis report: chalk 5's own detection (supports-color: FORCE_COLOR,
// --color/--no-color, TERM=dumb, a TTY on stdout), tightened to the conventions CI logs need:
// without FORCE_COLOR, NO_COLOR (non-empty), CI or a non-TTY output stream mean no colour.
// FORCE_COLOR always wins (FORCE_COLOR=0 disables colour, like chalk).

import { Chalk, supportsColor, type ChalkInstance, type ColorSupportLevel } from 'chalk'

export interface ColorEnvironment {
  env?: NodeJS.ProcessEnv
  /** Whether the stream the report goes to is a terminal (default: process.stdout.isTTY). */
  isTTY?: boolean
  /** chalk's detected level for stdout (default: chalk's `supportsColor`). */
  detectedLevel?: ColorSupportLevel
}

/** Colour level for the report: 0 (none) to 3 (truecolor). */
export function detectColorLevel(options: ColorEnvironment = {}): ColorSupportLevel {
  const env = options.env ?? process.env
  const isTTY = options.isTTY ?? Boolean(process.stdout.isTTY)
  const detected: ColorSupportLevel = options.detectedLevel ?? (supportsColor ? supportsColor.level : 0)
  if (env.FORCE_COLOR !== undefined) {
    // chalk has already read FORCE_COLOR (and a tested override has to say so itself).
    if (env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return 0
    return detected === 0 ? 1 : detected
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0
  if ('CI' in env) return 0
  if (!isTTY) return 0
  return detected
}

/** A chalk instance at a fixed level: level 0 produces plain strings. */
export function makeChalk(color: boolean | ColorSupportLevel): ChalkInstance {
  const level: ColorSupportLevel = color === true ? 1 : color === false ? 0 : color
  return new Chalk({ level })
}
