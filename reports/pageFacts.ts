// What the report reads from the printed page, run inside Chromium: the
// tables (heading, header row, cells as shown), the overview's indicator
// tiles as one more table, the KPI codes the page shows (for the sources on
// the cover) and the heading. Kept as the text of a script, not a function:
// a function would be serialised after this process's TypeScript loader
// rewrote it, with helpers the page does not have. Folded <details> are
// opened so that everything is on paper.
export const PAGE_FACTS_SCRIPT = String.raw`(() => {
      for (const d of document.querySelectorAll('details')) d.open = true;
      const text = (el) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
      const main = document.querySelector('main') ?? document.body;
      // A status button carries its rule as a tooltip: the cell is the status alone.
      const statusOf = (tile) => {
        const b = tile.querySelector('[data-testid="status"]');
        if (!b) return '';
        const c = b.cloneNode(true);
        for (const t of c.querySelectorAll('.tip')) t.remove();
        return text(c);
      };
      const tables = [...main.querySelectorAll('table')].map((table, i) => {
        const section = table.closest('section');
        const heading = text(table.querySelector('caption')) || text(section?.querySelector('h2, h3')) || 'Tabella ' + (i + 1);
        const headRows = [...table.querySelectorAll('thead tr')];
        const header = headRows.length ? [...headRows[headRows.length - 1].querySelectorAll('th, td')].map(text) : [];
        const bodyRows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map(text));
        return { title: heading, header, rows: bodyRows };
      });
      // The overview shows indicators as tiles, not a table: the spreadsheet lists them as one.
      const tiles = [...main.querySelectorAll('[data-testid^="tile-"]')];
      if (tiles.length)
        tables.unshift({
          title: text(document.querySelector('h1')),
          header: [],
          rows: tiles.map((tile) => [
            text(tile.querySelector('h2')),
            text(tile.querySelector('[data-testid="value"]')),
            text(tile.querySelector('[data-testid="delta"]')),
            text(tile.querySelector('[data-testid="target"]')),
            statusOf(tile) || text(tile.querySelector('.empty, .error')),
          ]),
        });
      const codes = new Set();
      for (const tile of tiles) codes.add((tile.getAttribute('data-testid') ?? '').slice('tile-'.length));
      for (const a of main.querySelectorAll('a[href*="/api/kpi/"]')) {
        const m = /\/api\/kpi\/([A-Z0-9_]+)/.exec(a.getAttribute('href') ?? '');
        if (m) codes.add(m[1]);
      }
      return { subject: text(document.querySelector('h1')), alert: text(document.querySelector('[role="alert"], .param-alert, main p')), tables, kpis: [...codes] };
})()`;
