// A page whose URL had parameters it could not use answers 400 (the page still
// renders, with the alert): the hook reads what the load recorded here.
import type { ParamProblem } from '$lib/params';

/** Records the problems for the response status and returns them for the page data. */
export function reportParams(locals: App.Locals, problems: ParamProblem[]): ParamProblem[] {
  locals.paramProblems = [...(locals.paramProblems ?? []), ...problems];
  return problems;
}
