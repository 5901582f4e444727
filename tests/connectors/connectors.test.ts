// Public-source connectors: real published layouts become contract feed files
// and load through loadFile; figures arrive exactly as published; missing and
// confidential observations stay NULL with their flag, never 0.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConnector } from '../../ingest/connectors/index.ts';
import { canonicalNumber } from '../../ingest/connectors/csv.ts';
import { csvHeaderOf } from '../../ingest/readers/csvDialect.ts';
import { connectorFor, loadPublicFile } from '../../ingest/connectors/loadPublicFile.ts';
import { contractFund, dateFromFileName } from '../../ingest/connectors/opencoesione.ts';
import { observation } from '../../ingest/connectors/contextStatsRows.ts';
import { matchEurostatTerritory, matchIstatTerritory } from '../../ingest/connectors/territories.ts';
import { FIXTURES, tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

const OC = join(FIXTURES, 'opencoesione', 'progetti_esteso_20250630.csv');
const TODAY = '2025-07-31';

describe('recognising public files', () => {
  it('picks the connector from the header, and none for a contract file', async () => {
    expect((await connectorFor(OC))?.name).toBe('opencoesione_progetti');
    expect((await connectorFor(join(FIXTURES, 'istat', 'istat_sdmx_csv_41_983_incidenti_bari.csv')))?.name).toBe('istat_sdmx_csv');
    expect((await connectorFor(join(FIXTURES, 'eurostat', 'une_rt_m_LU_slice.csv')))?.name).toBe('eurostat_sdmx_csv');
    expect(findConnector('vacancies.csv', ['vacancy_id', 'employer_id'])).toBeUndefined();
    expect(await csvHeaderOf(OC)).toContain('TOT_PAGAMENTI');
  });

  it('reads numbers, dates and funds the way the sources write them', () => {
    expect(canonicalNumber('4.000.000,00', true)).toBe('4000000,00');
    expect(canonicalNumber('605.305,62', true)).toBe('605305,62');
    expect(canonicalNumber('125000,50', true)).toBe('125000,50');
    expect(canonicalNumber('0.125', false)).toBe('0,125');
    expect(dateFromFileName('/x/progetti_esteso_20250630.csv')).toBe('2025-06-30');
    expect(contractFund('FSE+', 'FS2127')).toBe('FSE+');
    expect(contractFund('', 'FSC1420')).toBe('national');
    expect(contractFund('FEASR', '')).toBeUndefined();
    expect(observation(':', [''])).toEqual({ value: null, flag: ':' });
    expect(observation('', ['c', 'c'])).toEqual({ value: null, flag: ': c' });
    expect(observation('3.7 p', [''])).toEqual({ value: '3,7', flag: 'p' });
    expect(observation('0', [''])).toEqual({ value: '0', flag: null });
  });

  it('matches ISTAT ITTER107 and Eurostat NUTS 2024 codes to our territories', () => {
    expect(matchIstatTerritory('ITD55')).toEqual({ level: 'provincia', code: '237' });
    expect(matchIstatTerritory('ITD5')).toEqual({ level: 'regione', code: '08' });
    expect(matchIstatTerritory('037006')).toEqual({ level: 'comune', code: '037006' });
    expect(matchIstatTerritory('092009')).toEqual({ level: 'comune', code: '118006' }); // Cagliari, pre-2025 code
    expect(matchIstatTerritory('ITG29')).toEqual({ level: 'other', code: null });
    expect(matchEurostatTerritory('ITH55')).toEqual({ level: 'provincia', code: '237' });
    expect(matchEurostatTerritory('ITH5')).toEqual({ level: 'regione', code: '08' });
    expect(matchEurostatTerritory('ITH')).toEqual({ level: 'ripartizione', code: '2' });
    expect(matchEurostatTerritory('ITH1')).toEqual({ level: 'provincia', code: '021' });
    expect(matchEurostatTerritory('LU')).toEqual({ level: 'other', code: null });
  });

  it('never files a Sardinian province of the old map under today’s province of the same name', () => {
    // ITTER107 names the provinces before the 2021 reform: Sassari with Gallura, Nuoro with Ogliastra.
    for (const code of ['ITG25', 'ITG26', 'ITG27', 'ITG28', 'ITG2A', 'ITG2B'])
      expect(matchIstatTerritory(code), code).toEqual({ level: 'other', code: null });
    expect(matchIstatTerritory('ITG2')).toEqual({ level: 'regione', code: '20' });
    // NUTS 2024 ITG2D is Sassari and Gallura, ITG2E Nuoro and Ogliastra, ITG2H Sud Sardegna: each spans
    // two or three of today's provinces (province.csv's majority NUTS3), so none is one of them.
    for (const code of ['ITG2D', 'ITG2E', 'ITG2F', 'ITG2H'])
      expect(matchEurostatTerritory(code), code).toEqual({ level: 'other', code: null });
    // Oristano is the one province alone in its NUTS3, and wholly in it.
    expect(matchEurostatTerritory('ITG2G')).toEqual({ level: 'provincia', code: '115' });
  });
});

describe('loading through loadFile', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse();
  });
  afterAll(() => t.cleanup());

  it('OpenCoesione export → programmes + projects + snapshots, figures as published', async () => {
    const r = await loadPublicFile(t.wh, OC, { source: 'opencoesione', today: TODAY });
    expect(r?.connector).toBe('opencoesione_progetti');
    expect(r!.results.map((x) => [x.feed, x.status, x.rows])).toEqual([
      ['programmes', 'loaded', 2],
      ['projects', 'loaded', 3],
      ['project_financials', 'loaded', 3],
    ]);
    // The row without a CUP is the 4th record, row 5 as a spreadsheet shows it (header = row 1).
    const noCup = {
      rule: 'skipped_no_cup',
      message: '1 row without a CUP skipped (a project is keyed by its CUP)',
      count: 1,
      row: 5,
      rows: [5],
    };
    expect(r!.results[1].notes).toEqual([noCup]);
    expect(r!.notes).toEqual([noCup]);
    // paid > committed on one constructed row: loaded, with the contract's warning
    expect(r!.results[2].warnings.map((w) => w.rule)).toEqual(['financial_stage_order']);

    const bo = await t.wh.one<Record<string, unknown>>(
      `select p.cup, p.programme_code, p.title, p.beneficiary, p.local_code, p.priority, p.action, p.fund, p.start_date, p.end_date,
              f.as_of, f.programmed, f.admitted, f.legally_committed, f.paid, f.certified,
              f.paid / f.programmed as progress
       from core.projects p join core.project_financials f using (cup) where cup = 'F31D23000140007'`,
    );
    expect(bo).toEqual({
      cup: 'F31D23000140007',
      programme_code: '2021IT16FFPR003',
      title: 'Insieme per il lavoro',
      beneficiary: 'COMUNE DI BOLOGNA',
      local_code: 'BO4.4.8.1.a',
      priority: '4',
      action: '4.4.8.1',
      fund: 'FSE+',
      start_date: '2023-12-15',
      end_date: null,
      as_of: '2025-06-30', // from the file name: DATA_AGGIORNAMENTO is empty on this row
      programmed: 4000000,
      admitted: 4000000,
      legally_committed: 4000000,
      paid: 605305.62,
      certified: null,
      progress: expect.any(Number),
    });
    expect(bo!.progress).toBeCloseTo(605305.62 / 4000000, 12);
    const test1 = await t.wh.one<{ paid: number | null; programmed: number; end_date: string; title: string }>(
      `select f.paid, f.programmed, p.end_date, p.title from core.project_financials f join core.projects p using (cup) where cup = 'Z00Z00000000001'`,
    );
    expect(test1).toEqual({ paid: null, programmed: 125000.5, end_date: '2024-12-31', title: 'Progetto di prova: orientamento giovani NEET' });
    const progs = await t.wh.rows(`select programme_code, fund from core.programmes order by programme_code`);
    expect(progs).toEqual([
      { programme_code: '2021IT16FFPR003', fund: 'FSE+' },
      { programme_code: 'TEST_PSC_01', fund: 'national' },
    ]);
  });

  it('loading the same export again is a duplicate and does not rewrite programmes', async () => {
    const r = await loadPublicFile(t.wh, OC, { source: 'opencoesione', today: TODAY });
    expect(r!.results.map((x) => [x.feed, x.status])).toEqual([
      ['projects', 'duplicate'],
      ['project_financials', 'duplicate'],
    ]);
  });

  it('ISTAT SDMX-CSV (real) loads with dataset, indicator and the comune matched', async () => {
    const r = await loadPublicFile(t.wh, join(FIXTURES, 'istat', 'istat_sdmx_csv_41_983_incidenti_bari.csv'), { source: 'istat', today: TODAY });
    expect(r!.results.map((x) => [x.feed, x.status, x.rows])).toEqual([['context_stats', 'loaded', 18]]);
    const row = await t.wh.one(`select * exclude (load_id, loaded_at) from core.context_stats where source = 'istat' and period = '2018'`);
    expect(row).toEqual({
      source: 'istat',
      dataset: '41_983',
      indicator: 'KILLINJ',
      indicator_label: null,
      unit: '_Z',
      source_territory: '082053',
      territory_code: '082053',
      territory_level: 'comune',
      sex: '_Z',
      age: '_Z',
      breakdown: 'ESITO=F',
      period: '2018',
      value: 2787,
      flag: null,
    });
  });

  it('ISTAT constructed rates: old NUTS codes matched, sex decoded, missing is NULL not 0', async () => {
    const r = await loadPublicFile(t.wh, join(FIXTURES, 'istat', 'istat_unem_r_constructed.csv'), { source: 'istat', today: TODAY });
    expect(r!.results[0].status).toBe('loaded');
    const rows = await t.wh.rows(
      `select source_territory, territory_code, territory_level, sex, value, flag from core.context_stats where dataset = '151_914' order by source_territory, sex`,
    );
    expect(rows).toEqual([
      { source_territory: '037006', territory_code: '037006', territory_level: 'comune', sex: 'T', value: null, flag: ':' },
      { source_territory: 'IT', territory_code: 'IT', territory_level: 'italia', sex: 'T', value: 7.7, flag: null },
      { source_territory: 'ITD5', territory_code: '08', territory_level: 'regione', sex: 'T', value: 5, flag: null },
      { source_territory: 'ITD55', territory_code: '237', territory_level: 'provincia', sex: 'F', value: 5.2, flag: 'p' },
      { source_territory: 'ITD55', territory_code: '237', territory_level: 'provincia', sex: 'T', value: 4.1, flag: null },
      { source_territory: 'ITG29', territory_code: null, territory_level: 'other', sex: 'T', value: 9.9, flag: null },
    ]);
    // The Italian territory left unmatched is said in the load report, at its row of the file (header = row 1).
    const lines = readFileSync(join(FIXTURES, 'istat', 'istat_unem_r_constructed.csv'), 'utf8').split('\n');
    const row = lines.findIndex((l) => l.split(',')[2] === 'ITG29') + 1;
    expect(row).toBeGreaterThan(1);
    expect(r!.results[0].notes.map((n) => [n.rule, n.count, n.rows])).toEqual([['territory_unmatched', 1, [row]]]);
  });

  it('Eurostat SDMX-CSV 2.0 (real slices) loads with labels and the d flag', async () => {
    const une = await loadPublicFile(t.wh, join(FIXTURES, 'eurostat', 'une_rt_m_LU_slice.csv'), { source: 'eurostat', today: TODAY });
    expect(une!.results.map((x) => [x.status, x.rows])).toEqual([['loaded', 12]]);
    const jvs = await loadPublicFile(t.wh, join(FIXTURES, 'eurostat', 'jvs_q_nace2_LU_slice.csv'), { source: 'eurostat', today: TODAY });
    expect(jvs!.results.map((x) => [x.status, x.rows])).toEqual([['loaded', 8]]);
    const d = await t.wh.one(`select indicator, unit, sex, age, breakdown, value, flag, territory_level from core.context_stats where dataset = 'UNE_RT_M' and period = '2006-12' and source_territory = 'LU'`);
    expect(d).toEqual({ indicator: 'UNE_RT_M', unit: 'PC_ACT', sex: 'T', age: 'TOTAL', breakdown: 's_adj=NSA', value: 4.8, flag: 'd', territory_level: 'other' });
    const v = await t.wh.one(`select indicator, indicator_label, breakdown, value from core.context_stats where dataset = 'JVS_Q_NACE2' and period = '2008-Q1'`);
    expect(v).toEqual({ indicator: 'JOBVAC', indicator_label: 'Number of job vacancies', breakdown: 's_adj=NSA|nace_r2=A-S|sizeclas=TOTAL', value: 2234 });
  });

  it('Eurostat flags: `:` and confidential are NULL with the flag kept, a real 0 stays 0, NUTS 2024 matched', async () => {
    const r = await loadPublicFile(t.wh, join(FIXTURES, 'eurostat', 'une_rt_m_flags_constructed.csv'), { source: 'eurostat', today: TODAY });
    expect(r!.results[0].status).toBe('loaded');
    const rows = await t.wh.rows(
      `select source_territory, territory_code, territory_level, value, flag from core.context_stats where dataset = 'UNE_RT_M' and period = '2024-01' order by source_territory`,
    );
    expect(rows).toEqual([
      { source_territory: 'IT', territory_code: 'IT', territory_level: 'italia', value: null, flag: ':' },
      { source_territory: 'ITH', territory_code: '2', territory_level: 'ripartizione', value: 0, flag: 'b' },
      { source_territory: 'ITH5', territory_code: '08', territory_level: 'regione', value: null, flag: ': c' },
      { source_territory: 'ITH55', territory_code: '237', territory_level: 'provincia', value: 4.125, flag: 'p' },
      { source_territory: 'ITI43', territory_code: '258', territory_level: 'provincia', value: 7.5, flag: 'e' },
    ]);
  });
});

describe('Eurostat SDMX-CSV 1.0 layout', () => {
  it('DATAFLOW + LAST UPDATE header (older Eurostat download) is recognised and loads', async () => {
    const { writeFileSync, rmSync } = await import('node:fs');
    const { tempDir } = await import('../helpers/warehouse.ts');
    const dir = tempDir();
    const t = await tempWarehouse();
    try {
      // Same observations as the real UNE_RT_M slice, in the SDMX-CSV 1.0 shape.
      const file = join(dir, 'une_rt_m_v1.csv');
      writeFileSync(file, 'DATAFLOW,LAST UPDATE,freq,s_adj,age,unit,sex,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\nESTAT:UNE_RT_M(1.0),01/10/25 23:00:00,M,NSA,TOTAL,PC_ACT,T,LU,2006-12,4.8,d\n');
      const r = await loadPublicFile(t.wh, file, { source: 'eurostat', today: TODAY });
      expect(r?.connector).toBe('eurostat_sdmx_csv');
      expect(r!.results[0].status).toBe('loaded');
      expect(await t.wh.one(`select dataset, breakdown, value, flag from core.context_stats`)).toEqual({ dataset: 'UNE_RT_M', breakdown: 's_adj=NSA', value: 4.8, flag: 'd' });
    } finally {
      t.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
