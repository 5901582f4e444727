// pseudonymise and keygen: the HMAC is the standard one, normalisation is trim
// + upper only, keys are checked, name/contact columns never reach the output,
// big files stream, and the output loads through loadFile as valid pseudonyms.
import { createHmac, createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFile } from '../../ingest/loadFile.ts';
import {
  KeyError,
  keyId,
  normaliseIdentifier,
  pseudonym,
  pseudonymiseCsv,
  PseudonymiseError,
  readKeyFile,
  writeNewKeyFile,
} from '../../pseudonymise/index.ts';
import { tempDir, tempWarehouse } from '../helpers/warehouse.ts';
import { rmSync } from 'node:fs';

const dirs: string[] = [];
function scratch(): string {
  const d = tempDir('osservatorio-pseudo-');
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// Fake identifiers shaped like codici fiscali; not of real people.
const FAKE_CF = 'RSSMRA85T10A562S';
const FAKE_CF_OMOCODIA = 'RSSMRA85T10A56NH'; // last digits replaced by omocodia letters

function newKey(dir: string): { path: string; key: Buffer; id: string } {
  const path = join(dir, 'owner.key');
  const { keyId: id } = writeNewKeyFile(path);
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  return { path, key, id };
}

describe('keys', () => {
  it('keygen writes 32 random bytes as hex with mode 0600 and refuses to overwrite', () => {
    const dir = scratch();
    const { path, key, id } = newKey(dir);
    expect(key.length).toBe(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(id).toBe(createHash('sha256').update(key).digest('hex').slice(0, 8));
    expect(() => writeNewKeyFile(path)).toThrow(/already exists/);
  });

  it('refuses a key shorter than 32 bytes', () => {
    const dir = scratch();
    const path = join(dir, 'short.key');
    writeFileSync(path, 'ab'.repeat(31) + '\n');
    expect(() => readKeyFile(path, { cwd: dir })).toThrow(KeyError);
    expect(() => readKeyFile(path, { cwd: dir })).toThrow(/31 bytes/);
  });

  it('accepts a base64 key of 32 bytes', () => {
    const dir = scratch();
    const path = join(dir, 'b64.key');
    const raw = Buffer.alloc(32, 7);
    writeFileSync(path, raw.toString('base64'));
    expect(readKeyFile(path, { cwd: dir }).keyId).toBe(keyId(raw));
  });

  it('refuses a key inside a git work tree or inside the data directory', () => {
    const dir = scratch();
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    const inRepo = join(repo, 'owner.key');
    writeFileSync(inRepo, 'ab'.repeat(32));
    expect(() => readKeyFile(inRepo, { cwd: dir })).toThrow(/git work tree/);
    // the current directory's work tree counts too (running from inside the repo)
    const outside = join(dir, 'outside.key');
    writeFileSync(outside, 'ab'.repeat(32));
    expect(readKeyFile(outside, { cwd: dir }).key.length).toBe(32);
    const data = join(dir, 'data');
    mkdirSync(data);
    const inData = join(data, 'owner.key');
    writeFileSync(inData, 'ab'.repeat(32));
    expect(() => readKeyFile(inData, { cwd: dir, dataDirs: [data] })).toThrow(/data directory/);
    // this repository itself
    expect(() => readKeyFile(join(import.meta.dirname, 'pseudonymise.test.ts'), { cwd: dir })).toThrow(/git work tree/);
  });
});

describe('pseudonym', () => {
  it('is HMAC-SHA256 of the trimmed, upper-cased identifier, 64 lowercase hex', () => {
    const key = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');
    const expected = createHmac('sha256', key).update(FAKE_CF).digest('hex');
    expect(pseudonym(key, FAKE_CF)).toBe(expected);
    expect(pseudonym(key, `  ${FAKE_CF.toLowerCase()}\t`)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
    expect(normaliseIdentifier(' rss mra ')).toBe('RSS MRA'); // inner spaces are kept: trim + upper only
  });

  it('keeps omocodia variants distinct and empty values empty', () => {
    const key = Buffer.alloc(32, 1);
    expect(pseudonym(key, FAKE_CF_OMOCODIA)).not.toBe(pseudonym(key, FAKE_CF));
    expect(pseudonym(key, '   ')).toBe('');
  });
});

describe('pseudonymiseCsv', () => {
  it('drops name/contact columns, maps identifiers, adds key_id, keeps ; and transcodes Windows-1252', async () => {
    const dir = scratch();
    const { key, id } = newKey(dir);
    const input = join(dir, 'iscritti.csv');
    const text =
      'Codice Fiscale;Nome;Cognome;Email;Telefono;Indirizzo;IBAN;office_id;registered_on;città\n' +
      `${FAKE_CF};Mario;Rossi;m.rossi@example.org;3331234567;Via Roma 1;IT60X0542811101000000123456;BO01;15/01/2025;Forlì\n` +
      ';Anna;Bianchi;;;;;BO01;16/01/2025;Imola\n';
    writeFileSync(input, Buffer.from(text, 'latin1')); // à and ì have the same byte in Latin-1 and Windows-1252
    const out = join(dir, 'job_seekers.csv');
    const s = await pseudonymiseCsv({ input, output: out, key, keyId: id });
    expect(s.encoding).toBe('windows-1252');
    expect(s.delimiter).toBe(';');
    expect(s.rows).toBe(2);
    expect(s.dropped).toEqual(['Nome', 'Cognome', 'Email', 'Telefono', 'Indirizzo', 'IBAN']);
    expect(s.mapped).toEqual([{ from: 'Codice Fiscale', to: 'person_id', empty: 1 }]);
    const written = readFileSync(out, 'utf8');
    const lines = written.trim().split('\n');
    expect(lines[0]).toBe('person_id;office_id;registered_on;città;key_id');
    expect(lines[1]).toBe(`${createHmac('sha256', key).update(FAKE_CF).digest('hex')};BO01;15/01/2025;Forlì;${id}`);
    expect(lines[2]).toBe(`;BO01;16/01/2025;Imola;${id}`);
    for (const secret of ['Mario', 'Rossi', 'example.org', '3331234567', 'Via Roma', 'IT60X', FAKE_CF]) {
      expect(written).not.toContain(secret);
    }
    expect(JSON.stringify(s)).not.toContain('Mario');
  });

  it('honours --map and --drop, keeps , and a UTF-8 BOM input', async () => {
    const dir = scratch();
    const { key, id } = newKey(dir);
    const input = join(dir, 'in.csv');
    writeFileSync(input, '\uFEFFcf_lav,cf_azienda,note,start_date,data_nascita,email_referente\nrssmra85t10a562s,01234567890,"a, b",2025-01-02,1985-12-10,x@example.org\n');
    const out = join(dir, 'out.csv');
    const s = await pseudonymiseCsv({ input, output: out, key, keyId: id, map: { cf_lav: 'person_id', cf_azienda: 'employer_id' }, drop: ['note'] });
    expect(s.bom).toBe(true);
    expect(s.delimiter).toBe(',');
    expect(s.columns).toEqual(['person_id', 'employer_id', 'start_date', 'key_id']);
    expect(s.dropped).toEqual(['note', 'data_nascita', 'email_referente']); // --drop, and names the PII guard refuses
    const row = readFileSync(out, 'utf8').trim().split('\n')[1].split(',');
    expect(row[0]).toBe(pseudonym(key, FAKE_CF));
    expect(row[1]).toBe(createHmac('sha256', key).update('01234567890').digest('hex'));
  });

  it("reads the dialect as the loader does: Excel's sep= line, € in Windows-1252, a tab file refused", async () => {
    const dir = scratch();
    const { key, id } = newKey(dir);
    const input = join(dir, 'excel.csv');
    // Windows-1252: € is byte 0x80 (Latin-1 would make it U+0080); the header follows Excel's sep= line.
    writeFileSync(input, Buffer.concat([Buffer.from(`sep=;\r\ncodice_fiscale;importo\r\n${FAKE_CF};12 `), Buffer.from([0x80]), Buffer.from('\r\n')]));
    const out = join(dir, 'out.csv');
    const s = await pseudonymiseCsv({ input, output: out, key, keyId: id });
    expect(s.encoding).toBe('windows-1252');
    expect(s.delimiter).toBe(';');
    expect(s.columns).toEqual(['person_id', 'importo', 'key_id']);
    expect(readFileSync(out, 'utf8').trim().split('\n')[1]).toBe(`${pseudonym(key, FAKE_CF)};12 €;${id}`);

    const tabs = join(dir, 'tabs.csv');
    writeFileSync(tabs, `codice_fiscale\tx\n${FAKE_CF}\t1\n`);
    const err = await pseudonymiseCsv({ input: tabs, output: join(dir, 'o.csv'), key, keyId: id }).catch((e: unknown) => e as PseudonymiseError);
    expect(err).toMatchObject({ code: 'BAD_CSV' });
    expect((err as Error).message).toContain("the contract accepts ',' or ';'");
  });

  it('refuses a file without an identifier column, an existing output, and a ragged CSV', async () => {
    const dir = scratch();
    const { key, id } = newKey(dir);
    const input = join(dir, 'in.csv');
    writeFileSync(input, 'a,b\n1,2\n');
    await expect(pseudonymiseCsv({ input, output: join(dir, 'o1.csv'), key, keyId: id })).rejects.toMatchObject({ code: 'NO_IDENTIFIER_COLUMN' });
    writeFileSync(join(dir, 'o2.csv'), 'x');
    await expect(pseudonymiseCsv({ input, output: join(dir, 'o2.csv'), key, keyId: id })).rejects.toBeInstanceOf(PseudonymiseError);
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, `codice_fiscale,x\n${FAKE_CF},1,SECRETVALUE\n`);
    const err = await pseudonymiseCsv({ input: ragged, output: join(dir, 'o3.csv'), key, keyId: id }).catch((e: unknown) => e as PseudonymiseError);
    expect(err).toMatchObject({ code: 'BAD_CSV' });
    expect((err as Error).message).not.toContain('SECRETVALUE');
    expect(() => statSync(join(dir, 'o3.csv'))).toThrow(); // no half-written output
  });

  it('streams a 200k-row file with bounded memory', async () => {
    const dir = scratch();
    const { key, id } = newKey(dir);
    const input = join(dir, 'big.csv');
    const ws = createWriteStream(input);
    ws.write('codice_fiscale;nome;office_id;registered_on\n');
    for (let i = 0; i < 200_000; i++) {
      const line = `XXXYYY${String(i).padStart(8, '0')}AB;Nome${i};BO01;2025-01-01\n`;
      if (!ws.write(line)) await once(ws, 'drain');
    }
    ws.end();
    await once(ws, 'finish');
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = Date.now();
    const s = await pseudonymiseCsv({ input, output: join(dir, 'out.csv'), key, keyId: id });
    clearInterval(timer);
    expect(s.rows).toBe(200_000);
    expect(Date.now() - t0).toBeLessThan(60_000);
    // The input is ~9 MB and the output ~16 MB; holding either in memory as JS strings/arrays would add far more than this.
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
    expect(statSync(join(dir, 'out.csv')).size).toBeGreaterThan(200_000 * 64);
  });
});

describe('output loads through loadFile', () => {
  it('a pseudonymised services file is accepted with valid pseudonyms and key_id', async () => {
    const t = await tempWarehouse();
    try {
      const dir = scratch();
      const { key, id } = newKey(dir);
      const offices = join(dir, 'offices.csv');
      writeFileSync(offices, 'office_id,name,kind,comune_code\nBO01,CPI Bologna,cpi,037006\n');
      expect((await loadFile(t.wh, offices, { source: 'test', today: '2025-06-30' })).status).toBe('loaded');
      const input = join(dir, 'export.csv');
      writeFileSync(
        input,
        `id_servizio;codice_fiscale;nome;cognome;office_id;tipo_servizio;data_inizio\n` +
          `S1;${FAKE_CF};Mario;Rossi;BO01;reception;15/01/2025\nS2;${FAKE_CF_OMOCODIA};Maria;Rossi;BO01;guidance_basic;16/01/2025\n`,
      );
      const out = join(dir, 'services_2025-06.csv');
      await pseudonymiseCsv({ input, output: out, key, keyId: id });
      const r = await loadFile(t.wh, out, { source: 'test', today: '2025-06-30' });
      expect(r.errors).toEqual([]);
      expect(r.status).toBe('loaded');
      const rows = await t.wh.rows<{ person_id: string; key_id: string }>(`select person_id, key_id from core.services order by service_id`);
      expect(rows).toEqual([
        { person_id: pseudonym(key, FAKE_CF), key_id: id },
        { person_id: pseudonym(key, FAKE_CF_OMOCODIA), key_id: id },
      ]);
    } finally {
      t.cleanup();
    }
  });
});
