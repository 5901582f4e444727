// Snapshots on real DuckDB files: what publishSnapshot writes (one
// consistent copy, without secrets, named by CURRENT only once complete) and
// how LatestSnapshot switches (new acquisitions get the new snapshot, a held
// one keeps answering until released, even after its file was deleted;
// files CURRENT does not name are never opened).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Warehouse } from '../../warehouse/db.ts';
import { recordAudit } from '../../warehouse/access/audit.ts';
import { addUser } from '../../warehouse/accounts/users.ts';
import { insertSession } from '../../warehouse/accounts/sessions.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { LatestSnapshot } from '../../warehouse/snapshots/latest.ts';
import { publishSnapshot } from '../../warehouse/snapshots/publish.ts';
import { readPointer } from '../../warehouse/snapshots/pointer.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

describe('read-only snapshots', () => {
  let t: TempWarehouse;
  let dir: string;
  beforeEach(async () => {
    t = await tempWarehouse();
    dir = join(t.dir, 'snapshots');
    await refreshMarts(t.wh, { asOf: '2025-06-30' });
  });
  afterEach(() => t.cleanup());

  it('publishes a complete copy named by CURRENT, without session or password hashes, audit or addresses', async () => {
    await addUser(t.wh, { username: 'ana-rossi', role: 'analyst', password: 'a long enough password 1' });
    await insertSession(t.wh, 'f'.repeat(64), 'ana-rossi', 8);
    await recordAudit(t.wh, { actor: 'ana-rossi', role: 'analyst', action: 'login', outcome: 'ok' });
    await t.wh.run(`insert into ops.alert_rules (rule_id, username, kind, params, created_at, email) values (1, 'ana-rossi', 'load_refused', '{}', now(), 'ana@example.org')`);
    const comuni = await t.wh.scalar<number>(`select count(*) from ref.comuni`);
    expect(comuni).toBeGreaterThan(7000);

    const s = await publishSnapshot(t.wh, dir);
    expect(s.file).toBe('s00000001.duckdb');
    expect(s.martVersion).toBe(1);
    expect(readPointer(dir)).toEqual({ file: s.file, seq: 1, martVersion: 1, publishedAt: s.publishedAt, bytes: s.bytes });
    expect(s.bytes).toBe(readFileSync(s.path).length);

    const copy = await Warehouse.open(s.path, { readOnly: true });
    try {
      expect(await copy.scalar(`select count(*) from ref.comuni`)).toBe(comuni);
      expect(await copy.scalar(`select version from mart.refresh_info`)).toBe(1);
      expect(await copy.scalar(`select count(*) from ops.sessions`)).toBe(0);
      expect(await copy.scalar(`select count(*) from ops.audit`)).toBe(0);
      expect(await copy.scalar(`select password_hash from ops.users where username = 'ana-rossi'`)).toBe('!');
      expect(await copy.scalar(`select email from ops.alert_rules where rule_id = 1`)).toBe(null);
      // The cohort marts are there, their rows per person are not.
      expect(await copy.scalar(`select count(*) from information_schema.tables where table_schema = 'mart' and table_name = 'placement_quality'`)).toBe(1);
      expect(await copy.scalar(`select count(*) from information_schema.schemata where schema_name = 'mart_people'`)).toBe(0);
    } finally {
      copy.close();
    }
    // The writer's own data are untouched.
    expect(await t.wh.scalar(`select count(*) from ops.sessions`)).toBe(1);
    expect(await t.wh.scalar(`select email from ops.alert_rules where rule_id = 1`)).toBe('ana@example.org');
    expect(await t.wh.scalar(`select count(*) from information_schema.tables where table_schema = 'mart_people' and table_name = 'placement_quality'`)).toBe(1);
  });

  it('switches new requests to a newer snapshot while a held one keeps answering, then closes it', async () => {
    await publishSnapshot(t.wh, dir, { keep: 1 });
    const latest = await LatestSnapshot.open(dir);
    try {
      const before = latest.acquire();
      expect(await before.wh.scalar(`select version from mart.refresh_info`)).toBe(1);

      await refreshMarts(t.wh, { asOf: '2025-07-31' });
      const second = await publishSnapshot(t.wh, dir, { keep: 1 });
      // keep = 1: the first file is already deleted, while `before` still reads it.
      expect(second.removed).toEqual(['s00000001.duckdb']);
      expect(existsSync(join(dir, 's00000001.duckdb'))).toBe(false);

      const sw = await latest.check();
      expect(sw?.from.seq).toBe(1);
      expect(sw?.to.seq).toBe(2);
      const after = latest.acquire();
      expect(await after.wh.scalar(`select version from mart.refresh_info`)).toBe(2);
      expect(await after.wh.scalar(`select as_of::VARCHAR from mart.refresh_info`)).toBe('2025-07-31');
      // The request that started before the switch finishes on its snapshot.
      expect(await before.wh.scalar(`select as_of::VARCHAR from mart.refresh_info`)).toBe('2025-06-30');
      expect(latest.open).toBe(2);
      before.release();
      expect(latest.open).toBe(1);
      await expect(before.wh.scalar(`select 1`)).rejects.toThrow(/closed/);
      after.release();
      expect(await latest.check()).toBeUndefined();
    } finally {
      latest.close();
    }
  });

  it('never opens a file CURRENT does not name, and keeps the current snapshot when CURRENT names a broken one', async () => {
    await publishSnapshot(t.wh, dir);
    const latest = await LatestSnapshot.open(dir);
    try {
      // Half-written files: a temporary name, and a numbered file no pointer names yet.
      writeFileSync(join(dir, '.tmp-s00000002.duckdb'), 'DUCK half a file');
      writeFileSync(join(dir, 's00000003.duckdb'), 'DUCK half a file');
      expect(await latest.check()).toBeUndefined();
      expect(latest.pointer.seq).toBe(1);

      const pointer = readFileSync(join(dir, 'CURRENT'), 'utf8');
      writeFileSync(join(dir, 'CURRENT'), JSON.stringify({ file: 's00000003.duckdb', seq: 3, martVersion: 1, publishedAt: 'x', bytes: 16 }));
      await expect(latest.check()).rejects.toMatchObject({ code: 'SNAPSHOT_OPEN_FAILED' });
      writeFileSync(join(dir, 'CURRENT'), '{"file":"../osservatorio.duckdb","seq":4}');
      await expect(latest.check()).rejects.toMatchObject({ code: 'SNAPSHOT_POINTER_INVALID' });
      const held = latest.acquire();
      expect(held.pointer.seq).toBe(1);
      expect(await held.wh.scalar(`select version from mart.refresh_info`)).toBe(1);
      held.release();

      // The next publication sweeps the temporary file and takes a number after every file present.
      writeFileSync(join(dir, 'CURRENT'), pointer);
      const next = await publishSnapshot(t.wh, dir);
      expect(next.seq).toBe(4);
      expect(existsSync(join(dir, '.tmp-s00000002.duckdb'))).toBe(false);
      expect((await latest.check())?.to.seq).toBe(4);
    } finally {
      latest.close();
    }
  });

  it('refuses to start without a published snapshot, saying how to publish one', async () => {
    await expect(LatestSnapshot.open(dir)).rejects.toMatchObject({ code: 'SNAPSHOT_NONE', message: expect.stringContaining('--snapshot') });
  });
});
