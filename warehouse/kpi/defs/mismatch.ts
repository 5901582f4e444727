// Supply / demand mismatch KPIs (kpis.md §Supply / demand mismatch).
import type { KpiDefinition } from '../types.ts';
import { bilingual, count, dims, OCCUPATION, ratio, TERRITORY, time, weightedMedian } from './common.ts';

// `occupation` (the code as reported) is what the hard-to-fill ranking per territory is read at.
const VAC_BASE = { ...TERRITORY, office: 'office', ...OCCUPATION, occupation: 'occupation', sector_section: 'sector_section' };
const VAC_PUB = { ...VAC_BASE, ...time('pub_') };
const VAC_CLOSE = { ...VAC_BASE, ...time('close_') };
const NO_CENSOR = bilingual('Nessuna.', 'None.');
// Closed vacancies summed by province × month of closing (mart.vacancy_closed_area).
const CLOSED_AREA = [{ mart: 'vacancy_closed_area', dimensions: ['region', 'province', 'month', 'quarter', 'year'] }] as const;
// Vacancies counted by province × month of publication × days (mart.vacancy_days_area):
// the medians are read off that histogram, the counts add up as they are.
const DAYS_AREA = [
  {
    mart: 'vacancy_days_area',
    dimensions: ['region', 'province', 'month', 'quarter', 'year'],
    histogram: { values: ['is_filled', 'days_to_fill', 'open_days'], count: 'vacancy_n', cell: ['province', 'month'] },
    measures: {
      median_days_to_fill: `${weightedMedian('days_to_fill', 'vacancy_n')}::DOUBLE`,
      median_open_days: `${weightedMedian('open_days', 'vacancy_n')}::DOUBLE`,
    },
  },
] as const;
const TIGHT = { region: 'region', province: 'province', ...OCCUPATION, occupation: 'occupation' };

/** A value defined for one mart cell only (the shortage/surplus class and its signals): null when a row rolls up several cells. */
const oneCell = (column: string) => `case when count(*) = 1 then min(${column}) end`;
const FLAG_RULE = bilingual(
  'Tensione: V/U della cella ≥ 2 volte quella della provincia → +1, ≤ 0,5 volte → −1, posti aperti senza persone disponibili → +1 (servono almeno 5 tra posti e persone). Difficile reperimento nelle offerte chiuse negli ultimi 12 mesi: ≥ 60% → +1, ≤ 30% → −1 (almeno 5 offerte chiuse). Tempo medio di copertura ≥ 1,25 volte quello della provincia → +1, ≤ 0,75 volte → −1 (almeno 5 offerte coperte). Proposte rifiutate ≥ 25% → +1 (almeno 10 candidati proposti). Offerte pubblicate negli ultimi 12 mesi ≥ 1,25 volte i 12 mesi precedenti → +1, ≤ 0,75 volte → −1 (almeno 5 nei 12 mesi precedenti). Con meno di 2 segnali leggibili la cella non è classificata; altrimenti saldo = segnali +1 − segnali −1: saldo ≥ 2 carenza, ≤ −2 eccedenza, altrimenti equilibrio.',
  'Tightness: the cell’s V/U ≥ 2 times the province’s → +1, ≤ 0.5 times → −1, open positions with no available person → +1 (at least 5 positions and people together). Hard to fill among vacancies closed in the last 12 months: ≥ 60% → +1, ≤ 30% → −1 (at least 5 closed). Mean time to fill ≥ 1.25 times the province’s → +1, ≤ 0.75 times → −1 (at least 5 filled). Declined proposals ≥ 25% → +1 (at least 10 candidates proposed). Vacancies published in the last 12 months ≥ 1.25 times the 12 months before → +1, ≤ 0.75 times → −1 (at least 5 in the 12 months before). With fewer than 2 readable signals the cell is not classified; otherwise net = +1 signals − −1 signals: net ≥ 2 shortage, ≤ −2 surplus, otherwise balanced.',
);

export const MISMATCH: KpiDefinition[] = [
  {
    code: 'MM_VAC',
    family: 'mismatch',
    name: bilingual('Offerte e posti pubblicati', 'Vacancies and positions published'),
    description: bilingual('Numero di offerte di lavoro e di posti pubblicati nel periodo.', 'Number of vacancies and positions published in the period.'),
    unit: 'count',
    mart: 'vacancy_outcomes',
    columns: VAC_PUB,
    dimensions: dims(VAC_PUB),
    measures: [count('vacancies', bilingual('Offerte', 'Vacancies'), '1'), count('positions', bilingual('Posti', 'Positions'))],
    value: 'vacancies',
    methodology: {
      numerator: bilingual('Offerte pubblicate (e somma dei posti offerti).', 'Vacancies published (and the sum of positions offered).'),
      denominator: bilingual('Nessuno (conteggio).', 'None (count).'),
      population: bilingual('Offerte pubblicate dagli sportelli fino alla data di aggiornamento.', 'Vacancies published by the offices up to the as-of date.'),
      timeReference: bilingual('Mese di pubblicazione (published_on).', 'Month of publication (published_on).'),
      censoring: NO_CENSOR,
      source: bilingual('Conteggio semplice, convenzione dell’osservatorio.', 'Simple count, the observatory’s own convention.'),
      caveats: bilingual('Il territorio è il comune dell’offerta, altrimenti quello del datore, altrimenti quello dello sportello.', 'Territory is the vacancy comune, else the employer’s, else the office’s.'),
    },
  },
  {
    code: 'MM_FILL',
    family: 'mismatch',
    name: bilingual('Tasso di copertura delle offerte', 'Vacancy fill rate'),
    description: bilingual('Posti coperti sui posti delle offerte chiuse nel periodo.', 'Filled positions over positions of vacancies closed in the period.'),
    unit: 'share',
    higherIsBetter: true,
    mart: 'vacancy_outcomes',
    rollups: CLOSED_AREA,
    columns: VAC_CLOSE,
    dimensions: dims(VAC_CLOSE),
    where: 'is_closed',
    measures: [
      ratio('fill_rate', bilingual('Tasso di copertura', 'Fill rate'), 'filled_positions', 'closed_positions'),
      count('filled_positions', bilingual('Posti coperti', 'Filled positions')),
      count('closed_positions', bilingual('Posti delle offerte chiuse', 'Positions of closed vacancies')),
    ],
    value: 'fill_rate',
    methodology: {
      numerator: bilingual('Posti coperti (filled_positions; se mancante: tutti i posti se l’esito è filled, altrimenti 0).', 'Filled positions (filled_positions; when missing: all positions if the outcome is filled, else 0).'),
      denominator: bilingual('Posti delle offerte chiuse nel periodo (qualsiasi esito diverso da open, ritirate comprese).', 'Positions of vacancies closed in the period (any outcome other than open, withdrawn included).'),
      population: bilingual('Offerte chiuse entro la data di aggiornamento.', 'Vacancies closed by the as-of date.'),
      timeReference: bilingual('Mese di chiusura (closed_on).', 'Month of closing (closed_on).'),
      censoring: bilingual('Le offerte ancora aperte sono escluse (non contano come non coperte).', 'Vacancies still open are excluded (not counted as unfilled).'),
      source: bilingual('Convenzione dell’osservatorio, nello spirito del benchmarking dei servizi pubblici per l’impiego (Decisione n. 573/2014/UE, contributo dei SPI alla copertura dei posti vacanti); la Decisione non fissa questa formula.', 'The observatory’s own convention, in the spirit of PES benchmarking (Decision No 573/2014/EU, PES contribution to filling vacancies); the Decision does not fix this formula.'),
      caveats: bilingual('Denominatore zero → valore nullo.', 'Zero denominator → null.'),
    },
  },
  {
    code: 'MM_TTF',
    family: 'mismatch',
    name: bilingual('Tempo di copertura', 'Time to fill'),
    description: bilingual('Giorni mediani dalla pubblicazione alla copertura; le offerte aperte sono riportate come “ancora aperte dopo N giorni”.', 'Median days from publication to filling; open vacancies are reported as “still open after N days”.'),
    unit: 'days',
    higherIsBetter: false,
    mart: 'vacancy_outcomes',
    rollups: DAYS_AREA,
    columns: VAC_PUB,
    dimensions: dims(VAC_PUB),
    // Counts add vacancy_n (1 per vacancy here, vacancies per row on the rollup), so both marts read them alike.
    measures: [
      { name: 'median_days_to_fill', unit: 'days', label: bilingual('Giorni mediani alla copertura', 'Median days to fill'), sql: 'median(days_to_fill)::DOUBLE' },
      count('filled_vacancies', bilingual('Offerte coperte', 'Filled vacancies'), 'case when is_filled then vacancy_n else 0 end'),
      count('open_vacancies', bilingual('Offerte ancora aperte', 'Vacancies still open'), 'case when open_days is not null then vacancy_n else 0 end'),
      { name: 'median_open_days', unit: 'days', label: bilingual('Ancora aperte da (giorni, mediana)', 'Still open after (days, median)'), sql: 'median(open_days)::DOUBLE' },
    ],
    value: 'median_days_to_fill',
    methodology: {
      numerator: bilingual('Mediana di (closed_on − published_on) in giorni sulle offerte coperte (filled o partly_filled).', 'Median of (closed_on − published_on) in days over filled vacancies (filled or partly_filled).'),
      denominator: bilingual('Nessuno (mediana).', 'None (median).'),
      population: bilingual('Offerte pubblicate nel periodo e coperte entro la data di aggiornamento.', 'Vacancies published in the period and filled by the as-of date.'),
      timeReference: bilingual('Mese di pubblicazione (coorte).', 'Month of publication (cohort).'),
      censoring: bilingual('Le offerte ancora aperte alla data di aggiornamento sono censurate: escluse dalla mediana e riportate a parte come numero e mediana dei giorni di apertura (“ancora aperte dopo N giorni”).', 'Vacancies still open at the as-of date are censored: left out of the median and reported beside it as a count and median days open (“still open after N days”).'),
      source: bilingual('Convenzione dell’osservatorio (mediana sui casi conclusi, censura esplicita invece di Kaplan–Meier). La Decisione n. 573/2014/UE sulla cooperazione rafforzata tra servizi pubblici per l’impiego considera il contributo dei SPI alla copertura dei posti vacanti, ma non definisce un indicatore di tempo di copertura.', 'The observatory’s own convention (median over completed cases, explicit censoring instead of Kaplan–Meier). Decision No 573/2014/EU on enhanced cooperation between public employment services considers the PES contribution to filling vacancies but defines no time-to-fill indicator.'),
      caveats: bilingual('Le coorti recenti sono distorte verso i tempi brevi finché le offerte aperte non si chiudono. La mediana non è additiva: a ogni aggregazione si ricalcola dalle offerte (dal numero di offerte per numero di giorni), mai come media di mediane.', 'Recent cohorts are biased towards short times until open vacancies close. The median is not additive: each roll-up recomputes it from the vacancies (from the count of vacancies per number of days), never as a mean of medians.'),
    },
  },
  {
    code: 'MM_HTF',
    family: 'mismatch',
    name: bilingual('Quota di offerte di difficile reperimento', 'Hard-to-fill share'),
    description: bilingual('Offerte chiuse con un motivo di difficile reperimento sulle offerte chiuse, per motivo.', 'Closed vacancies with a hard-to-fill reason over closed vacancies, split by reason.'),
    unit: 'share',
    higherIsBetter: false,
    mart: 'vacancy_outcomes',
    rollups: CLOSED_AREA,
    columns: VAC_CLOSE,
    dimensions: dims(VAC_CLOSE),
    where: 'is_closed',
    // Sums of 0/1 columns, not of CASE expressions, so the rollup adds them up the same way.
    measures: [
      ratio('htf_share', bilingual('Quota difficile reperimento', 'Hard-to-fill share'), 'htf_n', 'vacancy_n'),
      ratio('lack_of_candidates_share', bilingual('… per mancanza di candidati', '… lack of candidates'), 'htf_lack_of_candidates_n', 'vacancy_n'),
      ratio('inadequate_skills_share', bilingual('… per preparazione inadeguata', '… inadequate skills'), 'htf_inadequate_skills_n', 'vacancy_n'),
      ratio('conditions_refused_share', bilingual('… per condizioni rifiutate', '… conditions refused'), 'htf_conditions_refused_n', 'vacancy_n'),
      ratio('other_reason_share', bilingual('… per altri motivi', '… other reasons'), 'htf_other_n', 'vacancy_n'),
      count('hard_to_fill', bilingual('Offerte di difficile reperimento', 'Hard-to-fill vacancies'), 'htf_n'),
      count('closed_vacancies', bilingual('Offerte chiuse', 'Closed vacancies'), 'vacancy_n'),
      ratio('htf_positions_share', bilingual('Quota sui posti (come Excelsior, per assunzione)', 'Share of positions (as Excelsior, per hire)'), 'htf_positions', 'closed_positions'),
      count('htf_positions', bilingual('Posti di difficile reperimento', 'Hard-to-fill positions')),
      count('closed_positions', bilingual('Posti delle offerte chiuse', 'Positions of closed vacancies')),
    ],
    value: 'htf_share',
    plausible: [{ measure: 'htf_share', min: 0.4, max: 0.55, basis: bilingual('Excelsior: 45,1% (2023), ~48% (2024).', 'Excelsior: 45.1% (2023), ~48% (2024).') }],
    methodology: {
      numerator: bilingual('Offerte chiuse con hard_to_fill_reason valorizzato (e per ciascun motivo). Accanto, ponderata come Excelsior: i posti di quelle offerte (htf_positions_share).', 'Closed vacancies with a hard_to_fill_reason (and per reason). Beside it, weighted as Excelsior weights: the positions of those vacancies (htf_positions_share).'),
      denominator: bilingual('Offerte chiuse nel periodo; per la quota sui posti, i loro posti.', 'Vacancies closed in the period; for the share of positions, their positions.'),
      population: bilingual('Offerte chiuse entro la data di aggiornamento.', 'Vacancies closed by the as-of date.'),
      timeReference: bilingual('Mese di chiusura.', 'Month of closing.'),
      censoring: bilingual('Le offerte aperte sono escluse.', 'Open vacancies are excluded.'),
      source: bilingual('Sistema informativo Excelsior (Unioncamere e Ministero del Lavoro): quota delle entrate previste dalle imprese che esse dichiarano di difficile reperimento (45,1% nel 2023, ~48% nel 2024 a livello nazionale). La quota per offerta (valore principale) è dell’osservatorio; la quota sui posti (htf_positions_share) pesa come Excelsior, un posto per assunzione prevista.', 'Excelsior information system (Unioncamere and the Ministry of Labour): share of the hires firms plan (entrate previste) that they declare hard to fill (45.1% in 2023, ~48% in 2024 nationally). The per-vacancy share (the headline) is the observatory’s own; the share of positions (htf_positions_share) weights as Excelsior does, one position per planned hire.'),
      caveats: bilingual('Excelsior chiede alle imprese delle assunzioni previste prima di cercare; qui sono offerte gestite dagli sportelli e il motivo è registrato alla chiusura: confronto solo indicativo. La quota per offerta conta una volta un’offerta di 10 posti; quella sui posti la conta 10 volte.', 'Excelsior asks firms about planned hires before they search; here they are vacancies handled by the offices and the reason is recorded at closing: the comparison is indicative only. The per-vacancy share counts a 10-position vacancy once; the share of positions counts it 10 times.'),
    },
  },
  {
    code: 'MM_TIGHT',
    family: 'mismatch',
    name: bilingual('Tensione del mercato V/U', 'Labour-market tightness V/U'),
    description: bilingual('Posti aperti per persona disponibile con occupazione desiderata nello stesso gruppo, per territorio e gruppo professionale.', 'Open positions per available job seeker wanting an occupation in the same group, by territory and occupation group.'),
    unit: 'ratio',
    mart: 'labour_tightness',
    columns: TIGHT,
    dimensions: dims(TIGHT),
    defaultDims: ['province', 'occupation_group'],
    measures: [
      ratio('tightness', bilingual('Tensione V/U', 'Tightness V/U'), 'open_positions', 'seekers', 'ratio'),
      count('open_positions', bilingual('Posti aperti', 'Open positions')),
      count('seekers', bilingual('Persone disponibili', 'Available job seekers')),
    ],
    value: 'tightness',
    methodology: {
      numerator: bilingual('Posti delle offerte aperte alla data di aggiornamento.', 'Positions of vacancies open at the as-of date.'),
      denominator: bilingual('Persone iscritte e disponibili (disoccupate, sottoccupate o occupate in cerca) alla data, con occupazione desiderata nel gruppo; ultima iscrizione di ciascuna persona.', 'People registered and available (unemployed, underemployed or employed and seeking) at the date, wanting an occupation in the group; each person’s latest registration.'),
      population: bilingual('Fotografia alla data di aggiornamento.', 'Snapshot at the as-of date.'),
      timeReference: bilingual('Data di aggiornamento dei dati (nessuna serie mensile).', 'Data as-of date (no monthly series).'),
      censoring: NO_CENSOR,
      source: bilingual('Rapporto posti vacanti / disoccupati (V/U), la misura di tensione della curva di Beveridge; qui con i posti gestiti dagli sportelli e le persone iscritte, non con i totali del mercato.', 'Vacancies / unemployed ratio (V/U), the tightness measure of the Beveridge curve; here with the positions handled by the offices and the registered people, not market totals.'),
      caveats: bilingual('CP2021 ↔ ISCO-08 sono raccordate solo a livello di grande gruppo. Per singola professione offerte e persone si incontrano solo se codificate nella stessa classificazione e allo stesso livello. Le persone senza occupazione desiderata non entrano nel denominatore. Territorio: residenza della persona, altrimenti sportello.', 'CP2021 ↔ ISCO-08 are mapped at major-group level only. By single occupation, vacancies and people meet only when coded in the same classification at the same level. People without a desired occupation are not in the denominator. Territory: the person’s residence, else their office.'),
    },
  },
  {
    code: 'MM_DECL',
    family: 'mismatch',
    name: bilingual('Offerte rifiutate dai candidati', 'Declined offers'),
    description: bilingual('Candidati che hanno rifiutato sul totale dei candidati proposti.', 'Candidates who declined over candidates proposed.'),
    unit: 'share',
    higherIsBetter: false,
    mart: 'vacancy_outcomes',
    columns: VAC_PUB,
    dimensions: dims(VAC_PUB),
    measures: [
      ratio('decline_rate', bilingual('Quota di rifiuti', 'Decline rate'), 'candidates_declined', 'candidates_proposed'),
      count('candidates_declined', bilingual('Candidati che hanno rifiutato', 'Candidates declined')),
      count('candidates_proposed', bilingual('Candidati proposti', 'Candidates proposed')),
    ],
    value: 'decline_rate',
    plausible: [{ measure: 'decline_rate', min: 0.03, max: 0.25, basis: bilingual('Ordine di grandezza atteso per gli sportelli (~1 proposta su 10 rifiutata).', 'Expected order of magnitude for the offices (~1 proposal in 10 declined).') }],
    methodology: {
      numerator: bilingual('Somma di candidates_declined.', 'Sum of candidates_declined.'),
      denominator: bilingual('Somma di candidates_proposed.', 'Sum of candidates_proposed.'),
      population: bilingual('Offerte pubblicate nel periodo con candidati riportati.', 'Vacancies published in the period with candidates reported.'),
      timeReference: bilingual('Mese di pubblicazione.', 'Month of publication.'),
      censoring: NO_CENSOR,
      source: bilingual('Convenzione osservatorio (il problema delle “offerte non accettate”).', 'Observatory convention (the “vacancies not accepted” problem).'),
      caveats: bilingual('Un candidato proposto per più offerte conta una volta per offerta.', 'A candidate proposed for several vacancies counts once per vacancy.'),
    },
  },
  {
    code: 'MM_FLAG',
    family: 'mismatch',
    name: bilingual('Professioni in carenza / eccedenza', 'Shortage / surplus flag'),
    description: bilingual(
      'Classifica professione (o gruppo professionale) × provincia come carenza, equilibrio o eccedenza da cinque segnali: tensione V/U rispetto a quella della provincia, quota di difficile reperimento, tempo di copertura rispetto alla provincia, proposte rifiutate, andamento delle offerte.',
      'Classes occupation (or occupation group) × province as shortage, balanced or surplus from five signals: V/U tightness against the province’s own, hard-to-fill share, time to fill against the province’s, declined proposals, trend of vacancies.',
    ),
    unit: 'value',
    mart: 'mismatch_signals',
    rollups: [{ mart: 'mismatch_signals_group', dimensions: ['region', 'province', 'occupation_group'] }],
    columns: TIGHT,
    dimensions: dims(TIGHT),
    defaultDims: ['province', 'occupation_group'],
    measures: [
      { name: 'flag', unit: 'text', label: bilingual('Classe', 'Flag'), sql: oneCell('flag') },
      { name: 'net_signal', unit: 'value', label: bilingual('Saldo dei segnali (carenza − eccedenza)', 'Net signal (shortage − surplus)'), sql: oneCell('net_signal') },
      { name: 'signals_read', unit: 'count', label: bilingual('Segnali leggibili (su 5)', 'Signals readable (of 5)'), sql: oneCell('signals_read') },
      { name: 'sig_tightness', unit: 'value', label: bilingual('Segnale: tensione rispetto alla provincia', 'Signal: tightness against the province'), sql: oneCell('sig_tightness') },
      { name: 'sig_htf', unit: 'value', label: bilingual('Segnale: difficile reperimento', 'Signal: hard to fill'), sql: oneCell('sig_htf') },
      { name: 'sig_ttf', unit: 'value', label: bilingual('Segnale: tempo di copertura rispetto alla provincia', 'Signal: time to fill against the province'), sql: oneCell('sig_ttf') },
      { name: 'sig_decl', unit: 'value', label: bilingual('Segnale: proposte rifiutate', 'Signal: declined proposals'), sql: oneCell('sig_decl') },
      { name: 'sig_trend', unit: 'value', label: bilingual('Segnale: andamento delle offerte', 'Signal: trend of vacancies'), sql: oneCell('sig_trend') },
      ratio('tightness', bilingual('Tensione V/U', 'Tightness V/U'), 'open_positions', 'seekers', 'ratio'),
      { name: 'territory_tightness', unit: 'ratio', label: bilingual('Tensione V/U della provincia', 'Tightness V/U of the province'), sql: oneCell('territory_tightness') },
      ratio('htf_share_12m', bilingual('Quota difficile reperimento (12 mesi)', 'Hard-to-fill share (12 months)'), 'htf_12m', 'closed_12m'),
      ratio('mean_days_to_fill_12m', bilingual('Giorni medi di copertura (12 mesi)', 'Mean days to fill (12 months)'), 'days_to_fill_12m', 'filled_12m', 'days'),
      { name: 'territory_days_to_fill', unit: 'days', label: bilingual('Giorni medi di copertura della provincia', 'Mean days to fill in the province'), sql: oneCell('territory_days_to_fill') },
      ratio('decline_rate_12m', bilingual('Quota di proposte rifiutate (12 mesi)', 'Declined proposals share (12 months)'), 'declined_12m', 'proposed_12m'),
      ratio('trend_ratio', bilingual('Offerte ultimi 12 mesi / 12 mesi precedenti', 'Vacancies last 12 months / 12 months before'), 'published_12m', 'published_prev_12m', 'ratio'),
      count('open_positions', bilingual('Posti aperti', 'Open positions')),
      count('seekers', bilingual('Persone disponibili', 'Available job seekers')),
      count('closed_12m', bilingual('Offerte chiuse negli ultimi 12 mesi', 'Vacancies closed in the last 12 months')),
      count('htf_12m', bilingual('Di cui di difficile reperimento', 'Of which hard to fill')),
      count('filled_12m', bilingual('Offerte coperte negli ultimi 12 mesi', 'Vacancies filled in the last 12 months')),
      count('proposed_12m', bilingual('Candidati proposti (12 mesi)', 'Candidates proposed (12 months)')),
      count('declined_12m', bilingual('Candidati che hanno rifiutato (12 mesi)', 'Candidates who declined (12 months)')),
      count('published_12m', bilingual('Offerte pubblicate negli ultimi 12 mesi', 'Vacancies published in the last 12 months')),
      count('published_prev_12m', bilingual('Offerte pubblicate nei 12 mesi precedenti', 'Vacancies published in the 12 months before')),
    ],
    value: 'flag',
    methodology: {
      numerator: bilingual(
        `Cinque segnali, ciascuno +1 (verso la carenza), −1 (verso l’eccedenza), 0 o non leggibile (troppo pochi casi). ${FLAG_RULE.it}`,
        `Five signals, each +1 (towards shortage), −1 (towards surplus), 0, or not readable (too few cases). ${FLAG_RULE.en}`,
      ),
      denominator: bilingual('Riferimenti della stessa provincia: la sua tensione V/U complessiva e il suo tempo medio di copertura (tutte le professioni).', 'References from the same province: its overall V/U tightness and its mean time to fill (all occupations).'),
      population: bilingual('Professioni (come riportate) e gruppi professionali CP2021 × provincia con almeno un posto aperto, una persona disponibile o un’offerta negli ultimi 24 mesi.', 'Occupations (as reported) and CP2021 groups × province with at least one open position, available person or vacancy in the last 24 months.'),
      timeReference: bilingual('Data di aggiornamento; offerte chiuse, coperte e pubblicate nei 12 mesi di calendario fino al mese della data (andamento: contro i 12 mesi precedenti).', 'As-of date; vacancies closed, filled and published in the 12 calendar months up to the as-of month (trend: against the 12 months before).'),
      censoring: bilingual('Le offerte aperte non entrano in tempo di copertura, difficile reperimento e rifiuti; entrano nella tensione.', 'Open vacancies do not enter time to fill, hard to fill and declines; they enter tightness.'),
      source: bilingual(
        'Metodo dell’osservatorio, ispirato all’approccio a più indicatori delle analisi di carenza ed eccedenza delle professioni della rete EURES: nessuna fonte ufficiale definisce queste soglie. La soglia del difficile reperimento è ancorata alla quota nazionale Excelsior (Unioncamere, circa 45–48%).',
        'Observatory method, inspired by the several-indicator approach of the EURES network’s shortage and surplus occupation analyses: no official source defines these thresholds. The hard-to-fill threshold is anchored on Excelsior’s national share (Unioncamere, about 45–48%).',
      ),
      caveats: bilingual(
        'La classe è definita per una professione o un gruppo in una provincia: per regione, per più province insieme o per grande gruppo ISCO il valore è vuoto (scegliere una provincia). Tensione e tempo sono letti rispetto alla provincia, non in assoluto: una provincia dove gli sportelli gestiscono poche offerte ha comunque professioni relativamente tese. Le soglie sono da rivedere sui dati locali.',
        'The class is defined for an occupation or group in a province: by region, across provinces or by ISCO major group the value is empty (choose a province). Tightness and time are read against the province, not in absolute terms: a province whose offices handle few vacancies still has relatively tight occupations. Thresholds are to be reviewed on local data.',
      ),
    },
  },
  {
    code: 'MM_CTX',
    family: 'mismatch',
    name: bilingual('Contesto ISTAT / Eurostat', 'Context (ISTAT / Eurostat)'),
    description: bilingual('Statistiche pubblicate da ISTAT ed Eurostat (tassi di disoccupazione e di posti vacanti, popolazione, PIL…), mostrate accanto ai dati locali come contesto, ciascuna come pubblicata.', 'Statistics published by ISTAT and Eurostat (unemployment and job vacancy rates, population, GDP…), shown beside local figures as context, each as published.'),
    // Published in many units (a rate in %, euro, people): each figure as printed, never as our share.
    unit: 'as_published',
    context: true,
    mart: 'context_stats',
    columns: { context_source: 'context_source', indicator: 'indicator', stat_unit: 'unit', stat_breakdown: 'breakdown', territory_level: 'territory_level', territory_code: 'territory_code', period: 'period' },
    dimensions: ['context_source', 'indicator', 'stat_unit', 'stat_breakdown', 'territory_level', 'territory_code', 'period'],
    defaultDims: ['context_source', 'indicator', 'territory_code', 'period'],
    // Today's Italian territories only: a figure of another country, or of a territory no list of
    // today's leads to (Sassari's ITG25), stays in mart.context_stats with its published code.
    where: "sex in ('T', '_Z') and age in ('TOTAL', 'Y15-74', '_Z') and territory_code is not null",
    measures: [
      // One published figure per cell: figures of several periods (rates, stocks, flows alike), in
      // several units (a GDP in millions of euro and per inhabitant), of several territories or
      // series (unadjusted and seasonally adjusted) are never averaged into one number. A series and
      // period is one row of the mart (its key), so a cell of one row holds one figure.
      { name: 'value', unit: 'as_published', label: bilingual('Valore (contesto)', 'Value (context)'), sql: 'case when count(*) = 1 then min(value) end' },
      // How many units of measure the cell mixes (the units themselves, by name, are the stat_unit dimension).
      { name: 'units', unit: 'count', label: bilingual('Unità di misura nella cella', 'Units of measure in the cell'), sql: 'count(distinct unit)' },
      count('observations', bilingual('Osservazioni', 'Observations'), 'case when value is not null then 1 else 0 end'),
    ],
    value: 'value',
    methodology: {
      numerator: bilingual('Valore pubblicato dalla fonte (es. tasso di disoccupazione, tasso di posti vacanti).', 'Value as published by the source (e.g. unemployment rate, job vacancy rate).'),
      denominator: bilingual('Definito dalla fonte.', 'Defined by the source.'),
      population: bilingual('Popolazione della fonte (totale sessi, classe d’età totale o 15–74).', 'The source’s population (both sexes, total or 15–74 age class).'),
      timeReference: bilingual('Periodo come pubblicato (anno, trimestre o mese).', 'Period as published (year, quarter or month).'),
      censoring: NO_CENSOR,
      source: bilingual('ISTAT (I.Stat/SDMX) ed Eurostat (une_rt_m, jvs_q_nace2 e ogni altro dataset, in SDMX-CSV o TSV), caricati dai connettori.', 'ISTAT (I.Stat/SDMX) and Eurostat (une_rt_m, jvs_q_nace2 and any other dataset, as SDMX-CSV or TSV), loaded by the connectors.'),
      caveats: bilingual('Dati di contesto, non prodotti dall’osservatorio né confrontabili uno a uno con i dati amministrativi. Una cella ha un valore solo se raccoglie un solo dato pubblicato: una cella con più periodi, unità di misura, territori o serie (es. dati grezzi e destagionalizzati) non ha valore, mai una media. Solo i territori italiani di oggi: i dati di altri paesi, o di territori che nessun elenco di oggi riconosce (l’ex provincia di Sassari, ITG25), restano nel mart context_stats con il codice pubblicato. Raggruppare per periodo e territorio, filtrare per indicatore, unità di misura e altre classificazioni della fonte; le osservazioni e le unità di misura nella cella dicono quanti dati e quante unità la cella raccoglie.', 'Context figures, not the observatory’s own nor one-to-one comparable with administrative data. A cell has a value only when it holds one published figure: a cell with several periods, units, territories or series (e.g. unadjusted and seasonally adjusted) has none, never an average. Today’s Italian territories only: figures of other countries, or of territories no list of today’s recognises (the former province of Sassari, ITG25), stay in the context_stats mart with their published code. Group by period and territory, filter by indicator, unit of measure and the source’s other classifications; the observations and units-of-measure counts say how many figures and units the cell holds.'),
    },
  },
];
