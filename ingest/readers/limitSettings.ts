// Limits on what a compressed input may unpack to (XLSX workbooks, gzip
// files), each with its environment setting: given values first, then the
// environment, in the setting's unit (MiB, times), then the defaults.
export interface LimitSetting {
  /** Environment variable. */
  env: string;
  /** What one unit of the setting is worth (1 MiB = 1048576 bytes). */
  unit: number;
  /** The unit's name in messages. */
  label: string;
}

/** The limits; a setting that is not a positive number throws `invalid(message)`. */
export function readLimits<L extends { [K in keyof L]: number }>(
  defaults: L,
  settings: Record<keyof L, LimitSetting>,
  given: Partial<L>,
  env: NodeJS.ProcessEnv,
  invalid: (message: string) => Error,
): L {
  const limits = { ...defaults };
  for (const key of Object.keys(settings) as (keyof L)[]) {
    const { env: name, unit } = settings[key];
    const raw = env[name];
    if (raw !== undefined && raw.trim() !== '') {
      const n = Number(raw);
      if (!Number.isFinite(n) || n <= 0) throw invalid(`${name} must be a positive number; got '${raw}'`);
      limits[key] = (n * unit) as L[keyof L];
    }
    if (given[key] !== undefined) limits[key] = given[key] as L[keyof L];
  }
  return limits;
}
