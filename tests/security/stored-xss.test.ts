// A stored <script> in a label stays data: the protected tables carry it as
// text, every format keeps it escaped for its syntax, and the HTTP responses
// that carry it cannot be run as HTML (JSON/CSV types, nosniff, strict CSP
// without inline scripts). Pages render labels through Svelte's escaping; the
// browser-level check of each page belongs to the dashboard's e2e tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { startServer, type TestServer } from './server.ts';
import { seedCore } from './seed.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { publishOpenData } from '../../warehouse/opendata/index.ts';

const XSS = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`;

describe('stored script in a label', () => {
  let t: TempWarehouse;
  let s: TestServer;
  beforeAll(async () => {
    t = await tempWarehouse();
    await seedCore(t.wh, { seekers: 300, placements: 300, vacancies: 100 });
    await t.wh.run(`update ref.code_lists set label_it = $1 where list = 'gender' and code = 'F'`, [XSS]);
    await t.wh.run(`update ref.code_lists set label_it = $1 where list = 'contract_type' and code = 'permanent'`, ['=HYPERLINK("http://evil.example","x")']);
    await refreshMarts(t.wh);
    s = await startServer(t, { demo: true, env: { OSSERVATORIO_SESSION_SECRET: 's'.repeat(48) } });
    await publishOpenData(t.wh, s.services.paths, { env: {} });
  }, 60_000);
  afterAll(async () => {
    await s.close();
    t.cleanup();
  });

  it('is served only as data: JSON/CSV media types, nosniff, CSP without inline script', async () => {
    for (const path of [
      '/api/open-data/placements_province_quarter_gender?format=json',
      '/open-data/placements_province_quarter_gender.json',
      '/open-data/placements_province_quarter_gender.csv',
    ]) {
      const res = await fetch(s.url + path);
      const body = await res.text();
      expect(body).toContain('window.__pwned'); // the label is there, as data
      expect(res.headers.get('content-type')).toMatch(/^(application\/json|text\/csv)/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toMatch(/script-src 'self'(;|$)/);
    }
  });

  it('keeps the exact text in every format, and spreadsheets do not run formulas', async () => {
    const dir = s.services.paths.openData;
    const json = JSON.parse(readFileSync(join(dir, 'placements_province_quarter_gender.json'), 'utf8')) as { rows: Record<string, unknown>[] };
    expect(json.rows.some((r) => r.gender_label === XSS)).toBe(true);
    const csv = parseCsv(readFileSync(join(dir, 'placements_province_quarter_gender.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(csv.some((r) => r.gender_label === XSS)).toBe(true);
    const contract = parseCsv(readFileSync(join(dir, 'placements_province_quarter_contract.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const labels = contract.map((r) => r.contract_type_label);
    expect(labels).toContain(`'=HYPERLINK("http://evil.example","x")`);
    expect(labels.some((l) => l.startsWith('='))).toBe(false);
  });
});
