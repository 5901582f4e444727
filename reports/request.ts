// What a report is about, written one way everywhere (CLI, subscriptions,
// the PDF button): a territory brief (the overview for a territory or office
// and period), a project report or a programme report. Each is the page of
// the dashboard that shows it, so the PDF is that page printed: this module
// only says which page, and checks the request before a browser is started.

export type TerritoryLevel = 'region' | 'province' | 'comune' | 'office';
export const TERRITORY_LEVELS: readonly TerritoryLevel[] = ['region', 'province', 'comune', 'office'];

export type ReportRequest =
  | { kind: 'territory'; territory?: { level: TerritoryLevel; code: string }; from?: string; to?: string }
  | { kind: 'project'; cup: string }
  | { kind: 'programme'; code: string };

export type ReportKind = ReportRequest['kind'];
export const REPORT_KINDS: readonly ReportKind[] = ['territory', 'project', 'programme'];

export type ReportLang = 'it' | 'en';

export class ReportRequestError extends Error {
  readonly code = 'REPORT_REQUEST_INVALID';
}

const CUP = /^[A-Z0-9]{15}$/;
const PROGRAMME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const TERRITORY_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$/;

/** Checks a request's shape (the page checks codes against the warehouse and the user's scope). */
export function checkRequest(r: ReportRequest): ReportRequest {
  if (r.kind === 'project') {
    if (!CUP.test(r.cup)) throw new ReportRequestError(`'${r.cup.slice(0, 40)}' is not a CUP (15 capital letters and digits, e.g. F31D23000140007).`);
    return { kind: 'project', cup: r.cup };
  }
  if (r.kind === 'programme') {
    if (!PROGRAMME.test(r.code)) throw new ReportRequestError(`'${r.code.slice(0, 40)}' is not a programme code (letters, digits, '.', '_' or '-', e.g. 2021IT16FFPR003).`);
    return { kind: 'programme', code: r.code };
  }
  if (r.kind !== 'territory') throw new ReportRequestError(`Unknown report kind '${String((r as { kind: unknown }).kind)}'; kinds: ${REPORT_KINDS.join(', ')}.`);
  for (const end of ['from', 'to'] as const) {
    const v = r[end];
    if (v !== undefined && !MONTH.test(v)) throw new ReportRequestError(`--${end} '${v}' is not a month as YYYY-MM (e.g. 2025-03).`);
  }
  if (r.from && r.to && r.from > r.to) throw new ReportRequestError(`The period is inverted: from ${r.from} is after to ${r.to}.`);
  if (r.territory) {
    if (!TERRITORY_LEVELS.includes(r.territory.level))
      throw new ReportRequestError(`Unknown territory level '${r.territory.level}'; levels: ${TERRITORY_LEVELS.join(', ')}.`);
    if (!TERRITORY_CODE.test(r.territory.code)) throw new ReportRequestError(`'${r.territory.code.slice(0, 40)}' is not a ${r.territory.level} code (e.g. province 272, office BA-PFB).`);
  }
  return {
    kind: 'territory',
    ...(r.territory ? { territory: { level: r.territory.level, code: r.territory.code } } : {}),
    ...(r.from ? { from: r.from } : {}),
    ...(r.to ? { to: r.to } : {}),
  };
}

/**
 * Parses the one-line form used by the CLI and stored with subscriptions:
 * `project:CUP`, `programme:CODE`, `territory`, or
 * `territory:province=272,from=2025-01,to=2025-06`.
 */
export function parseReportSpec(spec: string): ReportRequest {
  const i = spec.indexOf(':');
  const kind = (i < 0 ? spec : spec.slice(0, i)).trim();
  const rest = i < 0 ? '' : spec.slice(i + 1).trim();
  if (kind === 'project') return checkRequest({ kind, cup: rest });
  if (kind === 'programme') return checkRequest({ kind, code: rest });
  if (kind !== 'territory')
    throw new ReportRequestError(`'${spec.slice(0, 60)}' names no report; write project:CUP, programme:CODE or territory[:province=272,from=2025-01,to=2025-06].`);
  const r: { kind: 'territory'; territory?: { level: TerritoryLevel; code: string }; from?: string; to?: string } = { kind };
  for (const part of rest ? rest.split(',') : []) {
    const [key, value = ''] = part.split('=').map((s) => s.trim());
    if (key === 'from' || key === 'to') r[key] = value;
    else if ((TERRITORY_LEVELS as readonly string[]).includes(key)) {
      if (r.territory) throw new ReportRequestError(`'${spec.slice(0, 60)}' names two territories; a territory brief is about one.`);
      r.territory = { level: key as TerritoryLevel, code: value };
    } else throw new ReportRequestError(`'${key}' in '${spec.slice(0, 60)}' is not one of: ${[...TERRITORY_LEVELS, 'from', 'to'].join(', ')}.`);
  }
  return checkRequest(r);
}

/** The one-line form of a request (inverse of parseReportSpec). */
export function reportSpec(r: ReportRequest): string {
  if (r.kind === 'project') return `project:${r.cup}`;
  if (r.kind === 'programme') return `programme:${r.code}`;
  const parts = [
    ...(r.territory ? [`${r.territory.level}=${r.territory.code}`] : []),
    ...(r.from ? [`from=${r.from}`] : []),
    ...(r.to ? [`to=${r.to}`] : []),
  ];
  return parts.length ? `territory:${parts.join(',')}` : 'territory';
}

/** The dashboard page (path and query) that the report prints. */
export function reportPagePath(r: ReportRequest, lang: ReportLang): string {
  const q = new URLSearchParams();
  if (r.kind === 'territory') {
    if (r.territory) q.set(r.territory.level, r.territory.code);
    if (r.from) q.set('from', r.from);
    if (r.to) q.set('to', r.to);
  }
  q.set('lang', lang);
  const path = r.kind === 'project' ? `/projects/${encodeURIComponent(r.cup)}` : r.kind === 'programme' ? `/programmes/${encodeURIComponent(r.code)}` : '/';
  return `${path}?${q.toString()}`;
}

/** A file name without personal data: the kind and the code. */
export function reportFileStem(r: ReportRequest): string {
  if (r.kind === 'project') return `progetto-${r.cup}`;
  if (r.kind === 'programme') return `programma-${r.code}`;
  const where = r.territory ? `${r.territory.level}-${r.territory.code}` : 'tutti';
  return `territorio-${where}${r.from || r.to ? `-${r.from ?? 'inizio'}_${r.to ?? 'fine'}` : ''}`;
}

const KIND_TITLE: Record<ReportKind, Record<ReportLang, string>> = {
  territory: { it: 'Scheda territoriale', en: 'Territory brief' },
  project: { it: 'Rapporto di progetto', en: 'Project report' },
  programme: { it: 'Rapporto di programma', en: 'Programme report' },
};

export function reportKindTitle(r: ReportRequest, lang: ReportLang): string {
  return KIND_TITLE[r.kind][lang];
}
