// The tables of a printed report as one workbook: a sheet per table, the
// cells as the page shows them (formatted text), so the download equals the
// table shown. A first sheet says what the report is and when it was made.
import ExcelJS from 'exceljs';
import { generatedText, type CoverContent } from './cover.ts';

export interface ReportTable {
  title: string;
  header: string[];
  rows: string[][];
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], unique. */
function sheetName(title: string, taken: Set<string>): string {
  const base = (title.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').trim() || 'Tabella').slice(0, 28);
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 27)} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

export async function tablesToXlsx(tables: ReportTable[], cover: CoverContent): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = cover.generatedAt;
  const taken = new Set<string>();
  const about = wb.addWorksheet(sheetName(cover.lang === 'it' ? 'Rapporto' : 'Report', taken));
  about.addRows([
    [cover.kind, cover.subject],
    [cover.lang === 'it' ? 'Generato il' : 'Generated on', generatedText(cover.generatedAt, cover.lang)],
    [cover.lang === 'it' ? 'Pagina stampata' : 'Page printed', cover.pageUrl],
    ...cover.sources.map((s) => [s.name, s.source]),
  ]);
  about.getColumn(1).width = 40;
  about.getColumn(2).width = 80;
  for (const t of tables) {
    const ws = wb.addWorksheet(sheetName(t.title, taken));
    if (t.header.length) {
      ws.addRow(t.header).font = { bold: true };
      ws.views = [{ state: 'frozen', ySplit: 1 }];
    }
    ws.addRows(t.rows);
    const width = Math.max(t.header.length, ...t.rows.map((r) => r.length));
    for (let i = 1; i <= width; i++) ws.getColumn(i).width = 22;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
