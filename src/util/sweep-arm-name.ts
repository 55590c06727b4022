// The name sweep() gives the arm of one swept value; reports name a sweep by its conditions and
// values only, so what reads a sweep's runs back (the cost of a hypothesis) rebuilds it here.
export function sweepArmName(sweep: string, param: string, value: number): string {
  return `${sweep} ${param}=${value}`
}
