// A publication the mapping cannot read without guessing is refused whole:
// a territory that resolves to nothing, a number that is ambiguous in the
// publication's format, a period outside what the publication covers. Each
// refusal names the file, the row and column of the public file, and the
// rule; nothing is loaded (no figure, no measure, no ledger entry) and the
// attempt is recorded. The fixtures are the real COB excerpt with one cell
// changed.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/ingestFile.ts';
import { MAPPINGS_DIR } from '../../ingest/official/index.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { COB } from './fixture.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const COB_MAPPING = join(MAPPINGS_DIR, 'mlps_cob_regionale_trimestrale.yaml');

/** The COB excerpt with one cell of one data row replaced; returns the path and the row number (header = 1). */
function cobWith(
  dir: string,
  regione: string,
  anno: string,
  flusso: string,
  column: string,
  value: string,
) {
  const lines = readFileSync(COB, 'utf8').split('\r\n');
  const header = lines[0].split(';');
  const i = lines.findIndex(
    (l) => l.startsWith(`${regione};${anno};`) && l.split(';')[4] === flusso,
  );
  expect(i).toBeGreaterThan(0);
  const cells = lines[i].split(';');
  cells[header.indexOf(column)] = value;
  lines[i] = cells.join(';');
  const file = join(dir, 'co_regionale_avviamenti_cessazioni_long.csv');
  writeFileSync(file, lines.join('\r\n'));
  return { file, row: i + 1 };
}

describe('refusals of an official publication', () => {
  let t: TempWarehouse;
  beforeEach(async () => {
    t = await tempWarehouse();
  });
  afterEach(() => t.cleanup());

  const ingest = (file: string) =>
    ingestFile(t.wh, resolveDataPaths({ dataDir: t.dir }), file, {
      source: 'osservatorio',
      keepOriginal: true,
    });

  async function expectNothingLoaded(): Promise<void> {
    expect(await t.wh.scalar('select count(*) from core.official_series')).toBe(0);
    expect(await t.wh.scalar('select count(*) from core.official_measures')).toBe(0);
    expect(await t.wh.scalar('select count(*) from ops.file_ledger')).toBe(0);
    expect(await t.wh.rows('select status from ops.loads')).toEqual([{ status: 'refused' }]);
  }

  it.each([
    [
      'a territory that resolves to nothing',
      'Molise',
      'avviamenti',
      'regione',
      'Molisse',
      'territory_unknown',
    ],
    [
      'a number with a comma in a dot-decimal publication',
      'Basilicata',
      'avviamenti',
      'rapporti',
      '35,096',
      'number_ambiguous',
    ],
    [
      'a value that is not a number',
      'Basilicata',
      'avviamenti',
      'lavoratori',
      'n.d.',
      'number_unreadable',
    ],
    [
      'a year before the publication starts',
      'Puglia',
      'cessazioni',
      'anno',
      '2016',
      'period_outside_publication',
    ],
    [
      'a quarter that does not exist',
      'Puglia',
      'cessazioni',
      'trimestre',
      '5',
      'period_unreadable',
    ],
    [
      'a flow the mapping has no code for',
      'Lazio',
      'avviamenti',
      'flusso',
      'trasformazioni',
      'label_unknown',
    ],
  ])(
    '%s: refused with file, row, column and rule',
    async (_what, regione, flusso, column, value, rule) => {
      const { file, row } = cobWith(t.dir, regione, '2025', flusso, column, value);
      const r = await ingest(file);
      expect(r.status).toBe('refused');
      expect(r.file).toBe('co_regionale_avviamenti_cessazioni_long.csv');
      expect(r.errors.map((e) => [e.rule, e.row, e.column])).toContainEqual([
        rule,
        row,
        column === 'anno' || column === 'trimestre'
          ? 'anno+trimestre'
          : column === 'flusso'
            ? 'flusso'
            : column,
      ]);
      // Never the cell's value in a message or report.
      expect(JSON.stringify(r.errors)).not.toContain(value);
      await expectNothingLoaded();
      // The refused file is in quarantine with its report.
      const report = JSON.parse(readFileSync(r.reportPath!, 'utf8'));
      expect(JSON.stringify(report)).toContain(rule);
    },
  );

  it('a quarter after the load date is outside the publication', async () => {
    const r = await ingestFile(t.wh, resolveDataPaths({ dataDir: t.dir }), COB, {
      source: 'osservatorio',
      keepOriginal: true,
      today: '2025-06-30',
    });
    expect(r.status).toBe('refused');
    const issue = r.errors.find((e) => e.rule === 'period_outside_publication')!;
    expect(issue.column).toBe('anno+trimestre');
    // Every 2025-Q3 row (46 of them), the first being the first 2025 row of the file.
    const lines = readFileSync(COB, 'utf8').split('\r\n');
    expect(issue.row).toBe(lines.findIndex((l) => l.includes(';2025;3;')) + 1);
    expect(issue.count).toBe(lines.filter((l) => l.includes(';2025;3;')).length);
    await expectNothingLoaded();
  });

  it('a number format the mapping does not say is never guessed: the same file under an Italian-format mapping is refused', async () => {
    const italian = join(t.dir, 'cob_italian.yaml');
    writeFileSync(
      italian,
      readFileSync(COB_MAPPING, 'utf8').replace('number_format: dot', 'number_format: italian'),
    );
    const dataDir = join(t.dir, 'cli-data');
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'cli', 'osservatorio.js'), ...args], {
        encoding: 'utf8',
        cwd: ROOT,
        env: { ...process.env, TZ: 'Europe/Rome' },
      });
    // `48519.0` is not an Italian number (a lone dot not grouping thousands): refused, not read as 485190.
    const refused = cli('ingest', COB, '--mapping', italian, '--data-dir', dataDir);
    expect(refused.status, refused.stdout + refused.stderr).toBe(2);
    expect(refused.stdout).toMatch(/row 2, column rapporti: .*\[number_ambiguous\]/);
    // With the shipped mapping given explicitly the same bytes load.
    const loaded = cli('ingest', COB, '--mapping', COB_MAPPING, '--data-dir', dataDir);
    expect(loaded.status, loaded.stdout + loaded.stderr).toBe(0);
    expect(loaded.stdout).toMatch(
      /loaded \(load \d+\) via official:mlps_cob_regionale_trimestrale/,
    );
    expect(loaded.stdout).toMatch(/feed official_series, 276 rows, loaded/);
    // A mapping that is not one is a usage error naming the field.
    const broken = join(t.dir, 'broken.yaml');
    writeFileSync(
      broken,
      readFileSync(COB_MAPPING, 'utf8').replace('additivity: flow', 'additivity: sometimes'),
    );
    const usage = cli('ingest', COB, '--mapping', broken, '--data-dir', dataDir);
    expect(usage.status).toBe(1);
    expect(usage.stderr).toMatch(
      /broken\.yaml: not a publication mapping:\n\s+measures\.cob_rapporti_attivati\.additivity: /,
    );
  });
});
