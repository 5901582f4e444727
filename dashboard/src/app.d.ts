import type { PageData as ServerPageData } from '../../server/api/pageData.ts';
import type { Lang } from '$lib/i18n';
import type { ParamProblem } from '$lib/params';

declare global {
  namespace App {
    interface Locals {
      /** Per-request data access from the Express app (server/api/pageData.ts). */
      data?: ServerPageData;
      lang: Lang;
      /** URL parameters the page could not use (set by its load): the page answers 400 with its alert. */
      paramProblems?: ParamProblem[];
    }
  }
}
export {};
