// The rules of the publiccode.yml standard, version 0.4 (core schema and the
// Italian country extension), written from the specification text:
// https://yml.publiccode.tools/ — "The Standard (core)", "Italy", the
// categories list and the scope list of release v0.4.0 of
// github.com/publiccodeyml/publiccode.yml. Only the rules a catalogue would
// reject us for are encoded: mandatory keys, enumerations, lengths, date and
// language-tag formats, SPDX licence ids, and the maintenance cases. Keys the
// standard does not define are refused, so a misspelt key fails instead of
// being ignored.
import spdxLicences from 'spdx-license-list';
import { z } from 'zod';

export const DEVELOPMENT_STATUSES = ['concept', 'development', 'beta', 'stable', 'obsolete'] as const;

export const SOFTWARE_TYPES = [
  'standalone/mobile',
  'standalone/iot',
  'standalone/desktop',
  'standalone/web',
  'standalone/backend',
  'standalone/other',
  'addon',
  'library',
  'configurationFiles',
] as const;

export const MAINTENANCE_TYPES = ['internal', 'contract', 'community', 'none'] as const;

/** The standard's controlled vocabulary for `categories`. */
export const CATEGORIES = [
  'accounting', 'agile-project-management', 'applicant-tracking', 'application-development',
  'appointment-scheduling', 'backup', 'billing-and-invoicing', 'blog', 'budgeting',
  'business-intelligence', 'business-process-management', 'cad', 'call-center-management',
  'cloud-management', 'collaboration', 'communications', 'compliance-management',
  'contact-management', 'content-management', 'crm', 'customer-service-and-support',
  'data-analytics', 'data-collection', 'data-visualization', 'digital-asset-management',
  'digital-citizenship', 'document-management', 'donor-management', 'e-commerce', 'e-signature',
  'email-management', 'email-marketing', 'employee-management', 'enterprise-project-management',
  'enterprise-social-networking', 'erp', 'event-management', 'facility-management',
  'feedback-and-reviews-management', 'financial-reporting', 'fleet-management', 'fundraising',
  'gamification', 'geographic-information-systems', 'grant-management', 'graphic-design',
  'help-desk', 'hr', 'ide', 'identity-management', 'instant-messaging', 'inventory-management',
  'it-asset-management', 'it-development', 'it-management', 'it-security',
  'it-service-management', 'knowledge-management', 'learning-management-system', 'marketing',
  'mind-mapping', 'mobile-marketing', 'mobile-payment', 'network-management', 'office',
  'online-booking', 'online-community', 'payment-gateway', 'payroll', 'predictive-analysis',
  'procurement', 'productivity-suite', 'project-collaboration', 'project-management',
  'property-management', 'real-estate-management', 'remote-support', 'resource-management',
  'sales-management', 'seo', 'service-desk', 'social-media-management', 'survey',
  'talent-management', 'task-management', 'taxes-management', 'test-management',
  'time-management', 'time-tracking', 'translation', 'video-conferencing', 'video-editing',
  'visitor-management', 'voip', 'warehouse-management', 'web-collaboration', 'web-conferencing',
  'website-builder', 'workflow-management',
] as const;

/** The standard's controlled vocabulary for `intendedAudience.scope`. */
export const SCOPES = [
  'agriculture', 'culture', 'defence', 'education', 'emergency-services', 'employment', 'energy',
  'environment', 'finance-and-economic-development', 'foreign-affairs', 'government', 'healthcare',
  'infrastructures', 'justice', 'local-authorities', 'manufacturing', 'research',
  'science-and-technology', 'security', 'society', 'sport', 'tourism', 'transportation', 'welfare',
] as const;

/** A well-formed IETF BCP 47 tag with its primary language subtag (Intl rejects malformed tags). */
function isBcp47(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1 && /^[a-z]{2,3}(-|$)/i.test(tag);
  } catch {
    return false;
  }
}

const isSpdxLicenceId = (id: string) => Object.hasOwn(spdxLicences, id.replace(/\+$/, '')) || /^LicenseRef-[A-Za-z0-9.-]+$/.test(id);

/**
 * An SPDX licence expression: licence ids joined by AND / OR, each id known to
 * the SPDX licence list, `WITH <exception>` allowed after an id, parentheses
 * balanced. Exception ids are checked for form only.
 */
export function isSpdxExpression(expression: string): boolean {
  let depth = 0;
  for (const c of expression) {
    depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    if (depth < 0) return false;
  }
  if (depth !== 0) return false;
  const tokens = expression.replace(/[()]/g, ' ').trim().split(/\s+/);
  let expectOperand = true;
  let afterWith = false;
  for (const token of tokens) {
    if (expectOperand) {
      if (afterWith ? !/^[A-Za-z0-9.-]+$/.test(token) : !isSpdxLicenceId(token)) return false;
      expectOperand = false;
    } else {
      if (!['AND', 'OR', 'WITH'].includes(token)) return false;
      afterWith = token === 'WITH';
      expectOperand = true;
    }
  }
  return !expectOperand;
}

const text = z.string().trim().min(1);
const url = z.url({ protocol: /^https?$/ });
/** "All dates in publiccode.yml must follow the format YYYY-MM-DD". */
const date = z.iso.date();
const language = z.string().refine(isBcp47, { message: 'not an IETF BCP 47 language tag with its primary language subtag' });
const country = z.string().regex(/^[a-z]{2}$/, 'a lowercase ISO 3166-1 alpha-2 country code');

const languageDescription = z.strictObject({
  localisedName: text.optional(),
  /** Deprecated in 0.4, still allowed. */
  genericName: text.max(35).optional(),
  shortDescription: text.max(150).refine((s) => !s.includes('\n'), { message: 'a single line' }),
  longDescription: text.min(150).max(10000).optional(),
  documentation: url.optional(),
  apiDocumentation: url.optional(),
  features: z.array(text).optional(),
  screenshots: z.array(text).optional(),
  videos: z.array(url).optional(),
  awards: z.array(text).optional(),
});

const contact = z.strictObject({
  name: text,
  email: z.email().optional(),
  phone: text.optional(),
  affiliation: text.optional(),
});

const contractor = z.strictObject({
  name: text,
  until: date,
  email: z.email().optional(),
  website: url.optional(),
});

const maintenance = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('internal'), contacts: z.array(contact).min(1), contractors: z.array(contractor).optional() }),
  z.strictObject({ type: z.literal('community'), contacts: z.array(contact).min(1), contractors: z.array(contractor).optional() }),
  z.strictObject({ type: z.literal('contract'), contractors: z.array(contractor).min(1), contacts: z.array(contact).optional() }),
  z.strictObject({ type: z.literal('none'), contacts: z.array(contact).optional(), contractors: z.array(contractor).optional() }),
]);

const dependency = z.strictObject({
  name: text,
  versionMin: text.optional(),
  versionMax: text.optional(),
  version: text.optional(),
  optional: z.boolean().optional(),
});

/** The Italian country extension (section `it`). */
const italy = z.strictObject({
  countryExtensionVersion: z.literal('1.0'),
  conforme: z
    .strictObject({
      lineeGuidaDesign: z.boolean().optional(),
      modelloInteroperabilita: z.boolean().optional(),
      misureMinimeSicurezza: z.boolean().optional(),
      gdpr: z.boolean().optional(),
    })
    .optional(),
  piattaforme: z
    .strictObject({
      spid: z.boolean().optional(),
      cie: z.boolean().optional(),
      anpr: z.boolean().optional(),
      pagopa: z.boolean().optional(),
      io: z.boolean().optional(),
    })
    .optional(),
  riuso: z.strictObject({ codiceIPA: text }).optional(),
});

export const publiccodeSchema = z
  .strictObject({
    publiccodeYmlVersion: z.string().regex(/^0\.\d+(\.\d+)?$/, 'a version string such as "0.4" (quoted, not a number)'),
    name: text,
    applicationSuite: text.optional(),
    url,
    landingURL: url.optional(),
    isBasedOn: z.union([url, z.array(url)]).optional(),
    softwareVersion: text.optional(),
    releaseDate: date.optional(),
    logo: text.optional(),
    monochromeLogo: text.optional(),
    inputTypes: z.array(text).optional(),
    outputTypes: z.array(text).optional(),
    platforms: z.union([text, z.array(text).min(1)]),
    categories: z.array(z.enum(CATEGORIES)).min(1),
    usedBy: z.array(text).optional(),
    roadmap: url.optional(),
    developmentStatus: z.enum(DEVELOPMENT_STATUSES),
    softwareType: z.enum(SOFTWARE_TYPES),
    intendedAudience: z
      .strictObject({
        countries: z.array(country).optional(),
        unsupportedCountries: z.array(country).optional(),
        scope: z.array(z.enum(SCOPES)).optional(),
      })
      .optional(),
    description: z.record(language, languageDescription).refine((d) => Object.keys(d).length > 0, { message: 'at least one language' }),
    legal: z.strictObject({
      license: z.string().refine(isSpdxExpression, { message: 'not a valid SPDX licence expression' }),
      mainCopyrightOwner: text.optional(),
      repoOwner: text.optional(),
      authorsFile: text.optional(),
    }),
    maintenance,
    localisation: z.strictObject({
      localisationReady: z.boolean(),
      availableLanguages: z.array(language).min(1),
    }),
    dependsOn: z
      .strictObject({
        open: z.array(dependency).optional(),
        proprietary: z.array(dependency).optional(),
        hardware: z.array(dependency).optional(),
      })
      .optional(),
    it: italy.optional(),
  })
  .superRefine((doc, ctx) => {
    const languages = Object.values(doc.description);
    if (!languages.some((d) => d.longDescription))
      ctx.addIssue({ code: 'custom', path: ['description'], message: 'longDescription is mandatory in at least one language' });
    if (!languages.some((d) => d.features))
      ctx.addIssue({ code: 'custom', path: ['description'], message: 'features is mandatory in at least one language' });
    if (doc.softwareVersion && !doc.releaseDate)
      ctx.addIssue({ code: 'custom', path: ['releaseDate'], message: 'releaseDate is mandatory once a softwareVersion has been released' });
  });

export type Publiccode = z.infer<typeof publiccodeSchema>;
