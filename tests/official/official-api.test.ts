// The morning after: an analyst drops this quarter's COB annex and the latest
// Focus GOL table into the inbox; the inbox job loads them through the one
// load path, and GET /api/official/series answers Basilicata's avviamenti,
// cessazioni and GOL prese in carico with their source and publication,
// equal to the fixture's own figures. The CSV download holds exactly the
// JSON rows. Behind the route guard like the rest of the data API.
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { startServer, type RunningServer } from '../../server/serve.ts';
import { silentLogger } from '../../runtime/log.ts';
import type { RunReport } from '../../jobs/runner.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import { tempDir } from '../helpers/warehouse.ts';
import { dropInInbox } from '../jobs/helpers.ts';
import { COB, cobRows, GOL_1_2, golRows } from './fixture.ts';

const dir = tempDir('osservatorio-official-api-');
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Figure {
  measure: string;
  additivity: string;
  territory_code: string;
  territory_name: string;
  period: string;
  gol_path: string;
  value: number | null;
  source: string;
  publication: string;
  label_it: string;
}

describe('official series through the inbox and the data API', () => {
  it('serves Basilicata as published, with source and publication, after the inbox run', async () => {
    server = await startServer({
      paths: resolveDataPaths({ dataDir: dir }),
      port: 0,
      demo: true,
      logger: silentLogger,
      scheduler: false,
      svelteHandler: null,
    });
    const base = server.url;
    dropInInbox(dir, 'osservatorio', 'co_regionale_2025Q3.csv', readFileSync(COB, 'utf8'));
    dropInInbox(dir, 'osservatorio', 'focus_gol_tab_1_2.csv', readFileSync(GOL_1_2, 'utf8'));
    const run = await fetch(`${base}/api/jobs/inbox/run`, {
      method: 'POST',
      headers: { 'x-osservatorio-operator-token': server.info.token },
    });
    expect(run.status).toBe(200);
    const report = ((await run.json()) as { run: RunReport }).run;
    expect(report.status, JSON.stringify(report)).toBe('ok');

    const anonymous = await fetch(`${base}/api/official/series?territory=17`);
    expect([401, 403]).toContain(anonymous.status);

    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo-analyst', password: 'demo-analyst-password' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const get = (q: string) => fetch(`${base}/api/official/series${q}`, { headers: { cookie } });

    const cob = await get(
      '?dataset=mlps_cob_regionale_trimestrale&territory=17&measure=cob_rapporti_attivati,cob_rapporti_cessati',
    );
    expect(cob.status).toBe(200);
    const rows = ((await cob.json()) as { rows: Figure[] }).rows;
    const published = cobRows().filter((x) => x.regione === 'Basilicata');
    expect(rows.map((r) => [r.measure, r.period, r.value])).toEqual(
      [
        ...published
          .filter((x) => x.flusso === 'avviamenti')
          .map((x) => ['cob_rapporti_attivati', `${x.anno}-Q3`, x.rapporti]),
        ...published
          .filter((x) => x.flusso === 'cessazioni')
          .map((x) => ['cob_rapporti_cessati', `${x.anno}-Q3`, x.rapporti]),
      ].sort(
        (a, b) =>
          String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])),
      ),
    );
    expect(
      rows.every(
        (r) =>
          r.source === 'mlps' &&
          r.publication === 'Allegato-III-Trimestre-CO-2025.xlsx' &&
          r.additivity === 'flow',
      ),
    ).toBe(true);
    // Each figure names its territory, not only its code.
    expect(new Set(rows.map((r) => r.territory_name))).toEqual(new Set(['Basilicata']));

    const gol = await get(
      '?dataset=inapp_focus_gol_regionale&territory=17&measure=gol_prese_in_carico',
    );
    const golFigures = ((await gol.json()) as { rows: Figure[] }).rows;
    const golPublished = golRows(GOL_1_2).filter(
      (x) => x.etichetta === 'Basilicata' && x.variabile.endsWith('_ass'),
    );
    expect(golFigures.map((r) => [r.gol_path, r.value])).toEqual(
      golPublished.map((x) => [x.variabile[0], x.valore]),
    );
    expect(golFigures.every((r) => r.additivity === 'stock' && r.period === '2025-12-31')).toBe(
      true,
    );

    // The download is the table: same rows, same values.
    const csv = await fetch(
      `${base}/api/official/series.csv?dataset=mlps_cob_regionale_trimestrale&territory=17&measure=cob_rapporti_attivati,cob_rapporti_cessati`,
      { headers: { cookie } },
    );
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const records = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    expect(records.map((r) => [r.measure, r.period, r.territory_name, Number(r.value)])).toEqual(
      rows.map((r) => [r.measure, r.period, r.territory_name, r.value]),
    );

    const bad = await get('?territory=17;drop');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe(
      'INVALID_OFFICIAL_SERIES_REQUEST',
    );
    expect((await get('?region=17')).status).toBe(400);
  });
});
