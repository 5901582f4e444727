// GET /open-data/official/<dataset>.csv: every figure of an official
// publication whose mapping marks it as republishable, as the warehouse holds
// it (the same columns as /api/official/series.csv). Public like the rest of
// /open-data: these are other administrations' published statistics,
// offered with the licence and attribution the open-data page shows beside
// the link. Any other name is a 404, never a guess.
import { Router, type Request, type Response } from 'express';
import { toCsvText } from '../../warehouse/csv.ts';
import { isRepublished } from '../../warehouse/official/datasets.ts';
import { OFFICIAL_FIGURE_COLUMNS, readOfficialSeries } from '../../warehouse/official/series.ts';

const FILE = /^([a-z][a-z0-9_]{0,63})\.csv$/;

export function createOfficialOpenDataRouter(): Router {
  const router = Router();
  router.get('/open-data/official/:file', async (req: Request, res: Response) => {
    const dataset = FILE.exec(String(req.params.file))?.[1];
    const wh = req.services!.warehouse; // set by createApp for every request
    if (!dataset || !(await isRepublished(wh, dataset))) {
      res.status(404).type('text/plain').send('Not an official publication offered for reuse: see /open-data.');
      return;
    }
    const rows = await readOfficialSeries(wh, { dataset }, null, true);
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Cache-Control', 'public, max-age=300');
    res.set('Access-Control-Allow-Origin', '*'); // public data, readable from any site
    res.attachment(`${dataset}.csv`);
    res.end(toCsvText([[...OFFICIAL_FIGURE_COLUMNS], ...rows.map((r) => OFFICIAL_FIGURE_COLUMNS.map((c) => r[c]))]));
  });
  return router;
}
