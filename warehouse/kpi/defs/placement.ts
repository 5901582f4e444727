// Placement-outcome KPIs (kpis.md §Placement outcomes).
import type { KpiCode, KpiDefinition } from '../types.ts';
import { bilingual, count, countOf, dims, OCCUPATION, PERSON, ratio, TERRITORY, time } from './common.ts';

const NO_CENSOR = bilingual('Nessuna.', 'None.');
const OFFICE_PERSON = { ...TERRITORY, office: 'office', ...PERSON, ...time() };
const RATES = { ...TERRITORY, office: 'office', programme: 'programme', ...PERSON, ...time() };
const PLACEMENTS = {
  ...TERRITORY,
  programme: 'programme',
  project: 'project',
  ...OCCUPATION,
  sector_section: 'sector_section',
  contract_type: 'contract_type',
  ...PERSON,
  ...time(),
};
const { contract_type: _ct, ...CONVERSIONS } = PLACEMENTS;
/**
 * mart.placement_quality summed to the cuts pages and the explorer ask
 * (warehouse/marts/placement_quality_*.sql), tried in this order; a request
 * no rollup holds reads the full-grain mart.
 */
const PLACEMENTS_AREA = [
  { mart: 'placement_quality_area', dimensions: ['region', 'province', 'programme', 'project', 'contract_type', 'gender', 'month', 'quarter', 'year'] },
  { mart: 'placement_quality_profile', dimensions: ['region', 'gender', 'age_band', 'citizenship', 'isced', 'target_group', 'month', 'quarter', 'year'] },
  { mart: 'placement_quality_comune', dimensions: ['region', 'province', 'comune', 'month', 'quarter', 'year'] },
  { mart: 'placement_quality_work', dimensions: ['region', 'occupation_group', 'isco_major', 'sector_section', 'month', 'quarter', 'year'] },
] as const;

// Populations for disclosure control (MeasureDefinition.population), read
// from the marts' SQL. In mart.placement_rates every count is a subset of the
// cohort's exits (eligible at k months ⊇ eligible at a later k; placed ⊂
// eligible); for cohorts older than a year eligible_1…eligible_12, eecr0x_eligible
// and exits are the same number. In mart.placement_quality every count is a
// subset of placements (ret6_eligible ⊇ ret12_eligible; ret6 ⊇ ret12; by
// contract type or working time), and for starts older than a year
// placements = ret6_eligible = ret12_eligible. In mart.traineeship_conversion
// converted ⊂ eligible ⊂ ended.
const EXITS = 'placement_rates.exits';
const PLACEMENT_STARTS = 'placement_quality.placements';
const TRAINEESHIPS = 'traineeship_conversion.ended';

const EXIT_POPULATION = bilingual(
  'Persone uscite da una misura attiva (servizio diverso da accoglienza e orientamento di base, con data di fine), una volta per mese di uscita, all’ultima uscita del mese; chi esce in mesi diversi entra in ciascuna coorte.',
  'People leaving an active measure (a service other than reception and basic guidance, with an end date), once per exit month, at their last exit in the month; people leaving in different months enter each cohort.',
);

function placementRate(k: 1 | 3 | 6 | 12): KpiDefinition {
  const mesi = `${k} ${k === 1 ? 'mese' : 'mesi'}`;
  const months = `${k} month${k === 1 ? '' : 's'}`;
  return {
    code: `PL_RATE_${k}` as KpiCode,
    family: 'placement',
    name: bilingual(`Occupati a ${mesi} dall’uscita`, `In employment ${months} after leaving`),
    description: bilingual(
      `Quota di persone uscite da una misura nella coorte che lavorano ${mesi} dopo l’uscita; accanto, la quota con un inserimento avviato entro ${mesi} (misura dell’osservatorio).`,
      `Share of people leaving a measure in the cohort who are in work ${months} after leaving; beside it, the share with a placement started within ${months} (the observatory's own measure).`,
    ),
    unit: 'share',
    higherIsBetter: true,
    mart: 'placement_rates',
    columns: RATES,
    dimensions: dims(RATES),
    measures: [
      ratio('employment_rate', bilingual(`Occupati a ${mesi} dall’uscita`, `In employment ${months} after leaving`), `employed_${k}`, `eligible_${k}`),
      count('employed', bilingual(`Occupati a ${mesi}`, `In employment at ${months}`), `employed_${k}`),
      ratio('placement_rate', bilingual(`Inserimento avviato entro ${mesi} (osservatorio)`, `Placement started within ${months} (observatory)`), `placed_${k}`, `eligible_${k}`),
      count('placed', bilingual(`Inserimenti avviati entro ${mesi}`, `Placements started within ${months}`), `placed_${k}`),
      countOf(EXITS, 'eligible', bilingual('Usciti osservabili', 'Observable leavers'), `eligible_${k}`),
      countOf(EXITS, 'exits', bilingual('Usciti (tutti)', 'Leavers (all)')),
    ],
    value: 'employment_rate',
    ...(k === 6
      ? { plausible: [{ measure: 'employment_rate', min: 0.25, max: 0.45, basis: bilingual('GOL: 31,8% occupati (31/1/2025); Garanzia Giovani 66,4% alla data (orizzonte più lungo).', 'GOL: 31.8% employed (31 Jan 2025); Garanzia Giovani 66.4% at date (longer horizon).') }] }
      : {}),
    methodology: {
      numerator: bilingual(
        `Persone della coorte con un inserimento (qualsiasi contratto) in corso il giorno uscita + ${mesi}: iniziato entro quel giorno (anche prima dell’uscita) e non concluso prima. A parte (placement_rate, misura dell’osservatorio): persone con un inserimento iniziato tra il giorno di uscita e ${mesi} dopo, estremi inclusi, anche se poi concluso.`,
        `Cohort members with a placement (any contract) running on exit day + ${months}: started by that day (before the exit included) and not ended before it. Separately (placement_rate, the observatory's own): cohort members with a placement starting between the exit day and ${months} later, both included, even if it has ended since.`,
      ),
      denominator: bilingual(`Persone della coorte uscite da almeno ${mesi} alla data di aggiornamento.`, `Cohort members who left at least ${months} before the as-of date.`),
      population: EXIT_POPULATION,
      timeReference: bilingual('Mese di uscita dalla misura (coorte).', 'Month of leaving the measure (cohort).'),
      censoring: bilingual(`Le uscite con uscita + ${mesi} dopo la data di aggiornamento sono escluse da numeratore e denominatore (non contano come non occupati).`, `Exits whose exit + ${months} falls after the as-of date are excluded from numerator and denominator (not counted as not employed).`),
      source: bilingual(
        'Monitoraggio del Programma Garanzia Giovani (ANPAL, ora Ministero del Lavoro): tasso di occupazione come quota di chi lavora a una data distanza dalla conclusione dell’intervento (uno stato a una data, non un avvio). La misura «inserimento avviato entro k mesi» è dell’osservatorio.',
        'Garanzia Giovani programme monitoring (ANPAL, now the Ministry of Labour): employment rate as the share in work at a given distance from the end of the measure (a status at a date, not a start). The “placement started within k months” measure is the observatory’s own.',
      ),
      caveats: bilingual(
        'Si osservano solo gli inserimenti del contratto dati (lavoro dipendente, parasubordinato, tirocini e autonomo se riportati): chi lavora senza un inserimento registrato conta come non occupato. Il programma è quello dell’ultima misura conclusa nel mese.',
        'Only placements of the data contract are seen (employees, para-subordinate, traineeships and self-employment when reported): someone working without a recorded placement counts as not employed. The programme is that of the last measure ended in the month.',
      ),
    },
  };
}


/** GOL employment D days from the presa in carico, among those taken in charge at least D days earlier (the monitoring notes' 60, 90 and 180 days). */
function golHorizon(days: number) {
  return [
    count(`eligible_${days}`, bilingual(`Presi in carico da almeno ${days} giorni`, `Taken in charge at least ${days} days ago`)),
    count(`employed_${days}`, bilingual(`Occupati a ${days} giorni dalla presa in carico`, `In employment ${days} days after being taken in charge`)),
    ratio(`employed_${days}_share`, bilingual(`Quota occupati a ${days} giorni`, `Share in employment at ${days} days`), `employed_${days}`, `eligible_${days}`),
    count(`new_employed_${days}`, bilingual(`Nuovi occupati entro ${days} giorni`, `Newly employed within ${days} days`)),
    ratio(`new_employed_${days}_share`, bilingual(`Quota nuovi occupati entro ${days} giorni`, `Newly employed share within ${days} days`), `new_employed_${days}`, `eligible_${days}`),
  ];
}

export const PLACEMENT: KpiDefinition[] = [
  {
    code: 'PL_FUNNEL',
    family: 'placement',
    name: bilingual('Percorso dei servizi', 'Service funnel'),
    description: bilingual('Iscritti → patto di servizio → almeno una misura attiva → misura conclusa → occupati.', 'Registered → service agreement → at least one active measure → completed → employed.'),
    unit: 'count',
    mart: 'service_funnel',
    columns: OFFICE_PERSON,
    dimensions: dims(OFFICE_PERSON),
    measures: [
      count('registered', bilingual('Iscritti', 'Registered')),
      count('agreement', bilingual('Con patto di servizio', 'With a service agreement')),
      count('active_measure', bilingual('Con almeno una misura attiva', 'With at least one active measure')),
      count('completed', bilingual('Con una misura conclusa', 'With a measure completed')),
      count('employed', bilingual('Occupati', 'Employed')),
      ratio('employed_share', bilingual('Quota occupati sugli iscritti', 'Employed over registered'), 'employed', 'registered'),
    ],
    value: 'registered',
    methodology: {
      numerator: bilingual('Per ciascuna fase: iscrizioni che l’hanno raggiunta (ogni iscrizione una volta per fase, qualunque sia il numero di servizi). Patto di servizio = servizio di accoglienza o orientamento di base; misura attiva = qualsiasi altro servizio; conclusa = esito completed; occupati = inserimento iniziato dopo l’iscrizione.', 'For each step: registrations that reached it (each registration once per step, however many services). Service agreement = a reception or basic guidance service; active measure = any other service; completed = outcome completed; employed = a placement starting after registration.'),
      denominator: bilingual('Iscrizioni (DID o primo contatto) del periodo.', 'Registrations (DID or first contact) in the period.'),
      population: bilingual('Iscrizioni fino alla data di aggiornamento; servizi e inserimenti dalla data di iscrizione alla data di aggiornamento.', 'Registrations up to the as-of date; services and placements from registration to the as-of date.'),
      timeReference: bilingual('Mese di iscrizione.', 'Month of registration.'),
      censoring: bilingual('Le iscrizioni recenti hanno avuto meno tempo per avanzare: le fasi successive sono osservate fino alla data di aggiornamento.', 'Recent registrations have had less time to progress: later steps are observed up to the as-of date.'),
      source: bilingual('Percorso del D.Lgs. 150/2015 (DID, patto di servizio personalizzato, misure di politica attiva).', 'Path of D.Lgs. 150/2015 (DID, personalised service agreement, active labour-market measures).'),
      caveats: bilingual('Una persona iscritta due volte conta due volte (una per iscrizione).', 'A person registered twice counts twice (once per registration).'),
    },
  },
  placementRate(1),
  placementRate(3),
  placementRate(6),
  placementRate(12),
  {
    code: 'PL_EECR',
    family: 'placement',
    name: bilingual('Indicatori di risultato FSE+ (EECR04, EECR05)', 'ESF+ result indicators (EECR04, EECR05)'),
    description: bilingual('EECR04: partecipanti che hanno un lavoro, anche autonomo, alla fine della partecipazione; EECR05: partecipanti che hanno un lavoro, anche autonomo, sei mesi dopo. EECR01–EECR03 non sono calcolabili dal contratto dati.', 'EECR04: participants in employment, including self-employment, upon leaving; EECR05: participants in employment, including self-employment, six months after leaving. EECR01–EECR03 cannot be computed from the data contract.'),
    unit: 'share',
    higherIsBetter: true,
    mart: 'placement_rates',
    columns: RATES,
    dimensions: dims(RATES),
    measures: [
      ratio('eecr04_rate', bilingual('EECR04 quota', 'EECR04 share'), 'eecr04', 'eecr04_eligible'),
      count('eecr04', bilingual('EECR04 (occupati alla fine della partecipazione)', 'EECR04 (in employment upon leaving)')),
      countOf(EXITS, 'eecr04_eligible', bilingual('Usciti da almeno 4 settimane', 'Left at least 4 weeks ago')),
      ratio('eecr05_rate', bilingual('EECR05 quota', 'EECR05 share'), 'eecr05', 'eecr05_eligible'),
      count('eecr05', bilingual('EECR05 (occupati a 6 mesi)', 'EECR05 (employed at 6 months)')),
      countOf(EXITS, 'eecr05_eligible', bilingual('Usciti da almeno 6 mesi', 'Left at least 6 months ago')),
    ],
    value: 'eecr04_rate',
    methodology: {
      numerator: bilingual('EECR04: persone con un inserimento in corso in almeno un giorno tra l’uscita e 28 giorni dopo, compreso chi lavorava già durante la misura (un inserimento iniziato prima dell’uscita e non concluso prima). EECR05: persone con un inserimento in corso esattamente 6 mesi dopo l’uscita.', 'EECR04: people with a placement running on at least one day from the exit to 28 days later, including those already working during the measure (a placement started before the exit and not ended before it). EECR05: people with a placement running exactly 6 months after the exit.'),
      denominator: bilingual('Persone uscite da almeno 28 giorni (EECR04) / 6 mesi (EECR05).', 'People who left at least 28 days (EECR04) / 6 months (EECR05) before the as-of date.'),
      population: EXIT_POPULATION,
      timeReference: bilingual('Mese di uscita.', 'Month of leaving.'),
      censoring: bilingual('Uscite troppo recenti per l’orizzonte escluse da numeratore e denominatore.', 'Exits too recent for the horizon are excluded from numerator and denominator.'),
      source: bilingual('Regolamento (UE) 2021/1057 (FSE+), allegato I: indicatori comuni di risultato immediato (EECR04, «alla fine della partecipazione») e di lungo termine (EECR05, «sei mesi dopo»).', 'Regulation (EU) 2021/1057 (ESF+), Annex I: common immediate result indicators (EECR04, “upon leaving”) and longer-term result indicators (EECR05, “six months after leaving”).'),
      caveats: bilingual('«Alla fine della partecipazione» è letto qui come dal giorno di uscita alle 4 settimane successive (scelta dell’osservatorio, da allineare alle istruzioni dell’Autorità di gestione). EECR01 (in cerca di lavoro all’uscita), EECR02 (in istruzione/formazione all’uscita) ed EECR03 (qualifica ottenuta) richiedono lo stato all’uscita, che il contratto dati non contiene: non calcolati. Il regolamento conta i partecipanti; qui si contano le coorti mensili di uscita.', 'Upon leaving is read here as from the exit day to 4 weeks after it (the observatory’s choice, to be aligned with the managing authority’s instructions). EECR01 (job searching upon leaving), EECR02 (in education/training upon leaving) and EECR03 (qualification gained) need the status upon leaving, which the data contract does not carry: not computed. The regulation counts participants; here monthly exit cohorts are counted.'),
    },
  },
  {
    code: 'PL_QUAL',
    family: 'placement',
    name: bilingual('Qualità dei contratti', 'Contract quality'),
    description: bilingual('Quota di contratti a tempo indeterminato e di apprendistato tra gli inserimenti; quota a tempo pieno.', 'Share of permanent and apprenticeship contracts among placements; full-time share.'),
    unit: 'share',
    higherIsBetter: true,
    mart: 'placement_quality',
    rollups: PLACEMENTS_AREA,
    columns: PLACEMENTS,
    dimensions: dims(PLACEMENTS),
    measures: [
      ratio('stable_share', bilingual('Quota indeterminato + apprendistato', 'Permanent + apprenticeship share'), 'permanent + apprenticeship', 'placements'),
      ratio('full_time_share', bilingual('Quota tempo pieno', 'Full-time share'), 'full_time', 'working_time_known'),
      count('permanent', bilingual('Tempo indeterminato', 'Permanent')),
      count('apprenticeship', bilingual('Apprendistato', 'Apprenticeship')),
      count('full_time', bilingual('Tempo pieno', 'Full time')),
      count('working_time_known', bilingual('Con orario noto', 'Working time known')),
      countOf(PLACEMENT_STARTS, 'placements', bilingual('Inserimenti', 'Placements')),
    ],
    value: 'stable_share',
    plausible: [
      { measure: 'stable_share', min: 0.15, max: 0.4, basis: bilingual('Comunicazioni Obbligatorie: indeterminato + apprendistato circa 1 avviamento su 4.', 'Comunicazioni Obbligatorie: permanent + apprenticeship about 1 hire in 4.') },
      { measure: 'full_time_share', min: 0.55, max: 0.85, basis: bilingual('Circa due terzi degli avviamenti a tempo pieno.', 'About two thirds of hires full time.') },
    ],
    methodology: {
      numerator: bilingual('Inserimenti a tempo indeterminato o in apprendistato; per la quota a tempo pieno, inserimenti full.', 'Permanent or apprenticeship placements; for the full-time share, full-time placements.'),
      denominator: bilingual('Tutti gli inserimenti del periodo; per il tempo pieno, quelli con orario riportato.', 'All placements in the period; for full time, those with working time reported.'),
      population: bilingual('Inserimenti (ogni contratto una volta: una persona con due contratti conta due volte).', 'Placements (each contract once: a person with two contracts counts twice).'),
      timeReference: bilingual('Mese di inizio.', 'Month of start.'),
      censoring: NO_CENSOR,
      source: bilingual('Convenzione osservatorio; tipologie delle Comunicazioni Obbligatorie.', 'Observatory convention; contract types of the Comunicazioni Obbligatorie.'),
      caveats: bilingual('Tirocini e lavoro autonomo sono nel denominatore.', 'Traineeships and self-employment are in the denominator.'),
    },
  },
  {
    code: 'PL_RET',
    family: 'placement',
    name: bilingual('Permanenza nel lavoro', 'Retention'),
    description: bilingual('Quota di inserimenti ancora in corso 6 e 12 mesi dopo l’inizio.', 'Share of placements still running 6 and 12 months after the start.'),
    unit: 'share',
    higherIsBetter: true,
    mart: 'placement_quality',
    rollups: PLACEMENTS_AREA,
    columns: PLACEMENTS,
    dimensions: dims(PLACEMENTS),
    measures: [
      ratio('retention_6m', bilingual('Permanenza a 6 mesi', 'Retention at 6 months'), 'ret6', 'ret6_eligible'),
      count('ret6', bilingual('In corso a 6 mesi', 'Running at 6 months')),
      countOf(PLACEMENT_STARTS, 'ret6_eligible', bilingual('Iniziati da almeno 6 mesi', 'Started at least 6 months ago')),
      ratio('retention_12m', bilingual('Permanenza a 12 mesi', 'Retention at 12 months'), 'ret12', 'ret12_eligible'),
      count('ret12', bilingual('In corso a 12 mesi', 'Running at 12 months')),
      countOf(PLACEMENT_STARTS, 'ret12_eligible', bilingual('Iniziati da almeno 12 mesi', 'Started at least 12 months ago')),
    ],
    value: 'retention_6m',
    methodology: {
      numerator: bilingual('Inserimenti senza data di fine o con data di fine ≥ inizio + 6 (12) mesi.', 'Placements with no end date or an end date ≥ start + 6 (12) months.'),
      denominator: bilingual('Inserimenti iniziati almeno 6 (12) mesi prima della data di aggiornamento.', 'Placements started at least 6 (12) months before the as-of date.'),
      population: bilingual('Inserimenti (ogni contratto una volta).', 'Placements (each contract once).'),
      timeReference: bilingual('Mese di inizio.', 'Month of start.'),
      censoring: bilingual('Gli inserimenti iniziati da meno di 6 (12) mesi sono esclusi, anche se già conclusi (la coorte non è ancora osservabile).', 'Placements started less than 6 (12) months before the as-of date are excluded, even if already ended (the cohort is not yet observable).'),
      source: bilingual('Convenzione osservatorio (sopravvivenza del rapporto di lavoro, censura a destra).', 'Observatory convention (job-spell survival, right-censored).'),
      caveats: bilingual('Una trasformazione presso lo stesso datore registrata come nuovo contratto interrompe la permanenza del primo.', 'A conversion with the same employer recorded as a new contract ends the first spell.'),
    },
  },
  {
    code: 'PL_CONV',
    family: 'placement',
    name: bilingual('Trasformazione dei tirocini', 'Traineeship conversion'),
    description: bilingual('Tirocini conclusi seguiti entro 30 giorni da un contratto con lo stesso datore.', 'Traineeships ended followed within 30 days by a contract with the same employer.'),
    unit: 'share',
    higherIsBetter: true,
    mart: 'traineeship_conversion',
    columns: CONVERSIONS,
    dimensions: dims(CONVERSIONS),
    measures: [
      ratio('conversion_rate', bilingual('Tasso di trasformazione', 'Conversion rate'), 'converted', 'eligible'),
      count('converted', bilingual('Trasformati', 'Converted')),
      countOf(TRAINEESHIPS, 'eligible', bilingual('Tirocini osservabili (30 giorni trascorsi)', 'Observable traineeships (30 days elapsed)')),
      countOf(TRAINEESHIPS, 'ended', bilingual('Tirocini conclusi', 'Traineeships ended')),
    ],
    value: 'conversion_rate',
    plausible: [{ measure: 'conversion_rate', min: 0.1, max: 0.3, basis: bilingual('34 trasformazioni su 189 cantieri di cittadinanza (18%).', '34 conversions out of 189 cantieri di cittadinanza (18%).') }],
    methodology: {
      numerator: bilingual('Tirocini con un contratto (non tirocinio) della stessa persona con lo stesso datore iniziato da 0 a 30 giorni dopo la fine: il giorno 30 conta, il 31 no.', 'Traineeships followed by a contract (not a traineeship) of the same person with the same employer starting 0 to 30 days after the end: day 30 counts, day 31 does not.'),
      denominator: bilingual('Tirocini conclusi nel periodo la cui finestra di 30 giorni è chiusa alla data di aggiornamento.', 'Traineeships ended in the period whose 30-day window closed by the as-of date.'),
      population: bilingual('Tirocini (contract_type traineeship) con data di fine; ogni tirocinio una volta.', 'Traineeships (contract_type traineeship) with an end date; each traineeship once.'),
      timeReference: bilingual('Mese di fine del tirocinio.', 'Month the traineeship ended.'),
      censoring: bilingual('Tirocini finiti da meno di 30 giorni: esclusi (non contano come non trasformati).', 'Traineeships ended less than 30 days before the as-of date: excluded (not counted as not converted).'),
      source: bilingual('Convenzione osservatorio; dato di riferimento: 34 trasformazioni su 189 cantieri di cittadinanza.', 'Observatory convention; seed figure: 34 conversions out of 189 cantieri di cittadinanza.'),
      caveats: bilingual('Il giorno 0 è la data di fine del tirocinio.', 'Day 0 is the traineeship end date.'),
    },
  },
  {
    code: 'PL_EVT',
    family: 'placement',
    name: bilingual('Assunzioni da eventi', 'Hires from events'),
    description: bilingual('Assunzioni per evento di reclutamento/matching e per partecipante.', 'Hires per recruiting/matching event and per participant.'),
    unit: 'ratio',
    higherIsBetter: true,
    mart: 'event_hires',
    columns: { ...TERRITORY, office: 'office', event_kind: 'event_kind', ...time() },
    dimensions: [...dims(TERRITORY), 'office', 'event_kind', ...dims(time())],
    measures: [
      ratio('hires_per_event', bilingual('Assunzioni per evento', 'Hires per event'), 'hires_reported', 'events', 'ratio'),
      ratio('hires_per_participant', bilingual('Assunzioni per partecipante', 'Hires per participant'), 'hires_reported', 'participants', 'ratio'),
      count('events', bilingual('Eventi', 'Events')),
      count('participants', bilingual('Partecipanti', 'Participants')),
      count('interviews', bilingual('Colloqui', 'Interviews')),
      count('hires_reported', bilingual('Assunzioni riportate', 'Hires reported')),
      count('hires_linked', bilingual('Inserimenti collegati all’evento', 'Placements linked to the event')),
    ],
    value: 'hires_per_event',
    methodology: {
      numerator: bilingual('Assunzioni riportate dagli sportelli per gli eventi (hires_reported); a fianco gli inserimenti collegati con event_id.', 'Hires reported by the offices for the events (hires_reported); beside them, placements linked by event_id.'),
      denominator: bilingual('Eventi del periodo; partecipanti.', 'Events in the period; participants.'),
      population: bilingual('Eventi (recruiting day, career day, matching, fiere, workshop) fino alla data di aggiornamento.', 'Events (recruiting days, career days, matching events, job fairs, workshops) up to the as-of date.'),
      timeReference: bilingual('Mese dell’evento.', 'Month of the event.'),
      censoring: bilingual('Le assunzioni successive alla data di aggiornamento non sono ancora riportate.', 'Hires after the as-of date are not reported yet.'),
      source: bilingual('Convenzione osservatorio; dato di riferimento: 120 assunti con i recruiting day in 9 mesi (Porta Futuro Bari).', 'Observatory convention; seed figure: 120 hired through recruiting days in 9 months (Porta Futuro Bari).'),
      caveats: bilingual('hires_reported è dichiarato dallo sportello; hires_linked dipende dalla compilazione di event_id.', 'hires_reported is declared by the office; hires_linked depends on event_id being filled in.'),
    },
  },
  {
    code: 'PL_GOL',
    family: 'placement',
    name: bilingual('Presa in carico GOL', 'GOL take-up'),
    description: bilingual('Persone prese in carico per percorso GOL 1–5 e quota nei gruppi prioritari.', 'People taken in charge by GOL path 1–5 and share in priority groups.'),
    unit: 'count',
    mart: 'gol_takeup',
    columns: { ...OFFICE_PERSON, gol_path: 'gol_path' },
    dimensions: [...dims(OFFICE_PERSON), 'gol_path'],
    measures: [
      count('taken_in_charge', bilingual('Prese in carico', 'Taken in charge')),
      count('priority', bilingual('Di cui in gruppi prioritari', 'Of whom in priority groups')),
      ratio('priority_share', bilingual('Quota gruppi prioritari (obiettivo PNRR 75%)', 'Priority-group share (PNRR target 75%)'), 'priority', 'taken_in_charge'),
      count('employed_at_date', bilingual('Occupati alla data', 'In employment at the date')),
      ratio('employed_at_date_share', bilingual('Quota occupati alla data', 'Share in employment at the date'), 'employed_at_date', 'taken_in_charge'),
      count('new_employed', bilingual('Nuovi occupati (lavoro avviato dopo la presa in carico)', 'Newly employed (job started after being taken in charge)')),
      ratio('new_employed_share', bilingual('Quota nuovi occupati', 'Newly employed share'), 'new_employed', 'taken_in_charge'),
      ...[60, 90, 180].flatMap(golHorizon),
    ],
    value: 'taken_in_charge',
    methodology: {
      numerator: bilingual('Persone prese in carico (gol_path valorizzato); di cui nei gruppi prioritari: donne, disoccupati di lunga durata, persone con disabilità, under 30, over 55 (età nell’anno di aggiornamento), o target youth_neet, long_term_unemployed, women, over55, disabled. Occupati alla data: con un inserimento in corso alla data di aggiornamento, iniziato prima o dopo la presa in carico (uno stock). Nuovi occupati: con un inserimento iniziato tra la presa in carico e la data di aggiornamento (anche se poi concluso). A 60, 90 e 180 giorni: le stesse due misure al giorno 60, 90 o 180 dalla presa in carico.', 'People taken in charge (gol_path set); of whom in priority groups: women, long-term unemployed, people with disabilities, under 30, over 55 (age in the as-of year), or target groups youth_neet, long_term_unemployed, women, over55, disabled. In employment at the date: with a placement running at the as-of date, started before or after being taken in charge (a stock). Newly employed: with a placement started between being taken in charge and the as-of date (even if it has ended since). At 60, 90 and 180 days: the same two measures on day 60, 90 or 180 from being taken in charge.'),
      denominator: bilingual('Persone prese in carico; per le misure a 60, 90 e 180 giorni, quelle prese in carico da almeno altrettanti giorni.', 'People taken in charge; for the 60-, 90- and 180-day measures, those taken in charge at least that many days before the as-of date.'),
      population: bilingual('Ogni persona una volta: la sua ultima iscrizione con un percorso GOL.', 'Each person once: their latest registration with a GOL path.'),
      timeReference: bilingual('Mese di iscrizione (la presa in carico è datata dall’iscrizione con il percorso GOL); occupazione alla data di aggiornamento e ai giorni 60, 90 e 180.', 'Month of registration (being taken in charge is dated by the registration with the GOL path); employment at the as-of date and on days 60, 90 and 180.'),
      censoring: bilingual('Le persone prese in carico da meno di 60, 90 o 180 giorni sono escluse dalle misure a quella distanza (non contano come non occupate).', 'People taken in charge less than 60, 90 or 180 days before the as-of date are left out of the measures at that distance (not counted as not employed).'),
      source: bilingual('Note di monitoraggio del Programma GOL (ANPAL, poi Ministero del Lavoro): occupati alla data (rapporto di lavoro in essere alla data di riferimento, anche se iniziato prima della presa in carico) e nuovi occupati riportati separatamente; le prime note contano chi è preso in carico da almeno 60, 90 o 180 giorni. PNRR M5C1 – GOL: obiettivo 75% dei beneficiari nei gruppi prioritari; dato di riferimento 3.582.308 prese in carico al 31/1/2025, 31,8% occupati.', 'GOL programme monitoring notes (ANPAL, then the Ministry of Labour): in employment at the date (an employment relationship running at the reference date, even if it began before being taken in charge) and newly employed reported separately; the early notes count people taken in charge at least 60, 90 or 180 days earlier. PNRR M5C1 – GOL: target 75% of beneficiaries in priority groups; seed figure 3,582,308 taken in charge at 31 Jan 2025, 31.8% employed.'),
      caveats: bilingual('La definizione nazionale di gruppo prioritario usa anche lo stato di percettore di sostegno al reddito, qui incluso solo se riportato tra i target. Le note nazionali leggono le Comunicazioni Obbligatorie; qui contano solo gli inserimenti del contratto dati. Il contratto dati non ha una data di presa in carico distinta: si usa la data di iscrizione con il percorso GOL.', 'The national priority-group definition also uses income-support status, included here only when reported as a target group. The national notes read the Comunicazioni Obbligatorie; here only the placements of the data contract count. The data contract has no separate date of being taken in charge: the date of the registration with the GOL path is used.'),
    },
  },
];
