// A publication mapping: the declarative description of how one public
// publication is printed (which column is the territory, the period, the
// measure, the value; the number format; how labels map to codes; which
// columns are public text) — one small YAML file per publication, shipped in
// ingest/official/mappings/ or given with `osservatorio ingest --mapping`.
// docs/official-data.md documents every field. A mapping that does not fit
// this schema is refused whole, naming the file and the field.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const code = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _ (e.g. cob_rapporti_attivati)');
const period = z
  .string()
  .regex(/^\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?$/, 'a period: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD');
const territoryRef = z
  .string()
  .regex(/^(regione|provincia|comune):[0-9]+$/, 'level:code, e.g. provincia:022');

const labelMap = z.record(z.string(), z.string());

const measureSpec = z.strictObject({
  label_it: z.string().min(1),
  label_en: z.string().min(1),
  additivity: z.enum(['flow', 'stock', 'distinct', 'ratio']),
  unit: code,
});

const observationSpec = z.strictObject({
  /** Column holding the figure. */
  value: z.string().min(1),
  measure: z.strictObject({
    /** Columns whose labels, joined by `|`, pick the measure; none: `code` alone. */
    by: z.array(z.string().min(1)).default([]),
    codes: labelMap.optional(),
    code: code.optional(),
    /**
     * A label of `by` that is a year (`2024`) is this measure, for that
     * calendar year, as counted at the row's own period (a table of counts
     * per year of intake, at a reference date).
     */
    years: code.optional(),
  }),
});

const breakdownSpec = z.strictObject({ column: z.string().min(1), codes: labelMap });

export const mappingSchema = z.strictObject({
  id: code,
  source: code,
  title: z.string().min(1),
  recognise: z.strictObject({ headers: z.array(z.string().min(1)).min(2) }),
  number_format: z.enum(['dot', 'italian']),
  missing_values: z.array(z.string()).default([]),
  public_columns: z.array(z.string().min(1)).default([]),
  territory: z.strictObject({
    column: z.string().min(1),
    by: z.enum(['name', 'code']),
    level: z.enum(['regione', 'provincia', 'comune']),
    totals: z.array(z.string().min(1)).default([]),
    not_available: z.array(z.string().min(1)).default([]),
    variants: z.record(z.string(), territoryRef).default({}),
    /**
     * Whose borders the figures are on: `of_period`, each period's own (what a
     * publication printed at the time gives), or `current`, today's for every
     * period (a series the publisher recomputed on today's territories).
     */
    boundaries: z.enum(['of_period', 'current']).default('of_period'),
    /** Rows where `column` equals `equals` are national figures (their territory cell holds another label). */
    nation_when: z.strictObject({ column: z.string().min(1), equals: z.string() }).optional(),
  }),
  period: z.strictObject({
    type: z.enum(['year', 'quarter', 'month', 'date']),
    column: z.string().min(1).optional(),
    year: z.string().min(1).optional(),
    quarter: z.string().min(1).optional(),
    month: z.string().min(1).optional(),
    from: period,
  }),
  publication: z.strictObject({
    column: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    published_on: z.iso.date().optional(),
  }),
  skip_rows: z
    .array(
      z.strictObject({ column: z.string().min(1), equals: z.string(), reason: z.string().min(1) }),
    )
    .default([]),
  observations: z.array(observationSpec).min(1),
  breakdowns: z
    .strictObject({
      sex: breakdownSpec.optional(),
      age_band: breakdownSpec.optional(),
      contract_type: breakdownSpec.optional(),
      gol_path: breakdownSpec.optional(),
    })
    .default({}),
  measures: z.record(code, measureSpec),
  /**
   * Terms under which the figures may be republished (on the open-data page,
   * with the attribution). Absent: the publication is loaded and shown beside
   * the agency's data, but not offered for reuse.
   */
  republish: z
    .strictObject({
      licence: z.string().min(1),
      attribution: z.string().min(1),
      source_url: z.url({ protocol: /^https$/ }).optional(),
    })
    .optional(),
});

export type PublicationMapping = z.infer<typeof mappingSchema> & { file: string };

/** A mapping file that cannot be used: names the file and each field at fault. */
export class MappingInvalid extends Error {
  readonly code = 'MAPPING_INVALID';
}

/** Rules the schema alone cannot say: columns the rest of the mapping relies on, codes it uses. */
function crossChecks(m: z.infer<typeof mappingSchema>): string[] {
  const problems: string[] = [];
  const p = m.period;
  if (!p.column && !p.year)
    problems.push('period: give `column`, or `year` (with `quarter` or `month`)');
  if (p.type === 'quarter' && !p.column && !p.quarter)
    problems.push('period: a quarterly period needs `column` or `year` + `quarter`');
  if (p.type === 'month' && !p.column && !p.month)
    problems.push('period: a monthly period needs `column` or `year` + `month`');
  if (!m.publication.column && !m.publication.name)
    problems.push('publication: give `column` or `name`');
  for (const [i, o] of m.observations.entries()) {
    const { by, codes, code: fixed } = o.measure;
    if (by.length === 0 && !fixed)
      problems.push(`observations[${i}].measure: give \`code\`, or \`by\` with \`codes\``);
    if (by.length > 0 && !codes)
      problems.push(`observations[${i}].measure: \`by\` needs \`codes\``);
    const { years } = o.measure;
    if (years && by.length !== 1)
      problems.push(
        `observations[${i}].measure: \`years\` reads the year from one column of \`by\``,
      );
    for (const c of [
      ...Object.values(codes ?? {}),
      ...(fixed ? [fixed] : []),
      ...(years ? [years] : []),
    ])
      if (!m.measures[c])
        problems.push(`observations[${i}].measure: '${c}' is not declared under \`measures\``);
  }
  return problems;
}

export function parseMapping(text: string, file: string): PublicationMapping {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new MappingInvalid(
      `${basename(file)}: not valid YAML (${(err as Error).message.split('\n')[0]})`,
    );
  }
  const parsed = mappingSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new MappingInvalid(
      `${basename(file)}: not a publication mapping:\n  ${lines.join('\n  ')}`,
    );
  }
  const problems = crossChecks(parsed.data);
  if (problems.length) throw new MappingInvalid(`${basename(file)}: ${problems.join('; ')}`);
  return { ...parsed.data, file };
}

export function readMapping(file: string): PublicationMapping {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new MappingInvalid(
      `${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return parseMapping(text, file);
}
