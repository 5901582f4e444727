// Formatted identifiers through the whole ingest path (ingestFile, as the
// inbox runs it), both ways a file can be written; a file name that holds an
// identifier; and what becomes of a file refused for personal data: only its
// report stays readable, the file itself owner-only and for a bounded time.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/ingestFile.ts';
import { loadFile } from '../../ingest/loadFile.ts';
import { PERSONAL_DATA_DIR, quarantineHours } from '../../ingest/quarantine.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import * as d from './data.ts';
import { OFFICE_HEADER, useSeededWarehouse } from './setup.ts';

const office = (operator: string) =>
  d.csv(OFFICE_HEADER, [['BO9', 'Sportello Lavoro Navile', 'desk', d.BOLOGNA, operator]]);

const CF = 'RSSMRA85T10A562S';
const VARIANTS: [string, string, string][] = [
  ['codice fiscale with dashes', 'RSS-MRA-85T10-A562S', 'codice_fiscale'],
  ['codice fiscale with dots', 'RSS.MRA.85T10.A562S', 'codice_fiscale'],
  [
    'codice fiscale with non-breaking spaces',
    'RSS\u00a0MRA\u00a085T10\u00a0A562S',
    'codice_fiscale',
  ],
  ['codice fiscale with a zero-width space', 'RSSMRA85T10\u200bA562S', 'codice_fiscale'],
  ['codice fiscale in fullwidth', 'ＲＳＳＭＲＡ８５Ｔ１０Ａ５６２Ｓ', 'codice_fiscale'],
  ['codice fiscale glued to text', 'cfRSSMRA85T10A562S', 'codice_fiscale'],
  ['e-mail with a quoted local part', '"mario rossi"@example.it', 'email'],
  ['accented e-mail', 'mário.rossì@exämple.it', 'email'],
  ['e-mail with a fullwidth at', 'mario＠example.it', 'email'],
  ['e-mail to an IP literal', 'mario@[10.0.0.1]', 'email'],
  ['IBAN glued to text', 'contoIT60X0542811101000000123456', 'iban'],
  ['mobile with a slash', '333/1234567', 'phone'],
  ['mobile in pairs after +39', '+39 333 12 34 567', 'phone'],
  ['UK number', '+44 20 7946 0958', 'phone'],
];

describe('formatted identifiers through ingestFile', () => {
  const w = useSeededWarehouse();

  it.each(VARIANTS)('%s is refused, direct or staged', async (_name, value, kind) => {
    const { wh, dir } = w.get();
    const paths = resolveDataPaths({ dataDir: join(dir, 'data') });
    for (const direct of [true, false]) {
      const file = d.write(dir, `offices_variant_${direct}.csv`, office(`Referente ${value}`));
      const r = await ingestFile(wh, paths, file, { source: 'inbox', today: d.TODAY, direct });
      expect(r.status, `${direct ? 'direct' : 'staged'}: ${JSON.stringify(r.errors)}`).toBe(
        'refused',
      );
      expect(r.errors.find((e) => e.rule === 'pii_value')?.kind).toBe(kind);
      expect(JSON.stringify(r)).not.toContain(value);
      expect(readFileSync(r.reportPath!, 'utf8')).not.toContain(value);
    }
    expect(
      await wh.scalar<number>(
        `select count(*) from core.offices where operator like '%' || $1 || '%'`,
        [value.slice(-6)],
      ),
    ).toBe(0);
  });

  it('a public local project code and prose load (direct and staged alike)', async () => {
    const { wh, dir } = w.get();
    for (const direct of [true, false]) {
      const r = await loadFile(
        wh,
        d.write(
          dir,
          `offices_public_${direct}.csv`,
          office(`Progetto 4MISECDI_00000429 — research managers ${direct}`),
        ),
        { source: 'test', today: d.TODAY, direct },
      );
      expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    }
  });
});

describe('a file name that holds an identifier', () => {
  const w = useSeededWarehouse();

  it('is refused unread and recorded, reported and kept under a redacted name only', async () => {
    const { wh, dir } = w.get();
    const paths = resolveDataPaths({ dataDir: join(dir, 'data') });
    const file = d.write(dir, `offices_${CF}.csv`, office('Comune'));
    const r = await ingestFile(wh, paths, file, { source: 'inbox', today: d.TODAY });
    expect(r.status).toBe('refused');
    expect(r.errors).toEqual([
      expect.objectContaining({ rule: 'pii_file_name', kind: 'codice_fiscale' }),
    ]);
    expect(r.errors[0].message).toMatch(/file name contains what looks like a codice fiscale/);
    expect(r.file).toMatch(/^redacted-[0-9a-f]{12}\.csv$/);
    expect(JSON.stringify(r)).not.toContain(CF);
    const loads = await wh.rows<Record<string, unknown>>('select * from ops.loads');
    expect(JSON.stringify(loads, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))).not.toContain(
      CF,
    );
    expect(loads.some((l) => l.file_name === r.file && l.status === 'refused')).toBe(true);
    const everything = [
      ...readdirSync(paths.quarantine),
      ...readdirSync(join(paths.quarantine, PERSONAL_DATA_DIR)),
    ];
    expect(everything.join('\n')).not.toContain(CF);
    expect(readFileSync(r.reportPath!, 'utf8')).not.toContain(CF);
    expect(existsSync(file)).toBe(false);
    expect(
      await wh.scalar<number>(`select count(*) from core.offices where office_id = 'BO9'`),
    ).toBe(0);
  });
});

describe('a file refused for personal data', () => {
  const w = useSeededWarehouse();
  const mode = (p: string) => statSync(p).mode & 0o777;

  it('is kept owner-only in a private folder until its retention ends, then swept', async () => {
    const { wh, dir } = w.get();
    const paths = resolveDataPaths({ dataDir: join(dir, 'data') });
    const t0 = new Date('2025-06-30T08:00:00Z');
    const file = d.write(dir, 'offices_kept.csv', office(`Referente ${CF}`));
    const r = await ingestFile(wh, paths, file, {
      source: 'inbox',
      today: d.TODAY,
      quarantineHours: 72,
      now: () => t0,
    });
    expect(r.status).toBe('refused');
    expect(r.movedTo).toBe(join(paths.quarantine, PERSONAL_DATA_DIR, 'offices_kept.csv'));
    expect(mode(r.movedTo!)).toBe(0o600);
    expect(mode(join(paths.quarantine, PERSONAL_DATA_DIR))).toBe(0o700);
    expect(existsSync(join(paths.quarantine, 'offices_kept.csv'))).toBe(false);
    const report = JSON.parse(readFileSync(r.reportPath!, 'utf8'));
    expect(r.reportPath).toBe(join(paths.quarantine, 'offices_kept.csv.report.json'));
    expect(report.personalData).toMatchObject({
      file: 'kept',
      deleteAfter: '2025-07-03T08:00:00.000Z',
    });

    // A later load before the deadline leaves it; one after deletes it and says so in the report.
    const clean = () =>
      d.write(dir, `offices_clean_${Math.random().toString(36).slice(2)}.csv`, office('Comune'));
    await ingestFile(wh, paths, clean(), {
      source: 'inbox',
      today: d.TODAY,
      now: () => new Date('2025-07-03T07:59:00Z'),
    });
    expect(existsSync(r.movedTo!)).toBe(true);
    await ingestFile(wh, paths, clean(), {
      source: 'inbox',
      today: d.TODAY,
      now: () => new Date('2025-07-03T08:01:00Z'),
    });
    expect(existsSync(r.movedTo!)).toBe(false);
    const after = JSON.parse(readFileSync(r.reportPath!, 'utf8'));
    expect(after.personalData).toMatchObject({
      file: 'deleted',
      deletedAt: '2025-07-03T08:01:00.000Z',
    });
    expect(after.errors[0].rule).toBe('pii_value');
  });

  it('is deleted at once with a retention of 0, and only the report stays', async () => {
    const { wh, dir } = w.get();
    const paths = resolveDataPaths({ dataDir: join(dir, 'data0') });
    const file = d.write(dir, 'offices_gone.csv', office(`IBAN IT60X0542811101000000123456`));
    const r = await ingestFile(wh, paths, file, {
      source: 'inbox',
      today: d.TODAY,
      quarantineHours: 0,
    });
    expect(r.status).toBe('refused');
    expect(r.movedTo).toBeNull();
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(join(paths.quarantine, PERSONAL_DATA_DIR))).toEqual([]);
    const report = JSON.parse(readFileSync(r.reportPath!, 'utf8'));
    expect(report.personalData.file).toBe('deleted');
    expect(JSON.stringify(report)).not.toContain('IT60X');
  });

  it('is kept for OSSERVATORIO_QUARANTINE_HOURS, 72 by default; a bad value is an error', () => {
    expect(quarantineHours({})).toBe(72);
    expect(quarantineHours({ OSSERVATORIO_QUARANTINE_HOURS: '0' })).toBe(0);
    expect(quarantineHours({ OSSERVATORIO_QUARANTINE_HOURS: '12' })).toBe(12);
    expect(() => quarantineHours({ OSSERVATORIO_QUARANTINE_HOURS: 'soon' })).toThrow(
      /OSSERVATORIO_QUARANTINE_HOURS/,
    );
  });

  it('a file refused for another reason stays in quarantine as before', async () => {
    const { wh, dir } = w.get();
    const paths = resolveDataPaths({ dataDir: join(dir, 'data1') });
    const file = d.write(
      dir,
      'offices_badcode.csv',
      d.csv(OFFICE_HEADER, [['BO8', 'Sede', 'desk', '999999', 'Comune']]),
    );
    const r = await ingestFile(wh, paths, file, { source: 'inbox', today: d.TODAY });
    expect(r.status).toBe('refused');
    expect(r.movedTo).toBe(join(paths.quarantine, 'offices_badcode.csv'));
    expect(JSON.parse(readFileSync(r.reportPath!, 'utf8')).personalData).toBeUndefined();
  });
});
