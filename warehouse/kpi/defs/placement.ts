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
/** mart.placement_quality summed to the most asked cuts (warehouse/marts/placement_quality_area.sql). */
const PLACEMENTS_AREA = [
  { mart: 'placement_quality_area', dimensions: ['region', 'province', 'programme', 'project', 'contract_type', 'gender', 'month', 'quarter', 'year'] },
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
  return {
    code: `PL_RATE_${k}` as KpiCode,
    family: 'placement',
    name: bilingual(`Tasso di inserimento a ${k} ${k === 1 ? 'mese' : 'mesi'}`, `Placement rate at ${k} month${k === 1 ? '' : 's'}`),
    description: bilingual(
      `Quota di persone uscite da una misura nella coorte con un inserimento iniziato entro ${k} ${k === 1 ? 'mese' : 'mesi'}.`,
      `Share of people leaving a measure in the cohort with a placement starting within ${k} month${k === 1 ? '' : 's'}.`,
    ),
    unit: 'share',
    higherIsBetter: true,
    mart: 'placement_rates',
    columns: RATES,
    dimensions: dims(RATES),
    measures: [
      ratio('placement_rate', bilingual('Tasso di inserimento', 'Placement rate'), `placed_${k}`, `eligible_${k}`),
      count('placed', bilingual('Inseriti', 'Placed'), `placed_${k}`),
      countOf(EXITS, 'eligible', bilingual('Usciti osservabili', 'Observable leavers'), `eligible_${k}`),
      countOf(EXITS, 'exits', bilingual('Usciti (tutti)', 'Leavers (all)')),
    ],
    value: 'placement_rate',
    ...(k === 6
      ? { plausible: [{ measure: 'placement_rate', min: 0.3, max: 0.45, basis: bilingual('GOL: 31,8% occupati (31/1/2025); Garanzia Giovani 66,4% alla data (orizzonte più lungo).', 'GOL: 31.8% employed (31 Jan 2025); Garanzia Giovani 66.4% at date (longer horizon).') }] }
      : {}),
    methodology: {
      numerator: bilingual(`Persone della coorte con un inserimento (qualsiasi contratto) iniziato tra il giorno di uscita e ${k} ${k === 1 ? 'mese' : 'mesi'} dopo, estremi inclusi.`, `Cohort members with a placement (any contract) starting between the exit day and ${k} month${k === 1 ? '' : 's'} later, both included.`),
      denominator: bilingual(`Persone della coorte uscite da almeno ${k} ${k === 1 ? 'mese' : 'mesi'} alla data di aggiornamento.`, `Cohort members who left at least ${k} month${k === 1 ? '' : 's'} before the as-of date.`),
      population: EXIT_POPULATION,
      timeReference: bilingual('Mese di uscita dalla misura (coorte).', 'Month of leaving the measure (cohort).'),
      censoring: bilingual(`Le uscite con uscita + ${k} ${k === 1 ? 'mese' : 'mesi'} dopo la data di aggiornamento sono escluse da numeratore e denominatore (non contano come mancati inserimenti).`, `Exits whose exit + ${k} month${k === 1 ? '' : 's'} falls after the as-of date are excluded from numerator and denominator (not counted as failures).`),
      source: bilingual('Convenzione del monitoraggio Garanzia Giovani (tasso di inserimento a k mesi dalla conclusione dell’intervento).', 'Garanzia Giovani monitoring convention (placement rate k months after the end of the measure).'),
      caveats: bilingual('Gli inserimenti iniziati prima dell’uscita non contano. Il programma è quello dell’ultima misura conclusa nel mese.', 'Placements started before the exit do not count. The programme is that of the last measure ended in the month.'),
    },
  };
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
    description: bilingual('EECR04: occupati entro 4 settimane dall’uscita; EECR05: occupati 6 mesi dopo l’uscita. EECR01–EECR03 non sono calcolabili dal contratto dati.', 'EECR04: in employment within 4 weeks of leaving; EECR05: in employment 6 months after leaving. EECR01–EECR03 cannot be computed from the data contract.'),
    unit: 'share',
    higherIsBetter: true,
    mart: 'placement_rates',
    columns: RATES,
    dimensions: dims(RATES),
    measures: [
      ratio('eecr04_rate', bilingual('EECR04 quota', 'EECR04 share'), 'eecr04', 'eecr04_eligible'),
      count('eecr04', bilingual('EECR04 (occupati entro 4 settimane)', 'EECR04 (employed within 4 weeks)')),
      countOf(EXITS, 'eecr04_eligible', bilingual('Usciti da almeno 4 settimane', 'Left at least 4 weeks ago')),
      ratio('eecr05_rate', bilingual('EECR05 quota', 'EECR05 share'), 'eecr05', 'eecr05_eligible'),
      count('eecr05', bilingual('EECR05 (occupati a 6 mesi)', 'EECR05 (employed at 6 months)')),
      countOf(EXITS, 'eecr05_eligible', bilingual('Usciti da almeno 6 mesi', 'Left at least 6 months ago')),
    ],
    value: 'eecr04_rate',
    methodology: {
      numerator: bilingual('EECR04: persone con un inserimento iniziato tra l’uscita e 28 giorni dopo. EECR05: persone con un inserimento in corso esattamente 6 mesi dopo l’uscita.', 'EECR04: people with a placement starting between the exit and 28 days later. EECR05: people with a placement running exactly 6 months after the exit.'),
      denominator: bilingual('Persone uscite da almeno 28 giorni (EECR04) / 6 mesi (EECR05).', 'People who left at least 28 days (EECR04) / 6 months (EECR05) before the as-of date.'),
      population: EXIT_POPULATION,
      timeReference: bilingual('Mese di uscita.', 'Month of leaving.'),
      censoring: bilingual('Uscite troppo recenti per l’orizzonte escluse da numeratore e denominatore.', 'Exits too recent for the horizon are excluded from numerator and denominator.'),
      source: bilingual('Reg. (UE) 2021/1057, allegato I (indicatori comuni di risultato EECR).', 'Reg. (EU) 2021/1057, annex I (common result indicators EECR).'),
      caveats: bilingual('EECR01 (in cerca di lavoro all’uscita), EECR02 (in istruzione/formazione all’uscita) ed EECR03 (qualifica ottenuta) richiedono lo stato all’uscita, che il contratto dati non contiene: non calcolati. Il regolamento conta i partecipanti; qui si contano le coorti mensili di uscita.', 'EECR01 (job searching upon leaving), EECR02 (in education/training upon leaving) and EECR03 (qualification gained) need the status upon leaving, which the data contract does not carry: not computed. The regulation counts participants; here monthly exit cohorts are counted.'),
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
      count('employed', bilingual('Di cui occupati', 'Of whom employed')),
      ratio('employed_share', bilingual('Quota occupati', 'Employed share'), 'employed', 'taken_in_charge'),
    ],
    value: 'taken_in_charge',
    methodology: {
      numerator: bilingual('Persone prese in carico (gol_path valorizzato); di cui nei gruppi prioritari: donne, disoccupati di lunga durata, persone con disabilità, under 30, over 55 (età nell’anno di aggiornamento), o target youth_neet, long_term_unemployed, women, over55, disabled.', 'People taken in charge (gol_path set); of whom in priority groups: women, long-term unemployed, people with disabilities, under 30, over 55 (age in the as-of year), or target groups youth_neet, long_term_unemployed, women, over55, disabled.'),
      denominator: bilingual('Persone prese in carico.', 'People taken in charge.'),
      population: bilingual('Ogni persona una volta: la sua ultima iscrizione con un percorso GOL.', 'Each person once: their latest registration with a GOL path.'),
      timeReference: bilingual('Mese di iscrizione.', 'Month of registration.'),
      censoring: NO_CENSOR,
      source: bilingual('PNRR M5C1 – GOL: obiettivo 75% dei beneficiari nei gruppi prioritari; dato di riferimento 3.582.308 prese in carico al 31/1/2025, 31,8% occupati.', 'PNRR M5C1 – GOL: target 75% of beneficiaries in priority groups; seed figure 3,582,308 taken in charge at 31 Jan 2025, 31.8% employed.'),
      caveats: bilingual('La definizione nazionale di gruppo prioritario usa anche lo stato di percettore di sostegno al reddito, qui incluso solo se riportato tra i target.', 'The national priority-group definition also uses income-support status, included here only when reported as a target group.'),
    },
  },
];
