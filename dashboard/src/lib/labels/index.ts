// The app's labels: the page language, the one dictionary of interface words,
// the names of computed values and of reference codes, and the formats of
// numbers, dates and periods. Every page and component takes its words and
// formats from here.
export { locale, resolveLang, type Lang, type Text } from './lang.ts';
export { isLabelKey, t, type LabelKey } from './dictionary.ts';
export { hasValueText, valueText } from './values.ts';
export { identifierParts, type TextPart } from './identifiers.ts';
export { feedName, jobName, scheduleName } from './operations.ts';
export { codeLabel, nameOf, sentenceCase, type CodeNames } from './codes.ts';
export { CONTEXT_FLAGS, contextFlagText, OFFICIAL_FLAGS, officialFlagText } from './officialFlags.ts';
export {
  DISPLAY_TIME_ZONE,
  formatCount,
  formatDate,
  formatEuro,
  formatEuroCompact,
  formatMonth,
  formatPercent,
  formatPeriod,
  formatPoints,
  formatQuarter,
  formatSemester,
  formatTimestamp,
  formatValue,
  numberFormat,
  printedChange,
} from './format.ts';
