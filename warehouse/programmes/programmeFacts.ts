// A programme's registry facts (core.programmes): name, fund, managing
// authority and period, for the programme page's header. Callers authorize
// the reader, as for the programme's figures.
import type { Session } from '../db.ts';

export type ProgrammeFacts = {
  programme: string;
  name: string;
  fund: string;
  managing_authority: string | null;
  period_start: string | null;
  period_end: string | null;
};

/** The programme with this code: one row, or none when the registry does not hold it. */
export function programmeFacts(db: Session, code: string): Promise<ProgrammeFacts[]> {
  return db.rows<ProgrammeFacts>(
    `select programme_code as programme, name, fund, managing_authority, period_start, period_end
       from core.programmes where programme_code = $1`,
    [code],
  );
}
