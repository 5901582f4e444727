// Header normalisation shared by the loader and the PII guard: lower case, no
// accents, spaces, dots, slashes and dashes to `_`, BOM removed.
export function normaliseHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-./]+/g, '_')
    .replace(/^_+|_+$/g, '');
}
