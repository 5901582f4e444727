// Result cache for the KPI query layer. A cached answer is only ever valid for
// one mart version (the figures readers see change only when refreshMarts
// commits a new version), one normalised request and one access scope, so all
// three are in the key and nothing else needs to expire:
//  - mart version: a refresh bumps it; entries of older versions are dropped
//    the first time a newer version is seen (no TTLs, no stale figures);
//  - normalised query: object keys sorted, filter value lists sorted and
//    de-duplicated, so `{a:[2,1]}` and `{a:['1','2']}` share one entry;
//  - access scope: a funder's answer is narrowed to its programmes, so two
//    scopes never share an entry (the caller passes accessScope(user) from
//    warehouse/access/roles.ts).
// It is bounded (LRU by entry count and by approximate bytes) and concurrent
// identical requests share one in-flight query (single flight). Failures are
// never cached.
import { arrowStreamPiecesYielding, piecesByteLength, type ArrowStreamPieces, type ArrowTable } from '../arrow.ts';
import { yieldToEventLoop, type Session } from '../db.ts';
import { latestRefresh } from '../marts/refresh.ts';
import { queryKpi, queryKpiArrow } from './query.ts';
import type { KpiRequest, KpiResult } from './types.ts';

export interface CacheKeyParts {
  /** Mart version the answer is computed from (ops.mart_refreshes / mart.refresh_info). */
  version: number;
  /** Who asks: 'analyst', 'director', 'funder:p:X,c:Y' … (authorization is part of the key). */
  scope: string;
  /** KPI code or any other query name from our own allow-list. */
  code: string;
  /** The request (dims, filters, period); normalised here. */
  request?: unknown;
  /** Answer shape: 'rows', 'arrow', … — different encodings never share an entry. */
  format?: string;
}

export interface QueryCacheOptions {
  /** Most entries kept (default 500). */
  maxEntries?: number;
  /** Approximate bytes kept (default 64 MiB). */
  maxBytes?: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Calls that joined a query already in flight. */
  shared: number;
  evictions: number;
  entries: number;
  bytes: number;
  version: number;
}

interface Entry {
  value: unknown;
  bytes: number;
  version: number;
}

/** Canonical JSON: sorted object keys; arrays under `filters` sorted and de-duplicated as strings. */
export function canonicalRequest(value: unknown, underFilters = false): string {
  if (Array.isArray(value)) {
    const items = underFilters ? [...new Set(value.map((v) => String(v)))].sort().map((v) => JSON.stringify(v)) : value.map((v) => canonicalRequest(v));
    return `[${items.join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${underFilters ? canonicalRequest(obj[k], true) : canonicalMember(k, obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function canonicalMember(key: string, v: unknown): string {
  if (key === 'filters' && v && typeof v === 'object' && !Array.isArray(v)) {
    const f = v as Record<string, unknown>;
    // Each filter: a single value and a one-element list mean the same thing.
    const normal: Record<string, unknown> = {};
    for (const k of Object.keys(f)) if (f[k] !== undefined) normal[k] = Array.isArray(f[k]) ? f[k] : [f[k]];
    return canonicalRequest(normal, true);
  }
  return canonicalRequest(v);
}

export function cacheKey(parts: CacheKeyParts): string {
  return `v${parts.version}|${parts.format ?? 'rows'}|${parts.scope}|${parts.code}|${canonicalRequest(parts.request ?? {})}`;
}

/** Rows sampled to estimate a large result's size: estimating must not cost what a full JSON.stringify would. */
const SIZE_SAMPLE = 64;

function rowsBytes(rows: unknown[]): number {
  if (rows.length <= SIZE_SAMPLE) return 2 * (JSON.stringify(rows)?.length ?? 0) + 64;
  const step = rows.length / SIZE_SAMPLE;
  const sample = Array.from({ length: SIZE_SAMPLE }, (_, i) => rows[Math.floor(i * step)]);
  return Math.round((2 * (JSON.stringify(sample)?.length ?? 0) * rows.length) / SIZE_SAMPLE) + 64;
}

interface ArrowDataLike {
  byteLength: number;
  dictionary?: { byteLength: number };
  children?: ArrowDataLike[];
}

function arrowDataBytes(d: ArrowDataLike): number {
  return d.byteLength + (d.dictionary?.byteLength ?? 0) + (d.children ?? []).reduce((s, c) => s + (c.dictionary?.byteLength ?? 0), 0);
}

/**
 * Rough in-memory size of a cached value, in bounded time: byte arrays and
 * Arrow tables report their buffers; rows (or a KPI result's rows) are sized
 * from a sample, since stringifying 50,000 rows would block the event loop
 * for about as long as converting them did.
 */
export function approximateBytes(value: unknown): number {
  if (value == null) return 8;
  if (typeof value === 'string') return 2 * value.length + 16;
  if (typeof value === 'number' || typeof value === 'boolean') return 8;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return rowsBytes(value);
  const obj = value as { byteLength?: unknown; data?: unknown; rows?: unknown; batches?: unknown };
  if (typeof obj.byteLength === 'number') return obj.byteLength;
  // An Arrow Table: its record batches' buffers (columns are children of each batch's struct data).
  if (Array.isArray(obj.batches) && Array.isArray(obj.data)) return (obj.data as ArrowDataLike[]).reduce((s, d) => s + arrowDataBytes(d), 0) + 256;
  // A KPI result: the rows dominate; the rest (definition, columns, notes) is a few kB.
  if (Array.isArray(obj.rows)) return rowsBytes(obj.rows) + 4096;
  try {
    return 2 * (JSON.stringify(value)?.length ?? 0) + 64;
  } catch {
    return 1024;
  }
}

export class QueryCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private bytes = 0;
  private version = 0;
  private counters = { hits: 0, misses: 0, shared: 0, evictions: 0 };

  constructor(options: QueryCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 500;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  }

  /**
   * The cached answer for these key parts, or compute() once: concurrent
   * callers with the same key share the one in-flight promise.
   */
  async get<T>(parts: CacheKeyParts, compute: () => Promise<T>, sizeOf: (value: T) => number = approximateBytes): Promise<T> {
    this.observeVersion(parts.version);
    const key = cacheKey(parts);
    const hit = this.entries.get(key);
    if (hit) {
      // Map order is insertion order: re-insert to mark as most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      this.counters.hits++;
      return hit.value as T;
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      this.counters.shared++;
      return pending as Promise<T>;
    }
    this.counters.misses++;
    const run = (async () => {
      try {
        const value = await compute();
        // A refresh may have landed while this ran: keep only answers of the current version.
        if (parts.version >= this.version) this.store(key, { value, bytes: sizeOf(value), version: parts.version });
        return value;
      } finally {
        this.inFlight.delete(key);
      }
    })();
    this.inFlight.set(key, run);
    return run;
  }

  /** A newer mart version drops every entry of older versions. */
  observeVersion(version: number): void {
    if (version <= this.version) return;
    this.version = version;
    for (const [key, e] of this.entries) {
      if (e.version < version) this.remove(key, e);
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  stats(): CacheStats {
    return { ...this.counters, entries: this.entries.size, bytes: this.bytes, version: this.version };
  }

  private store(key: string, entry: Entry): void {
    if (entry.bytes > this.maxBytes) return; // one answer larger than the whole cache is not kept
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.remove(oldest.value, this.entries.get(oldest.value)!);
      this.counters.evictions++;
    }
  }

  private remove(key: string, e: Entry): void {
    this.entries.delete(key);
    this.bytes -= e.bytes;
  }
}

// ---- The KPI queries behind the cache, as the authorization layer (warehouse/access) is given them. ----

/** One cache per process (the server's): bounded as above. */
export const kpiCache = new QueryCache();

/**
 * queryKpi / queryKpiArrow behind the cache, for one caller's scope. Pass these
 * to authorizedQuery as its `query`: the request they see is the authorized
 * (scoped) one, and the caller's scope is in the key as well. Each caller gets
 * its own copy of the rows, since authorizedQuery narrows a funder's rows in place.
 */
export function cachedKpiQueries(scope: string, cache: QueryCache = kpiCache) {
  const version = async (db: Session) => (await latestRefresh(db))?.version ?? 0;
  return {
    rows: async (db: Session, code: string, request: KpiRequest = {}): Promise<KpiResult> => {
      const result = await cache.get({ version: await version(db), scope, code, request, format: 'rows' }, () => queryKpi(db, code, request));
      return { ...result, rows: result.rows.map((r) => ({ ...r })) };
    },
    arrow: async (db: Session, code: string, request: KpiRequest = {}): Promise<ArrowTable> =>
      cache.get({ version: await version(db), scope, code, request, format: 'arrow' }, () => queryKpiArrow(db, code, request)),
    /**
     * The Arrow IPC stream the data API sends: cached as the stream's pieces, so
     * a hit costs neither a query nor a re-encoding (tableToIPC is synchronous
     * work on the event loop). Shared by every caller: never changed in place.
     */
    arrowIpc: async (db: Session, code: string, request: KpiRequest = {}): Promise<ArrowStreamPieces> =>
      cache.get(
        { version: await version(db), scope, code, request, format: 'arrow-ipc' },
        async () => arrowStreamPiecesYielding(await queryKpiArrow(db, code, request), yieldToEventLoop),
        piecesByteLength,
      ),
  };
}
