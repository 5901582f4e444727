// Generated test data for the ingestion tests: contract-shaped rows with fake
// pseudonyms (sha256 of a label, never of a real code) and fake codici fiscali
// built to look valid (check character computed), never of real people.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function hex(label: string): string {
  return createHash('sha256').update(label).digest('hex');
}

export const TODAY = '2025-06-30';
export const BOLOGNA = '037006';

export const EMPLOYER_HEADER = [
  'employer_id',
  'sector_code',
  'comune_code',
  'size_band',
  'board_member',
];
export function employerRows(n: number): string[][] {
  return Array.from({ length: n }, (_, i) => [
    hex(`employer-${i}`),
    '62.01',
    BOLOGNA,
    ['micro', 'small', 'medium', 'large'][i % 4],
    i % 2 ? 'true' : 'false',
  ]);
}

export const PLACEMENT_HEADER = [
  'placement_id',
  'person_id',
  'employer_id',
  'start_date',
  'contract_type',
  'end_date',
  'working_time',
  'occupation_code',
  'comune_code',
  'channel',
];
export function placementRows(n: number, employers = 3): string[][] {
  return Array.from({ length: n }, (_, i) => {
    const day = String((i % 28) + 1).padStart(2, '0');
    return [
      `PL${String(i + 1).padStart(6, '0')}`,
      hex(`person-${i}`),
      hex(`employer-${i % employers}`),
      `2024-03-${day}`,
      ['permanent', 'fixed_term', 'apprenticeship'][i % 3],
      i % 3 === 1 ? `2024-09-${day}` : '',
      i % 2 ? 'part' : 'full',
      '5.1.2.2.0',
      BOLOGNA,
      'preselection',
    ];
  });
}

function quote(v: string, delim: string): string {
  return /["\r\n]/.test(v) || v.includes(delim) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csv(header: string[], rows: string[][], delim = ',', eol = '\n'): string {
  return [header, ...rows].map((r) => r.map((v) => quote(v, delim)).join(delim)).join(eol) + eol;
}

export function write(dir: string, name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

// --- fake codici fiscali -------------------------------------------------

const ODD: Record<string, number> = {};
'0:1 1:0 2:5 3:7 4:9 5:13 6:15 7:17 8:19 9:21 A:1 B:0 C:5 D:7 E:9 F:13 G:15 H:17 I:19 J:21 K:2 L:4 M:18 N:20 O:11 P:3 Q:6 R:8 S:12 T:14 U:16 V:10 W:22 X:25 Y:24 Z:23'
  .split(' ')
  .forEach((p) => {
    const [k, v] = p.split(':');
    ODD[k] = Number(v);
  });

function evenValue(ch: string): number {
  return /[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
}

/** Check character of the first 15 characters of a codice fiscale (DM 23/12/1976). */
export function cfCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += i % 2 === 0 ? ODD[first15[i]] : evenValue(first15[i]);
  return String.fromCharCode(65 + (sum % 26));
}

/** A made-up codice fiscale with a correct check character (surname/name letters XQZ/KWJ match nobody's rules of thumb). */
export function fakeCf(seed = 1): string {
  const body = `XQZKWJ${String(80 + (seed % 20))}A${String(10 + (seed % 18)).padStart(2, '0')}Z${String(100 + (seed % 800))}`;
  return body + cfCheckChar(body);
}

/** Omocodia variant: digits at the last positions replaced by L M N P Q R S T U V. */
export function omocode(cf: string): string {
  const map = 'LMNPQRSTUV';
  const chars = cf.slice(0, 15).split('');
  for (const pos of [14, 13, 12]) chars[pos] = map[Number(chars[pos])];
  const body = chars.join('');
  return body + cfCheckChar(body);
}

/** An 11-digit code with a valid check digit (Luhn variant used for partita IVA). */
export function fakePiva(seed = 7): string {
  const base = String(1234567000 + seed)
    .padStart(10, '0')
    .slice(0, 10);
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(base[i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return base + String((10 - (sum % 10)) % 10);
}

/** An Italian-format IBAN with a valid mod-97 check (bank/account digits made up). */
export function fakeIban(): string {
  const bban = 'X0542811101000000123456';
  const numeric = (bban + 'IT00')
    .split('')
    .map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c))
    .join('');
  let rem = 0;
  for (const d of numeric) rem = (rem * 10 + Number(d)) % 97;
  return `IT${String(98 - rem).padStart(2, '0')}${bban}`;
}

/** Streams a large, valid placements CSV (employers 0–2 of employerRows) for crash and scale tests. */
export async function writeBigPlacements(
  path: string,
  n: number,
  unknownComuneAt: number[] = [],
): Promise<void> {
  const bad = new Set(unknownComuneAt);
  const { createWriteStream } = await import('node:fs');
  const out = createWriteStream(path);
  const employers = [0, 1, 2].map((i) => hex(`employer-${i}`));
  const person = hex('person').slice(0, 54);
  let buf = PLACEMENT_HEADER.join(',') + '\n';
  for (let i = 0; i < n; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    buf += `PB${String(i + 1).padStart(9, '0')},${person}${String(i).padStart(10, '0')},${employers[i % 3]},2024-03-${day},${['permanent', 'fixed_term', 'apprenticeship'][i % 3]},${i % 3 === 1 ? `2024-09-${day}` : ''},${i % 2 ? 'part' : 'full'},5.1.2.2.0,${bad.has(i) ? '999999' : BOLOGNA},preselection\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((r) => out.on('close', () => r()));
}
