// Shrinks a TopoJSON topology for drawing at dashboard size: Douglas–Peucker
// on each shared arc (so neighbouring areas keep identical borders and no gap
// opens between them), coarser quantization, and only the properties the map
// needs. Used at build time by buildGeo.ts, never at request time.
import type { Topology, GeometryObject, GeometryCollection } from 'topojson-specification';

type Point = [number, number];

/** Arc coordinates in lon/lat (undoes the delta encoding and the quantization transform). */
export function decodeArcs(topo: Topology): Point[][] {
  const t = topo.transform;
  return topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([a, b]) => {
      if (!t) return [a, b] as Point;
      x += a;
      y += b;
      return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]] as Point;
    });
  });
}

/** Distance of p from segment a–b, with longitude shrunk by cos(latitude) so a tolerance is roughly isotropic. */
function segmentDistance(p: Point, a: Point, b: Point, kx: number): number {
  const ax = a[0] * kx, ay = a[1], bx = b[0] * kx, by = b[1], px = p[0] * kx, py = p[1];
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + u * dx), py - (ay + u * dy));
}

function douglasPeucker(points: Point[], tolerance: number, kx: number): Point[] {
  if (points.length <= 2) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [i, j] = stack.pop()!;
    let worst = -1;
    let far = 0;
    for (let k = i + 1; k < j; k++) {
      const d = segmentDistance(points[k]!, points[i]!, points[j]!, kx);
      if (d > far) {
        far = d;
        worst = k;
      }
    }
    if (worst >= 0 && far > tolerance) {
      keep[worst] = 1;
      stack.push([i, worst], [worst, j]);
    }
  }
  return points.filter((_, k) => keep[k]);
}

/**
 * Simplifies one arc keeping its end points (shared with other arcs). A closed
 * arc (an island, a whole boundary ring) is split at its farthest point so it
 * keeps at least a triangle instead of collapsing to a line.
 */
export function simplifyArc(arc: Point[], tolerance: number): Point[] {
  const kx = Math.cos(((arc[0]?.[1] ?? 0) * Math.PI) / 180);
  const first = arc[0]!;
  const last = arc[arc.length - 1]!;
  if (arc.length > 3 && first[0] === last[0] && first[1] === last[1]) {
    let far = 1;
    let d = -1;
    for (let k = 1; k < arc.length - 1; k++) {
      const dk = Math.hypot((arc[k]![0] - first[0]) * kx, arc[k]![1] - first[1]);
      if (dk > d) {
        d = dk;
        far = k;
      }
    }
    const a = douglasPeucker(arc.slice(0, far + 1), tolerance, kx);
    const b = douglasPeucker(arc.slice(far), tolerance, kx);
    const ring = [...a, ...b.slice(1)];
    if (ring.length >= 4) return ring;
    // Keep a triangle: first, farthest, the point farthest from both, first.
    return arc.length >= 4 ? [first, arc[Math.max(1, far >> 1)]!, arc[far]!, last] : arc;
  }
  return douglasPeucker(arc, tolerance, kx);
}

/** Delta-encodes arcs on a grid of `steps` × `steps` over the bounding box (TopoJSON quantization). */
export function encodeArcs(arcs: Point[][], bbox: [number, number, number, number], steps: number) {
  const [x0, y0, x1, y1] = bbox;
  const kx = (x1 - x0) / (steps - 1) || 1;
  const ky = (y1 - y0) / (steps - 1) || 1;
  const encoded = arcs.map((arc) => {
    const out: [number, number][] = [];
    let px = 0;
    let py = 0;
    arc.forEach(([x, y], k) => {
      const qx = Math.round((x - x0) / kx);
      const qy = Math.round((y - y0) / ky);
      // Drop repeated grid points, but always keep the end points an arc is joined by.
      if (k > 0 && k < arc.length - 1 && qx === px && qy === py) return;
      out.push(k === 0 ? [qx, qy] : [qx - px, qy - py]);
      px = qx;
      py = qy;
    });
    return out;
  });
  return { arcs: encoded, transform: { scale: [kx, ky] as [number, number], translate: [x0, y0] as [number, number] } };
}

export interface SimplifyOptions {
  /** Douglas–Peucker tolerance in degrees of latitude (0.01° ≈ 1.1 km). */
  tolerance: number;
  /** Quantization grid (e.g. 10 000). */
  quantization: number;
  /** Properties kept on each geometry (everything else is dropped). */
  keep: readonly string[];
}

/** A smaller copy of `topo`: same objects and topology, simplified arcs, fewer properties. */
export function simplifyTopology(topo: Topology, options: SimplifyOptions): Topology {
  const arcs = decodeArcs(topo).map((a) => simplifyArc(a, options.tolerance));
  const bbox = (topo.bbox ?? bboxOf(arcs)) as [number, number, number, number];
  const { arcs: encoded, transform } = encodeArcs(arcs, bbox, options.quantization);
  const objects: Topology['objects'] = {};
  for (const [name, object] of Object.entries(topo.objects)) {
    const collection = object as GeometryCollection;
    objects[name] = {
      ...collection,
      geometries: collection.geometries.map((g: GeometryObject) => ({
        ...g,
        properties: pick(g.properties as Record<string, unknown> | undefined, options.keep),
      })),
    } as GeometryCollection;
  }
  return { type: 'Topology', bbox, transform, arcs: encoded, objects };
}

function pick(properties: Record<string, unknown> | undefined, keep: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keep.filter((k) => properties?.[k] !== undefined).map((k) => [k, properties![k]]));
}

function bboxOf(arcs: Point[][]): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const arc of arcs)
    for (const [x, y] of arc) {
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
  return [x0, y0, x1, y1];
}
