// OpenCoesione project export (progetti / progetti_esteso, `;`-separated,
// decimal commas, dates YYYYMMDD) → programmes (only those not yet in the
// warehouse) + projects + project_financials snapshots. Column names follow the
// official OpenCoesione dictionary (Metadati_OC) and the current exports; the
// older DPS_* names are accepted too. Mapping (see docs/data-contract.md):
//   cup ← CUP; programme_code ← OC_CODICE_PROGRAMMA (first of several);
//   title ← OC_TITOLO_PROGETTO; beneficiary ← OC_DENOM_BENEFICIARIO (a natural
//   person — 16-char codice fiscale in OC_CODFISC_BENEFICIARIO — is replaced by
//   "persona fisica (omesso)"); local_code ← COD_LOCALE_PROGETTO;
//   start/end ← OC_DATA_INIZIO_PROGETTO / OC_DATA_FINE_PROGETTO_PREVISTA;
//   as_of ← DATA_AGGIORNAMENTO, else the YYYYMMDD in the file name;
//   programmed ← FINANZ_TOTALE_PUBBLICO; admitted ← COSTO_AMMESSO / COSTO_RAMMESSO
//   when present, else OC_FINANZ_TOT_PUB_NETTO (public funding net of savings);
//   legally_committed ← OC_IMPEGNI_GIURID_VINCOLANTI, else IMPEGNI; paid ← TOT_PAGAMENTI.
import { basename, join } from 'node:path';
import type { Warehouse } from '../../warehouse/db.ts';
import { MAX_EXAMPLE_ROWS } from '../validate.ts';
import type { Connector, ConnectorContext, ConnectorNote, FeedFile } from './types.ts';
import { canonicalNumber, FeedFileWriter, isoFromCompactDate, readRecords } from './csv.ts';
import { counted } from './issueList.ts';

const MULTI = ':::';

/** Fund code of the contract list from OpenCoesione fund/source codes; undefined when none fits. */
export function contractFund(fondo: string, fonte: string): string | undefined {
  for (const f of fondo.toUpperCase().split(MULTI).map((x) => x.trim())) {
    // ESF (2007-13, 2014-20) and ESF+ (2021-27) share the contract's one ESF code.
    if (f === 'FSE+' || f === 'FSE' || f === 'IOG' || f === 'YEI') return 'FSE+';
    if (f === 'FESR') return 'FESR';
    if (f === 'CTE' || f === 'INTERREG') return 'Interreg';
  }
  for (const f of fonte.toUpperCase().split(MULTI).map((x) => x.trim())) {
    if (f.startsWith('PNRR')) return 'PNRR';
    // Fondo Sviluppo e Coesione, Piano di Azione Coesione, Programmi Operativi Complementari: national money.
    if (/^(FSC|PAC|POC|PSC)/.test(f)) return 'national';
  }
  return undefined;
}

/** The YYYYMMDD at the end of an OpenCoesione file name (`progetti_esteso_20250630.csv`). */
export function dateFromFileName(path: string): string | null {
  const m = /(?:^|[_-])(\d{8})(?:\.[a-z]+)*$/i.exec(basename(path));
  return m ? isoFromCompactDate(m[1]) : null;
}

const PERSON_CF = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/i;

function first(value: string): string {
  return value.split(MULTI)[0].trim();
}

async function existingProgrammes(wh: Warehouse | undefined): Promise<Set<string>> {
  if (!wh) return new Set();
  const rows = await wh.rows<{ programme_code: string }>('select programme_code from core.programmes');
  return new Set(rows.map((r) => r.programme_code));
}

export const openCoesione: Connector = {
  name: 'opencoesione_progetti',
  matches(headers) {
    const h = new Set(headers.map((x) => x.trim().toUpperCase()));
    return h.has('CUP') && (h.has('OC_TITOLO_PROGETTO') || h.has('DPS_TITOLO_PROGETTO')) && h.has('FINANZ_TOTALE_PUBBLICO');
  },
  async toFeedFiles(path: string, outDir: string, context?: ConnectorContext) {
    const stem = basename(path).replace(/\.[^.]*$/, '');
    const known = await existingProgrammes(context?.wh);
    const fileDate = dateFromFileName(path);
    const programmes = new Map<string, { name: string; fund: string }>();
    const seenCups = new Set<string>();
    // Row numbers as in load reports: the header is row 1, the Nth record row N + 1.
    const noted = { noCup: [] as number[], multiCup: [] as number[], duplicateCup: [] as number[], multiProgramme: [] as number[] };
    const counts = { noCup: 0, multiCup: 0, duplicateCup: 0, multiProgramme: 0 };
    const note = (what: keyof typeof counts, row: number) => {
      counts[what]++;
      if (noted[what].length < MAX_EXAMPLE_ROWS) noted[what].push(row);
    };
    let row = 0;
    const projectsFile = new FeedFileWriter(join(outDir, `projects_oc_${stem}.csv`), [
      'cup', 'programme_code', 'title', 'beneficiary', 'local_code', 'city', 'priority', 'action', 'fund', 'start_date', 'end_date',
    ]);
    const financialsFile = new FeedFileWriter(join(outDir, `project_financials_oc_${stem}.csv`), [
      'cup', 'as_of', 'programmed', 'admitted', 'legally_committed', 'paid',
    ]);
    let col: ((...names: string[]) => (r: string[]) => string) | undefined;
    let f: Record<string, (r: string[]) => string> = {};
    try {
      for await (const r of readRecords(path, context?.checksum)) {
        row++;
        if (!col) {
          const H = r.map((x) => x.replace(/^\uFEFF/, '').trim().toUpperCase());
          col = (...names) => {
            const i = names.map((n) => H.indexOf(n)).find((x) => x >= 0) ?? -1;
            return (rec) => (i >= 0 ? (rec[i] ?? '').trim() : '');
          };
          f = {
            cup: col('CUP'),
            local: col('COD_LOCALE_PROGETTO'),
            title: col('OC_TITOLO_PROGETTO', 'DPS_TITOLO_PROGETTO'),
            programme: col('OC_CODICE_PROGRAMMA', 'DPS_CODICE_PROGRAMMA'),
            programmeName: col('OC_DESCRIZIONE_PROGRAMMA', 'DPS_DESCRIZIONE_PROGRAMMA'),
            fondo: col('FONDO_COMUNITARIO', 'QSN_FONDO_COMUNITARIO'),
            fonte: col('OC_COD_FONTE', 'DPS_COD_FONTE'),
            beneficiary: col('OC_DENOM_BENEFICIARIO', 'OC_DENOMINAZIONE_BENEFICIARIO', 'DENOMINAZIONE_BENEFICIARIO', 'SOGG_DENOMINAZIONE'),
            beneficiaryCf: col('OC_CODFISC_BENEFICIARIO', 'CODICE_FISCALE_BENEFICIARIO'),
            city: col('DEN_COMUNE', 'COMUNE'),
            priority: col('OC_COD_ARTICOLAZ_PROGRAMMA', 'PO_CODICE_ASSE', 'COD_LINEA'),
            action: col('OC_COD_SUBARTICOLAZ_PROGRAMMA', 'COD_AZIONE'),
            start: col('OC_DATA_INIZIO_PROGETTO', 'OC_DATA_INIZIO_EFFETTIVA', 'OC_DATA_INIZIO_PREVISTA', 'DPS_DATA_INIZIO_EFFETTIVA', 'DPS_DATA_INIZIO_PREVISTA'),
            end: col('OC_DATA_FINE_PROGETTO_PREVISTA', 'OC_DATA_FINE_PREVISTA', 'DPS_DATA_FINE_PREVISTA'),
            asOf: col('DATA_AGGIORNAMENTO'),
            programmed: col('FINANZ_TOTALE_PUBBLICO'),
            admitted: H.includes('COSTO_AMMESSO') || H.includes('COSTO_RAMMESSO') ? col('COSTO_AMMESSO', 'COSTO_RAMMESSO') : col('OC_FINANZ_TOT_PUB_NETTO', 'DPS_FINANZ_TOT_PUB_NETTO'),
            committed: col('OC_IMPEGNI_GIURID_VINCOLANTI', 'IMPEGNI'),
            paid: col('TOT_PAGAMENTI'),
          };
          continue;
        }
        const cupRaw = f.cup(r);
        if (cupRaw === '') {
          note('noCup', row);
          continue;
        }
        if (cupRaw.includes(MULTI)) {
          note('multiCup', row);
          continue;
        }
        const cup = cupRaw.toUpperCase();
        if (seenCups.has(cup)) {
          note('duplicateCup', row);
          continue;
        }
        seenCups.add(cup);
        const programmeAll = f.programme(r);
        if (programmeAll.includes(MULTI)) note('multiProgramme', row);
        const programme = first(programmeAll);
        const fund = contractFund(f.fondo(r), f.fonte(r));
        if (programme && !known.has(programme) && !programmes.has(programme)) {
          programmes.set(programme, { name: first(f.programmeName(r)) || programme, fund: fund ?? (first(f.fondo(r)) || first(f.fonte(r))) });
        }
        const person = PERSON_CF.test(f.beneficiaryCf(r));
        const beneficiary = person ? 'persona fisica (omesso)' : f.beneficiary(r).split(MULTI).map((x) => x.trim()).join('; ') || 'non indicato';
        const city = f.city(r);
        await projectsFile.write([
          cup,
          programme,
          f.title(r),
          beneficiary,
          f.local(r) || null,
          city.includes(MULTI) ? null : city || null,
          first(f.priority(r)) || null,
          first(f.action(r)) || null,
          fund ?? null,
          isoFromCompactDate(f.start(r)),
          isoFromCompactDate(f.end(r)),
        ]);
        await financialsFile.write([
          cup,
          isoFromCompactDate(f.asOf(r)) ?? fileDate,
          canonicalNumber(f.programmed(r), true),
          canonicalNumber(f.admitted(r), true),
          canonicalNumber(f.committed(r), true),
          canonicalNumber(f.paid(r), true),
        ]);
      }
    } finally {
      await projectsFile.close();
      await financialsFile.close();
    }
    const out: FeedFile[] = [];
    if (programmes.size) {
      const file = join(outDir, `programmes_oc_${stem}.csv`);
      const w = new FeedFileWriter(file, ['programme_code', 'name', 'fund']);
      for (const [code, p] of programmes) await w.write([code, p.name, p.fund]);
      await w.close();
      out.push({ feed: 'programmes', file });
    }
    const described: [keyof typeof counts, string, string][] = [
      ['noCup', 'skipped_no_cup', 'rows without a CUP skipped (a project is keyed by its CUP)'],
      ['multiCup', 'skipped_several_cups', 'rows with several CUPs (:::) skipped'],
      ['duplicateCup', 'skipped_repeated_cup', 'rows repeating a CUP already seen skipped (first kept)'],
      ['multiProgramme', 'first_programme_used', 'projects in several programmes: the first programme is used'],
    ];
    const projectNotes: ConnectorNote[] = described
      .filter(([k]) => counts[k] > 0)
      .map(([k, rule, words]) => ({ rule, message: counted(counts[k], words), count: counts[k], row: noted[k][0], rows: noted[k] }));
    if (projectsFile.rows) {
      out.push({ feed: 'projects', file: projectsFile.path, notes: projectNotes });
      out.push({ feed: 'project_financials', file: financialsFile.path });
    }
    return out;
  },
};
