// The seed territories of the demo and their offices. Comune codes come from
// the shipped ISTAT list (warehouse/reference/comuni.csv), so every code the
// demo writes is a real one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { REFERENCE_DIR } from '../warehouse/reference/loadReferenceData.ts';

export interface Office {
  office_id: string;
  name: string;
  kind: 'cpi' | 'hub' | 'spoke' | 'job_centre' | 'desk' | 'info_point';
  comune_code: string;
  operator: string;
  opened_on: string;
  /** Relative share of the territory's job seekers registering here. */
  weight: number;
}

export interface Territory {
  code: string; // short code used in ids
  name: string;
  cod_uts: string;
  capoluogo: string;
  /** Share of the demo's job seekers. */
  share: number;
  offices: Office[];
  /** Every comune of the province/metropolitan city (ISTAT codes). */
  comuni: string[];
}

const SEED: Omit<Territory, 'comuni'>[] = [
  {
    code: 'BA',
    name: 'Città metropolitana di Bari',
    cod_uts: '272',
    capoluogo: '072006',
    share: 0.4,
    offices: [
      {
        office_id: 'BA-PFB',
        name: 'Porta Futuro Bari',
        kind: 'job_centre',
        comune_code: '072006',
        operator: 'Comune di Bari',
        opened_on: '2016-03-01',
        weight: 40,
      },
      {
        office_id: 'BA-CPI',
        name: 'Centro per l’impiego di Bari',
        kind: 'cpi',
        comune_code: '072006',
        operator: 'ARPAL Puglia',
        opened_on: '2018-01-01',
        weight: 25,
      },
      {
        office_id: 'BA-D-MOD',
        name: 'Porta Futuro – sportello Modugno',
        kind: 'desk',
        comune_code: '072027',
        operator: 'Comune di Bari',
        opened_on: '2021-05-03',
        weight: 8,
      },
      {
        office_id: 'BA-D-BIT',
        name: 'Porta Futuro – sportello Bitonto',
        kind: 'desk',
        comune_code: '072011',
        operator: 'Comune di Bari',
        opened_on: '2021-05-03',
        weight: 8,
      },
      {
        office_id: 'BA-D-MOL',
        name: 'Porta Futuro – sportello Molfetta',
        kind: 'desk',
        comune_code: '072029',
        operator: 'Comune di Bari',
        opened_on: '2022-02-01',
        weight: 7,
      },
      {
        office_id: 'BA-D-MON',
        name: 'Porta Futuro – sportello Monopoli',
        kind: 'desk',
        comune_code: '072030',
        operator: 'Comune di Bari',
        opened_on: '2022-02-01',
        weight: 6,
      },
      {
        office_id: 'BA-D-ALT',
        name: 'Porta Futuro – sportello Altamura',
        kind: 'desk',
        comune_code: '072004',
        operator: 'Comune di Bari',
        opened_on: '2022-09-01',
        weight: 6,
      },
    ],
  },
  {
    code: 'MT',
    name: 'Provincia di Matera',
    cod_uts: '077',
    capoluogo: '077014',
    share: 0.08,
    offices: [
      {
        office_id: 'MT-HUB',
        name: 'ARLAB HUB Matera',
        kind: 'hub',
        comune_code: '077014',
        operator: 'ARLAB Basilicata',
        opened_on: '2020-01-02',
        weight: 60,
      },
      {
        office_id: 'MT-SPK-POL',
        name: 'ARLAB SPOKE Policoro',
        kind: 'spoke',
        comune_code: '077021',
        operator: 'ARLAB Basilicata',
        opened_on: '2020-01-02',
        weight: 25,
      },
      {
        office_id: 'MT-SPK-PIS',
        name: 'ARLAB SPOKE Pisticci',
        kind: 'spoke',
        comune_code: '077020',
        operator: 'ARLAB Basilicata',
        opened_on: '2020-01-02',
        weight: 15,
      },
    ],
  },
  {
    code: 'PZ',
    name: 'Provincia di Potenza',
    cod_uts: '076',
    capoluogo: '076063',
    share: 0.1,
    offices: [
      {
        office_id: 'PZ-HUB',
        name: 'ARLAB HUB Potenza',
        kind: 'hub',
        comune_code: '076063',
        operator: 'ARLAB Basilicata',
        opened_on: '2020-01-02',
        weight: 65,
      },
      {
        office_id: 'PZ-SPK-MEL',
        name: 'ARLAB SPOKE Melfi',
        kind: 'spoke',
        comune_code: '076048',
        operator: 'ARLAB Basilicata',
        opened_on: '2020-01-02',
        weight: 35,
      },
    ],
  },
  {
    code: 'SP',
    name: 'Provincia della Spezia',
    cod_uts: '011',
    capoluogo: '011015',
    share: 0.12,
    offices: [
      {
        office_id: 'SP-RPL',
        name: 'Rete per il Lavoro La Spezia',
        kind: 'job_centre',
        comune_code: '011015',
        operator: 'Comune della Spezia',
        opened_on: '2019-04-01',
        weight: 55,
      },
      {
        office_id: 'SP-INFO',
        name: 'Info-Lavoro',
        kind: 'desk',
        comune_code: '011015',
        operator: 'Comune della Spezia',
        opened_on: '2019-04-01',
        weight: 25,
      },
      {
        office_id: 'SP-D-SAR',
        name: 'Rete per il Lavoro – punto Sarzana',
        kind: 'info_point',
        comune_code: '011027',
        operator: 'Comune di Sarzana',
        opened_on: '2021-10-01',
        weight: 20,
      },
    ],
  },
  {
    code: 'BO',
    name: 'Città metropolitana di Bologna',
    cod_uts: '237',
    capoluogo: '037006',
    share: 0.3,
    offices: [
      {
        office_id: 'BO-IPL',
        name: 'Insieme per il lavoro',
        kind: 'job_centre',
        comune_code: '037006',
        operator: 'Comune di Bologna',
        opened_on: '2017-05-15',
        weight: 50,
      },
      {
        office_id: 'BO-CPI',
        name: 'Centro per l’impiego di Bologna',
        kind: 'cpi',
        comune_code: '037006',
        operator: 'Agenzia regionale per il lavoro Emilia-Romagna',
        opened_on: '2018-01-01',
        weight: 30,
      },
      {
        office_id: 'BO-D-IMO',
        name: 'Insieme per il lavoro – sportello Imola',
        kind: 'desk',
        comune_code: '037032',
        operator: 'Comune di Imola',
        opened_on: '2020-09-01',
        weight: 10,
      },
      {
        office_id: 'BO-D-CAS',
        name: 'Insieme per il lavoro – sportello Casalecchio',
        kind: 'desk',
        comune_code: '037011',
        operator: 'Comune di Casalecchio di Reno',
        opened_on: '2020-09-01',
        weight: 10,
      },
    ],
  },
];

let cached: Territory[] | undefined;

/** The seed territories with the comuni of each (read once from the reference file). */
export function territories(): Territory[] {
  if (cached) return cached;
  const rows = parse(readFileSync(join(REFERENCE_DIR, 'comuni.csv')), { columns: true }) as {
    codice_comune: string;
    cod_uts: string;
  }[];
  cached = SEED.map((t) => {
    const comuni = rows
      .filter((r) => r.cod_uts === t.cod_uts)
      .map((r) => r.codice_comune)
      .sort();
    if (!comuni.includes(t.capoluogo))
      throw new Error(`demo: comune ${t.capoluogo} is not in ${t.name} (cod_uts ${t.cod_uts})`);
    for (const o of t.offices)
      if (!comuni.includes(o.comune_code))
        throw new Error(`demo: office ${o.office_id} comune ${o.comune_code} not in ${t.name}`);
    return { ...t, comuni };
  });
  return cached;
}
