// Figures as a JSON file stores them: NaN and Infinity come back as null. The schemas the baseline
// files are read with, and the types of what they hold.
import { z } from 'zod'

/** A number as JSON stores it: NaN and Infinity come back as null. */
export const storedNumber = z.number().nullable()

/** An effect (estimate and interval) as JSON stores it. */
export const StoredEffectSchema = z.object({ estimate: storedNumber, ci: z.object({ lo: storedNumber, hi: storedNumber }) })
export type StoredEffect = z.infer<typeof StoredEffectSchema>
