// The same services extract sent five ways — CSV with `,` and ISO dates, CSV
// with `;`, decimal commas and Italian dates (Windows style: BOM + CRLF), XLSX,
// JSONL and Parquet — must leave identical rows in the warehouse, whether the
// rows go straight into core (the direct write, the default for a clean file)
// or through the staged table.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { revertLoad } from '../../ingest/history.ts';
import { loadFile } from '../../ingest/loadFile.ts';
import { sqlString } from '../../warehouse/sql.ts';
import * as d from './data.ts';
import { CUP, useSeededWarehouse } from './setup.ts';

const HEADER = [
  'service_id',
  'person_id',
  'office_id',
  'service_type',
  'start_date',
  'end_date',
  'outcome',
  'hours',
  'programme_code',
  'cup',
];

interface Service {
  service_id: string;
  person_id: string;
  office_id: string;
  service_type: string;
  start_date: string;
  end_date: string | null;
  outcome: string | null;
  hours: number | null;
  programme_code: string | null;
  cup: string | null;
}

const SERVICES: Service[] = Array.from({ length: 12 }, (_, i) => ({
  service_id: `SRV-${i + 1}`,
  person_id: d.hex(`person-${i}`),
  office_id: 'BO1',
  service_type: ['guidance_basic', 'training', 'job_matching'][i % 3],
  start_date: `2024-${String((i % 12) + 1).padStart(2, '0')}-0${(i % 9) + 1}`,
  end_date: i % 2 ? `2024-12-${10 + (i % 10)}` : null,
  outcome: i % 2 ? 'completed' : 'ongoing',
  hours: i % 4 === 0 ? null : [12.5, 1605.25, 3, 0.75][i % 4],
  programme_code: i % 3 === 0 ? 'PNMETRO' : null,
  cup: i % 3 === 0 ? CUP : null,
}));

const itDate = (iso: string | null, short = false) =>
  iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${short ? iso.slice(2, 4) : iso.slice(0, 4)}` : '';
const itNumber = (n: number | null) =>
  n == null ? '' : n.toLocaleString('it-IT', { maximumFractionDigits: 2, useGrouping: true });
const cells = (s: Service) => HEADER.map((h) => s[h as keyof Service]);

async function writeXlsx(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Note').addRow(['questo foglio non è il primo che conta']);
  const ws = wb.addWorksheet('Servizi');
  ws.addRow(HEADER);
  for (const s of SERVICES) {
    ws.addRow(
      cells(s).map((v, i) =>
        v != null && (HEADER[i] === 'start_date' || HEADER[i] === 'end_date')
          ? new Date(`${v}T00:00:00Z`)
          : v,
      ),
    );
  }
  await wb.xlsx.writeFile(path);
}

describe('every format loads to the same warehouse contents', () => {
  const w = useSeededWarehouse();

  async function load(file: string, sheet?: string, direct = true) {
    const { wh } = w.get();
    const r = await loadFile(wh, file, {
      source: 'test',
      today: d.TODAY,
      feed: 'services',
      sheet,
      direct,
    });
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    expect(r.writtenBy).toBe(direct ? 'direct' : 'staged');
    expect(r.rows).toBe(SERVICES.length);
    const rows = await wh.rows(
      `select ${HEADER.join(', ')} from core.services order by service_id`,
    );
    await revertLoad(wh, r.loadId!);
    expect(await wh.scalar('select count(*) from core.services')).toBe(0);
    return { rows, format: r.format };
  }

  it('CSV, CSV (Italian), XLSX, JSONL and Parquet', async () => {
    const { wh, dir } = w.get();
    const plain = d.write(
      dir,
      'plain.csv',
      d.csv(
        HEADER,
        SERVICES.map((s) => cells(s).map((v) => (v == null ? '' : String(v)))),
      ),
    );
    const italian = d.write(
      dir,
      'italian.csv',
      '\uFEFF' +
        d.csv(
          HEADER,
          SERVICES.map((s, i) =>
            cells(s).map((v, j) =>
              HEADER[j].endsWith('_date')
                ? itDate(v as string | null, i % 2 === 0)
                : HEADER[j] === 'hours'
                  ? itNumber(v as number | null)
                  : v == null
                    ? ''
                    : String(v),
            ),
          ),
          ';',
          '\r\n',
        ),
    );
    const xlsx = join(dir, 'services.xlsx');
    await writeXlsx(xlsx);
    const jsonl = d.write(
      dir,
      'services.jsonl',
      SERVICES.map((s) => JSON.stringify(s)).join('\n') + '\n',
    );
    const parquet = join(dir, 'services.parquet');
    await wh.run(
      `copy (select service_id, person_id, office_id, service_type, start_date::DATE as start_date, end_date::DATE as end_date,
                    outcome, hours::DOUBLE as hours, programme_code, cup
             from read_json(${sqlString(jsonl)}, format = 'newline_delimited')) to ${sqlString(parquet)} (format parquet)`,
    );

    const reference = await load(plain);
    expect(reference.rows).toHaveLength(SERVICES.length);
    expect(reference.rows[0]).toMatchObject({
      service_id: 'SRV-1',
      hours: null,
      start_date: '2024-01-01',
    });
    expect(reference.rows.find((r) => r.service_id === 'SRV-6')).toMatchObject({
      hours: 1605.25,
      end_date: '2024-12-15',
    });
    for (const [file, format, sheet] of [
      [plain, 'csv'],
      [italian, 'csv'],
      [xlsx, 'xlsx', 'Servizi'],
      [jsonl, 'jsonl'],
      [parquet, 'parquet'],
    ] as const) {
      for (const direct of [true, false]) {
        const got = await load(file, sheet, direct);
        expect(got.format).toBe(format);
        expect(got.rows, `${format} (${direct ? 'direct' : 'staged'}) differs`).toEqual(
          reference.rows,
        );
      }
    }
  });

  it('XLSX: the first sheet by default, a clear refusal for a missing sheet', async () => {
    const { wh, dir } = w.get();
    const xlsx = join(dir, 'services_sheets.xlsx');
    await writeXlsx(xlsx);
    const first = await loadFile(wh, xlsx, {
      source: 'test',
      today: d.TODAY,
      feed: 'services',
      dryRun: true,
    });
    expect(first.status).toBe('refused'); // the first sheet is the notes sheet
    const missing = await loadFile(wh, xlsx, {
      source: 'test',
      today: d.TODAY,
      feed: 'services',
      sheet: 'Nope',
    });
    expect(missing.errors[0]).toMatchObject({ rule: 'sheet_not_found' });
    expect(missing.errors[0].message).toContain('Servizi');
  });
});
