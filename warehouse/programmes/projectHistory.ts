// Every financial snapshot of one project (mart.project_financial_history),
// oldest first, with the file and warnings of the load that wrote it: the
// project page charts the stages over snapshot dates and says where each
// figure came from. Callers authorize the reader first (it is SP_STAGE data).
import type { Session } from '../db.ts';

export type ProjectSnapshot = {
  programme: string;
  project: string;
  as_of: string;
  programmed: number | null;
  admitted: number | null;
  legally_committed: number | null;
  paid: number | null;
  certified: number | null;
  paid_share: number | null;
  elapsed_share: number | null;
  forecast_paid_at_end: number | null;
  is_latest: boolean;
  stages_consistent: boolean;
  loader_flagged: boolean;
  start_date: string | null;
  end_date: string | null;
  load_id: number;
  /** Null when the load's ops.loads row is gone. */
  file_name: string | null;
  load_warnings: number | null;
};

export function projectFinancialHistory(db: Session, cup: string): Promise<ProjectSnapshot[]> {
  return db.rows<ProjectSnapshot>(
    `select h.programme, h.project, h.as_of, h.programmed, h.admitted, h.legally_committed, h.paid, h.certified,
            h.paid_share, h.elapsed_share, h.forecast_paid_at_end, h.is_latest, h.stages_consistent, h.loader_flagged,
            h.start_date, h.end_date, h.load_id, l.file_name, l.warnings as load_warnings
       from mart.project_financial_history h left join ops.loads l using (load_id)
      where h.project = $1 order by h.as_of`,
    [cup],
  );
}
