// The cover page put in front of a printed report, and the header and footer
// Chromium prints on every page (its templates fill .pageNumber and
// .totalPages). Everything here is escaped text: page headings and KPI names
// reach HTML only through esc().

import type { ReportLang } from './request.ts';

export interface CoverContent {
  lang: ReportLang;
  /** "Rapporto di progetto". */
  kind: string;
  /** The page's heading. */
  subject: string;
  generatedAt: Date;
  /** The page printed (path and query). */
  pageUrl: string;
  sources: { name: string; source: string }[];
}

const L = {
  observatory: { it: 'Osservatorio del mercato del lavoro', en: 'Labour-market observatory' },
  generated: { it: 'Generato il', en: 'Generated on' },
  page: { it: 'Pagina stampata', en: 'Page printed' },
  sources: { it: 'Fonti', en: 'Sources' },
  noSources: { it: 'Dati dell’Osservatorio (nessun indicatore del catalogo in questa pagina).', en: 'Observatory data (no catalogue indicator on this page).' },
  method: { it: 'Note di metodo', en: 'Method notes' },
  notes: {
    it: [
      'Questo rapporto è la pagina del cruscotto indicata sopra, stampata al momento della generazione con i permessi del destinatario: contiene solo ciò che il destinatario vede nel cruscotto.',
      'I conteggi piccoli sono protetti dal controllo statistico della divulgazione come nella pagina: una cella soppressa resta soppressa anche qui.',
      'Definizioni, numeratori, denominatori e avvertenze di ogni indicatore sono nella pagina Metodologia (/methodology). Le tabelle del rapporto sono anche nel file XLSX allegato, con gli stessi valori.',
    ],
    en: [
      'This report is the dashboard page named above, printed when it was generated with the recipient’s permissions: it holds only what the recipient sees on the dashboard.',
      'Small counts are protected by statistical disclosure control as on the page: a suppressed cell stays suppressed here too.',
      'Definitions, numerators, denominators and caveats of each indicator are on the Methodology page (/methodology). The report’s tables are also in the attached XLSX file, with the same values.',
    ],
  },
  pageOf: { it: ['Pagina', 'di'], en: ['Page', 'of'] },
} as const;

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** "5 dicembre 2026, 04:20" in Rome time. */
export function generatedText(at: Date, lang: ReportLang): string {
  return new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Rome' }).format(at);
}

const STYLE = `
  .report-cover { break-after: page; page-break-after: always; padding-top: 20mm; }
  .report-cover .observatory { font-size: 1rem; color: #0b4f8a; font-weight: 700; margin: 0 0 6mm; }
  .report-cover h1 { font-size: 1.9rem; margin: 0 0 2mm; }
  .report-cover .subject { font-size: 1.25rem; margin: 0 0 8mm; }
  .report-cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm; margin: 0 0 8mm; }
  .report-cover dt { font-weight: 600; }
  .report-cover dd { margin: 0; }
  .report-cover h2 { font-size: 1.05rem; margin: 6mm 0 2mm; }
  .report-cover li { margin-bottom: 1.5mm; font-size: 0.9rem; }
`;

export function coverHtml(c: CoverContent): string {
  const lang = c.lang;
  const sources = c.sources.length
    ? `<ul>${c.sources.map((s) => `<li><strong>${esc(s.name)}</strong>: ${esc(s.source)}</li>`).join('')}</ul>`
    : `<p>${esc(L.noSources[lang])}</p>`;
  return `<style>${STYLE}</style><section class="report-cover" data-testid="report-cover" lang="${lang}">
<p class="observatory">${esc(L.observatory[lang])}</p>
<h1>${esc(c.kind)}</h1>
<p class="subject">${esc(c.subject)}</p>
<dl><dt>${esc(L.generated[lang])}</dt><dd>${esc(generatedText(c.generatedAt, lang))}</dd>
<dt>${esc(L.page[lang])}</dt><dd>${esc(c.pageUrl)}</dd></dl>
<h2>${esc(L.sources[lang])}</h2>${sources}
<h2>${esc(L.method[lang])}</h2><ul>${L.notes[lang].map((n) => `<li>${esc(n)}</li>`).join('')}</ul>
</section>`;
}

const BAND = 'font-size:8px;width:100%;margin:0 12mm;display:flex;justify-content:space-between;color:#444;font-family:system-ui,sans-serif';

export function headerTemplate(c: CoverContent): string {
  return `<div style="${BAND}"><span>${esc(L.observatory[c.lang])} — ${esc(c.kind)}: ${esc(c.subject)}</span><span>${esc(generatedText(c.generatedAt, c.lang))}</span></div>`;
}

export function footerTemplate(lang: ReportLang): string {
  const [page, of] = L.pageOf[lang];
  return `<div style="${BAND};justify-content:flex-end"><span>${page} <span class="pageNumber"></span> ${of} <span class="totalPages"></span></span></div>`;
}
