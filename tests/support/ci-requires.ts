// Under CI (CI=true, as .ci/run runs), a service a suite needs is part of the run: its absence fails the suite
// instead of skipping it, since a skipped suite reads as a pass. Elsewhere the suite is skipped, said once.
export const IN_CI = /^(1|true)$/i.test(process.env.CI ?? '')

/** Throws under CI when `present` is false (the suite fails, saying what is missing); else warns. */
export function requireInCi(present: boolean, what: string, howToGet: string): void {
  if (present) return
  const message = `${what} is missing: ${howToGet}`
  if (IN_CI) throw new Error(`${message} (CI=true: these tests must run, not be skipped)`)
  console.warn(`${message}; its tests are skipped`)
}
