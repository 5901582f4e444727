// Table-driven: each hostile or broken input with the status and rule the
// contract promises. Every refused case also checks that the warehouse is
// unchanged; every PII case that the report holds no value.
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../ingest/loadFile.ts';
import * as d from './data.ts';
import { CUP, OFFICE_HEADER, useSeededWarehouse } from './setup.ts';

const P = d.PLACEMENT_HEADER;
const good = (n = 3) => d.placementRows(n);
const goodCsv = (n = 3) => d.csv(P, good(n));
const withCell = (col: string, value: string, row = 1) => {
  const rows = good();
  rows[row][P.indexOf(col)] = value;
  return d.csv(P, rows);
};
const office = (operator: string) =>
  d.csv(OFFICE_HEADER, [['BO9', 'Sportello Lavoro Navile', 'desk', d.BOLOGNA, operator]]);
const cf = d.fakeCf(5);
const wrongCheck = cf.slice(0, 15) + (cf[15] === 'A' ? 'B' : 'A');

interface Case {
  name: string;
  file: string;
  content: string | Buffer;
  status: 'loaded' | 'refused';
  rule?: string;
  row?: number;
  column?: string;
  message?: RegExp;
  kind?: string;
  /** Feed the loader must have chosen. */
  feed?: string;
  /** A value that must appear nowhere in the result. */
  secret?: string;
}

const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
const full = goodCsv(3);

const cases: Case[] = [
  {
    name: 'empty file',
    file: 'placements_empty.csv',
    content: '',
    status: 'refused',
    rule: 'empty_file',
    message: /empty/,
  },
  {
    name: 'header only',
    file: 'placements_header.csv',
    content: P.join(',') + '\n',
    status: 'refused',
    rule: 'empty_file',
    message: /no data rows/,
  },
  {
    name: 'binary garbage',
    file: 'placements_bin.csv',
    content: garbage,
    status: 'refused',
    rule: 'binary_file',
  },
  {
    name: 'garbage named .xlsx',
    file: 'placements_bin.xlsx',
    content: 'not a workbook',
    status: 'refused',
    rule: 'unreadable',
  },
  {
    name: 'truncated last line',
    file: 'placements_trunc.csv',
    content: full.slice(0, full.length - 90),
    status: 'refused',
    rule: 'truncated_file',
    row: 4,
    message: /truncated/,
  },
  {
    name: 'truncated inside a quote',
    file: 'placements_truncq.csv',
    content: full + 'PL000099,"abc',
    status: 'refused',
    rule: 'truncated_file',
    row: 5,
  },
  {
    name: 'JSON Lines with a broken line',
    file: 'placements_broken.jsonl',
    content:
      JSON.stringify(Object.fromEntries(P.map((h, i) => [h, good(1)[0][i]]))) +
      '\n{"placement_id": "PL9", \n',
    status: 'refused',
    rule: 'unreadable',
    message: /JSON Lines/,
  },
  {
    name: 'truncated Parquet',
    file: 'placements_cut.parquet',
    content: Buffer.concat([Buffer.from('PAR1'), garbage.subarray(0, 200)]),
    status: 'refused',
    rule: 'unreadable',
    message: /Parquet/,
  },
  {
    name: 'old .xls workbook',
    file: 'placements_old.xls',
    content: Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), garbage.subarray(0, 500)]),
    status: 'refused',
    rule: 'unreadable',
    message: /save it as \.xlsx/,
  },
  {
    name: 'gzip-compressed CSV',
    file: 'placements.csv.gz',
    content: Buffer.concat([Buffer.from('1f8b0800', 'hex'), garbage.subarray(0, 500)]),
    status: 'refused',
    rule: 'unreadable',
    message: /decompress/,
  },
  {
    name: "Excel's sep=; line, with a short row",
    file: 'placements_sep.csv',
    content:
      'sep=;\n' +
      d.csv(P, good(), ';') +
      'PL000009;x\n' +
      d.csv(P, good(), ';').split('\n')[2] +
      '\n',
    status: 'refused',
    rule: 'malformed_csv',
    row: 5,
  },
  {
    name: "Excel's sep=; line loads",
    file: 'placements_sep_ok.csv',
    content: 'sep=;\r\n' + d.csv(P, d.placementRows(60).slice(50), ';', '\r\n'),
    status: 'loaded',
  },
  {
    name: 'feed detected from the header (Italian aliases, any case)',
    file: 'export_cpi_2025.csv',
    content: d.csv(
      ['ID_Avviamento', 'id_persona', 'ID_AZIENDA', 'Data Inizio', 'tipo_contratto'],
      d
        .placementRows(80)
        .slice(70)
        .map((r) => r.slice(0, 5)),
      ';',
    ),
    status: 'loaded',
    feed: 'placements',
  },
  {
    name: 'a column given twice under two names',
    file: 'placements_twice.csv',
    content: d.csv(
      [...P, 'codice_comune'],
      good().map((r) => [...r, d.BOLOGNA]),
    ),
    status: 'refused',
    rule: 'duplicate_column',
    column: 'comune_code',
  },
  {
    name: 'the same header twice',
    file: 'placements_same.csv',
    content: d.csv(
      [...P, 'channel'],
      good().map((r) => [...r, 'direct']),
    ),
    status: 'refused',
    rule: 'duplicate_column',
  },
  {
    name: 'tab delimiter',
    file: 'placements_tab.csv',
    content: d.csv(P, good(), '\t'),
    status: 'refused',
    rule: 'wrong_delimiter',
    message: /tab/,
  },
  {
    name: 'pipe delimiter',
    file: 'placements_pipe.csv',
    content: d.csv(P, good(), '|'),
    status: 'refused',
    rule: 'wrong_delimiter',
  },
  {
    name: 'header with ; and data with ,',
    file: 'placements_mixed.csv',
    content:
      P.join(';') +
      '\n' +
      good()
        .map((r) => r.join(','))
        .join('\n') +
      '\n',
    status: 'refused',
    rule: 'malformed_csv',
    row: 2,
    message: /fewer fields/,
  },
  {
    name: 'values under an unnamed column',
    file: 'placements_unnamed.csv',
    content: d.csv(
      [...P, ''],
      good().map((r, i) => [...r, i === 1 ? 'x' : '']),
    ),
    status: 'refused',
    rule: 'unnamed_column',
    row: 3,
    column: 'column 11',
  },
  {
    name: 'a trailing separator (empty unnamed column) loads',
    file: 'placements_trailing.csv',
    content: d.csv(
      [...P, ''],
      d
        .placementRows(40)
        .slice(30)
        .map((r) => [...r, '']),
      ';',
    ),
    status: 'loaded',
  },
  {
    name: 'unknown column',
    file: 'placements_extra.csv',
    content: d.csv(
      [...P, 'note_interne'],
      good().map((r) => [...r, 'x']),
    ),
    status: 'refused',
    rule: 'unknown_column',
    column: 'note_interne',
  },
  {
    name: 'missing required column',
    file: 'placements_missing.csv',
    content: d.csv(
      P.filter((c) => c !== 'contract_type'),
      good().map((r) => r.filter((_, i) => P[i] !== 'contract_type')),
    ),
    status: 'refused',
    rule: 'missing_required_column',
    column: 'contract_type',
  },
  {
    name: 'duplicate keys',
    file: 'placements_dup.csv',
    content: withCell('placement_id', 'PL000001', 2),
    status: 'refused',
    rule: 'duplicate_key',
    row: 2,
  },
  {
    name: 'end before start',
    file: 'placements_end.csv',
    content: withCell('end_date', '2024-01-01', 1),
    status: 'refused',
    rule: 'end_before_start',
    row: 3,
    column: 'end_date',
  },
  {
    name: 'future date',
    file: 'placements_future.csv',
    content: withCell('start_date', '2031-01-10', 2),
    status: 'refused',
    rule: 'future_date',
    row: 4,
  },
  {
    name: 'impossible date',
    file: 'placements_feb30.csv',
    content: withCell('start_date', '30/02/2024', 0),
    status: 'refused',
    rule: 'type',
    row: 2,
  },
  {
    name: 'unknown comune',
    file: 'placements_comune.csv',
    content: withCell('comune_code', '999999', 1),
    status: 'refused',
    rule: 'unknown_comune',
    row: 3,
  },
  {
    name: 'unknown occupation',
    file: 'placements_occ.csv',
    content: withCell('occupation_code', '9.9.9.9.9', 2),
    status: 'refused',
    rule: 'unknown_occupation',
    row: 4,
  },
  {
    name: 'code outside list',
    file: 'placements_code.csv',
    content: withCell('contract_type', 'forever', 0),
    status: 'refused',
    rule: 'code_list',
    row: 2,
  },
  {
    name: 'unresolved employer',
    file: 'placements_ref.csv',
    content: withCell('employer_id', d.hex('nobody'), 1),
    status: 'refused',
    rule: 'unresolved_reference',
    row: 3,
  },
  {
    name: 'non-hex person_id',
    file: 'placements_hex.csv',
    content: withCell('person_id', 'P-12345', 1),
    status: 'refused',
    rule: 'pseudonym',
    row: 3,
  },
  {
    name: 'name column',
    file: 'placements_name.csv',
    content: d.csv(
      [...P, 'cognome'],
      good().map((r) => [...r, 'Rossi']),
    ),
    status: 'refused',
    rule: 'pii_column',
    column: 'cognome',
    secret: 'Rossi',
  },
  {
    name: 'email column',
    file: 'placements_mail.csv',
    content: d.csv(
      [...P, 'E-mail'],
      good().map((r) => [...r, '']),
    ),
    status: 'refused',
    rule: 'pii_column',
    column: 'E-mail',
  },
  {
    name: 'codice fiscale, upper case',
    file: 'offices_cf1.csv',
    content: office(`Referente ${cf}`),
    status: 'refused',
    rule: 'pii_value',
    kind: 'codice_fiscale',
    row: 2,
    column: 'operator',
    secret: cf,
  },
  {
    name: 'codice fiscale, lower case',
    file: 'offices_cf2.csv',
    content: office(cf.toLowerCase()),
    status: 'refused',
    rule: 'pii_value',
    kind: 'codice_fiscale',
    secret: cf.toLowerCase(),
  },
  {
    name: 'codice fiscale, spaced',
    file: 'offices_cf3.csv',
    content: office(`cf: ${cf.slice(0, 3)} ${cf.slice(3, 6)} ${cf.slice(6, 11)} ${cf.slice(11)}`),
    status: 'refused',
    rule: 'pii_value',
    kind: 'codice_fiscale',
    secret: cf.slice(6, 11),
  },
  {
    name: 'codice fiscale, omocodia',
    file: 'offices_cf4.csv',
    content: office(d.omocode(cf)),
    status: 'refused',
    rule: 'pii_value',
    kind: 'codice_fiscale',
    secret: d.omocode(cf),
  },
  {
    name: 'codice fiscale, wrong check char',
    file: 'offices_cf5.csv',
    content: office(wrongCheck),
    status: 'refused',
    rule: 'pii_value',
    kind: 'codice_fiscale',
    secret: wrongCheck,
  },
  {
    name: 'codice fiscale in an id column',
    file: 'placements_cfid.csv',
    content: withCell('placement_id', cf, 2),
    status: 'refused',
    rule: 'pii_value',
    kind: 'codice_fiscale',
    row: 4,
    secret: cf,
  },
  {
    name: 'partita IVA',
    file: 'offices_piva.csv',
    content: office(`Coop. P.IVA ${d.fakePiva()}`),
    status: 'refused',
    rule: 'pii_value',
    kind: 'fiscal_code_11',
    secret: d.fakePiva(),
  },
  {
    name: 'e-mail',
    file: 'offices_email.csv',
    content: office('scrivere a mario.rossi@example.it'),
    status: 'refused',
    rule: 'pii_value',
    kind: 'email',
    secret: 'mario.rossi@example.it',
  },
  {
    name: 'IBAN',
    file: 'offices_iban.csv',
    content: office(`IBAN ${d.fakeIban()}`),
    status: 'refused',
    rule: 'pii_value',
    kind: 'iban',
    secret: d.fakeIban(),
  },
  {
    name: 'IBAN in groups of four',
    file: 'offices_iban4.csv',
    content: office(
      d
        .fakeIban()
        .replace(/(.{4})/g, '$1 ')
        .trim(),
    ),
    status: 'refused',
    rule: 'pii_value',
    kind: 'iban',
  },
  {
    name: 'mobile phone',
    file: 'offices_phone.csv',
    content: office('cell. +39 333 1234567'),
    status: 'refused',
    rule: 'pii_value',
    kind: 'phone',
    secret: '1234567',
  },
  {
    name: 'landline phone',
    file: 'offices_phone2.csv',
    content: office('tel. 051 6598765'),
    status: 'refused',
    rule: 'pii_value',
    kind: 'phone',
    secret: '6598765',
  },
  // Things that look a bit like identifiers but are not: they must load.
  {
    name: 'CUP, amounts, dates and codes are not PII',
    file: 'offices_notpii.csv',
    content: office(`Progetto ${CUP}, € 300.000.000,00 dal 15/12/2023, sede 037006`),
    status: 'loaded',
  },
  {
    name: 'an 11-digit number with a wrong check digit is not a partita IVA',
    file: 'offices_notpiva.csv',
    content: office(
      `Protocollo ${d.fakePiva().slice(0, 10)}${(Number(d.fakePiva()[10]) + 1) % 10}`,
    ),
    status: 'loaded',
  },
];

describe('bad inputs are refused with the contract rule, row and column', () => {
  const w = useSeededWarehouse();

  it.each(cases)('$name → $status $rule', async (c) => {
    const { wh, dir } = w.get();
    const before = await wh.scalar<number>('select count(*) from core.placements');
    const r = await loadFile(wh, d.write(dir, c.file, c.content), {
      source: 'test',
      today: d.TODAY,
    });
    expect(r.status, JSON.stringify(r.errors)).toBe(c.status);
    if (c.feed) expect(r.feed).toBe(c.feed);
    if (c.status === 'refused') {
      const issue = r.errors.find((e) => e.rule === c.rule && (!c.kind || e.kind === c.kind));
      expect(
        issue,
        `expected rule ${c.rule} ${c.kind ?? ''}, got ${JSON.stringify(r.errors)}`,
      ).toBeDefined();
      if (c.row != null) expect(issue!.row).toBe(c.row);
      if (c.column) expect(issue!.column).toBe(c.column);
      if (c.message) expect(issue!.message).toMatch(c.message);
      if (c.kind) expect(issue!.kind).toBe(c.kind);
      expect(await wh.scalar<number>('select count(*) from core.placements')).toBe(before);
      expect(
        await wh.scalar<number>('select count(*) from ops.file_ledger where checksum = $1', [
          r.checksum,
        ]),
      ).toBe(0);
      const recorded = await wh.one<{ status: string; error: string }>(
        'select status, error from ops.loads where load_id = $1',
        [r.attemptId!],
      );
      expect(recorded?.status).toBe('refused');
      if (c.secret) {
        expect(JSON.stringify(r)).not.toContain(c.secret);
        expect(recorded?.error ?? '').not.toContain(c.secret);
      }
      // A refusal reads the same whether the direct write was tried first (the default) or not.
      const staged = await loadFile(wh, d.write(dir, c.file, c.content), {
        source: 'test',
        today: d.TODAY,
        direct: false,
      });
      expect({ ...staged, attemptId: 0, loadId: 0 }).toEqual({ ...r, attemptId: 0, loadId: 0 });
    }
  });

  it('Windows-1252 accents and € load intact', async () => {
    const { wh, dir } = w.get();
    const name = 'Centro per l’impiego di Forlì — città';
    const operator = 'Agenzia àèéìòù € 1.000';
    const text = d.csv(OFFICE_HEADER, [['FO1', name, 'cpi', '040012', operator]], ';', '\r\n');
    const bytes = Buffer.from(
      [...text].map((ch) => ({ '€': 0x80, '’': 0x92, '—': 0x97 })[ch] ?? ch.charCodeAt(0)),
    );
    expect(bytes.includes(0x80)).toBe(true);
    const r = await loadFile(wh, d.write(dir, 'offices_cp1252.csv', bytes), {
      source: 'test',
      today: d.TODAY,
    });
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    expect(r.encoding).toBe('windows-1252');
    const row = await wh.one<{ name: string; operator: string }>(
      `select name, operator from core.offices where office_id = 'FO1'`,
    );
    expect(row).toEqual({ name, operator });
  });

  it('UTF-16 text (with BOM) loads like UTF-8', async () => {
    const { wh, dir } = w.get();
    const text = d.csv(
      OFFICE_HEADER,
      [['U16', 'Sportello Città', 'desk', d.BOLOGNA, 'Agenzia €']],
      ';',
      '\r\n',
    );
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r = await loadFile(wh, d.write(dir, 'offices_utf16.csv', bytes), {
      source: 'test',
      today: d.TODAY,
    });
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    expect(r.encoding).toBe('utf-16');
    expect(await wh.one(`select name, operator from core.offices where office_id = 'U16'`)).toEqual(
      { name: 'Sportello Città', operator: 'Agenzia €' },
    );
  });

  it('counts rows as records: a quoted line break does not shift the row of a later error', async () => {
    const { wh, dir } = w.get();
    const content = d.csv(OFFICE_HEADER, [
      ['BO7', 'Sportello\nmultilinea', 'desk', d.BOLOGNA, 'Comune'],
      ['BO8', 'Sportello 8', 'desk', '999999', 'Comune'],
    ]);
    const r = await loadFile(wh, d.write(dir, 'offices_multiline.csv', content), {
      source: 'test',
      today: d.TODAY,
    });
    expect(r.status).toBe('refused');
    expect(r.errors[0]).toMatchObject({ rule: 'unknown_comune', row: 3, count: 1 });
  });

  it('financial stages out of order: loaded, with a warning and a flag', async () => {
    const { wh, dir } = w.get();
    const content = d.csv(
      ['cup', 'as_of', 'programmed', 'admitted', 'legally_committed', 'paid'],
      [
        [CUP, '31/12/2024', '4.000.000,00', '4.000.000,00', '500.000,00', '€ 605.305,62'],
        [CUP, '30/06/2024', '4.000.000,00', '4.000.000,00', '4.000.000,00', '605.305,62'],
      ],
      ';',
    );
    const r = await loadFile(wh, d.write(dir, 'project_financials_2024.csv', content), {
      source: 'test',
      today: d.TODAY,
    });
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    expect(r.warnings).toEqual([
      expect.objectContaining({ rule: 'financial_stage_order', row: 2, count: 1 }),
    ]);
    expect(r.flaggedRows).toBe(1);
    expect(
      await wh.rows(
        'select feed, rule, key_values, row_number from ops.row_flags where load_id = $1',
        [r.loadId!],
      ),
    ).toEqual([
      {
        feed: 'project_financials',
        rule: 'financial_stage_order',
        key_values: [CUP, '2024-12-31'],
        row_number: 2,
      },
    ]);
    expect(
      await wh.scalar('select paid from core.project_financials where as_of = $1', ['2024-12-31']),
    ).toBe(605305.62);
    expect(await wh.scalar('select warnings from ops.loads where load_id = $1', [r.loadId!])).toBe(
      1,
    );
  });
});
