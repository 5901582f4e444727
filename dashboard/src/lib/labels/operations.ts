// Names of the things the operations page lists: the scheduled jobs, the
// contract feeds a file is loaded into, the usual report schedules. The
// warehouse stores them as identifiers (ops.job_runs.job, ops.loads.feed,
// cron expressions); a person reads them by these names.
import type { Lang, Text } from './lang.ts';

const JOB_NAMES: Record<string, Text> = {
  inbox: { it: 'Caricamento dalla cartella in arrivo', en: 'Inbox load' },
  marts: { it: 'Aggiornamento degli indicatori', en: 'Indicator refresh' },
  'open-data': { it: 'Pubblicazione dei dati aperti', en: 'Open-data publication' },
  backup: { it: 'Copia di sicurezza', en: 'Backup' },
  reports: { it: 'Invio dei rapporti programmati', en: 'Scheduled report delivery' },
  alerts: { it: 'Valutazione e invio degli avvisi', en: 'Alert evaluation and delivery' },
};

const FEED_NAMES: Record<string, Text> = {
  offices: { it: 'Sedi dei servizi', en: 'Offices' },
  job_seekers: { it: 'Persone in cerca di lavoro', en: 'Job seekers' },
  services: { it: 'Servizi erogati', en: 'Services delivered' },
  events: { it: 'Eventi di reclutamento', en: 'Recruiting events' },
  employers: { it: 'Datori di lavoro', en: 'Employers' },
  vacancies: { it: 'Offerte di lavoro', en: 'Vacancies' },
  matches: { it: 'Candidature e incroci', en: 'Matches' },
  placements: { it: 'Inserimenti lavorativi', en: 'Placements' },
  programmes: { it: 'Programmi', en: 'Programmes' },
  projects: { it: 'Progetti', en: 'Projects' },
  project_financials: { it: 'Dati finanziari dei progetti', en: 'Project financials' },
  targets: { it: 'Traguardi e obiettivi', en: 'Milestones and targets' },
  indicator_reports: { it: 'Valori degli indicatori dichiarati', en: 'Reported indicator values' },
  context_stats: { it: 'Statistiche di contesto', en: 'Context statistics' },
  official_datasets: { it: 'Pubblicazioni ufficiali', en: 'Official publications' },
  project_places: { it: 'Localizzazioni dei progetti', en: 'Project locations' },
  programme_allocations: { it: 'Dotazioni dei programmi', en: 'Programme allocations' },
  official_measures: { it: 'Misure ufficiali', en: 'Official measures' },
  official_series: { it: 'Serie ufficiali', en: 'Official series' },
};

/** The report schedules offered when a subscription is added (cron, Europe/Rome). */
const SCHEDULE_NAMES: Record<string, Text> = {
  '0 7 * * *': { it: 'ogni giorno alle 7:00', en: 'daily at 7:00' },
  '0 7 * * 1': { it: 'ogni lunedì alle 7:00', en: 'Mondays at 7:00' },
  '0 7 1 * *': { it: 'il 1° di ogni mese alle 7:00', en: 'the 1st of each month at 7:00' },
  '0 7 1 1,4,7,10 *': { it: 'il 1° di ogni trimestre alle 7:00', en: 'the 1st of each quarter at 7:00' },
};

function nameIn(table: Record<string, Text>, lang: Lang, id: string | null | undefined): string | null {
  if (id === null || id === undefined || id === '') return null;
  return Object.hasOwn(table, id) ? table[id][lang] : null;
}

/** A scheduled job by its name ("Aggiornamento degli indicatori" for marts), or null when it has none. */
export function jobName(lang: Lang, job: string | null | undefined): string | null {
  return nameIn(JOB_NAMES, lang, job);
}

/** A contract feed by its name ("Persone in cerca di lavoro" for job_seekers), or null when it has none. */
export function feedName(lang: Lang, feed: string | null | undefined): string | null {
  return nameIn(FEED_NAMES, lang, feed);
}

/** A report schedule in words, or null for a cron expression without a name. */
export function scheduleName(lang: Lang, cron: string): string | null {
  return nameIn(SCHEDULE_NAMES, lang, cron);
}
