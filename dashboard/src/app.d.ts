import type { PageData as ServerPageData } from '../../server/api/pageData.ts';
import type { Lang } from '$lib/i18n';

declare global {
  namespace App {
    interface Locals {
      /** Per-request data access from the Express app (server/api/pageData.ts). */
      data?: ServerPageData;
      lang: Lang;
    }
  }
}
export {};
