// Draws Keel's icons as PNGs with nothing but node:zlib: the app icon (512 and 256 px) and the tray
// icons for the four states (active, paused, due, offline) at 16 px (@1x) and 32 px (@2x), coloured
// for Linux/Windows and as black-with-alpha "Template" images for the macOS menu bar (the system tints
// those, so the states differ by shape, not colour). Run: npx tsx resources/make-icons.ts
// The generated PNGs are committed; rerun this after changing a shape.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];
/** Whether a point (unit coordinates, 0..1, y down) is inside a shape. */
type Shape = (x: number, y: number) => boolean;
interface Layer {
  shape: Shape;
  color: Rgba;
}

// ---- PNG encoding -------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  // Each row starts with filter type 0 (none).
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- Rasterising (supersampled, so small tray icons stay smooth) ------------------------------

export function render(size: number, layers: readonly Layer[], samples = 4): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          // Topmost layer containing the point wins (layers are opaque shapes).
          let color: Rgba | null = null;
          for (const layer of layers) if (layer.shape(x, y)) color = layer.color;
          if (!color) continue;
          const alpha = color[3] / 255;
          r += color[0] * alpha;
          g += color[1] * alpha;
          b += color[2] * alpha;
          a += alpha;
        }
      }
      const i = (py * size + px) * 4;
      const n = samples * samples;
      out[i + 3] = Math.round((a / n) * 255);
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
      }
    }
  }
  return out;
}

// ---- Shapes --------------------------------------------------------------------------------------

const disc =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring =
  (cx: number, cy: number, r: number, width: number): Shape =>
  (x, y) => {
    const d = Math.hypot(x - cx, y - cy);
    return d <= r && d >= r - width;
  };
const rect =
  (x0: number, y0: number, x1: number, y1: number): Shape =>
  (x, y) =>
    x >= x0 && x <= x1 && y >= y0 && y <= y1;
const roundedSquare =
  (inset: number, radius: number): Shape =>
  (x, y) => {
    const lo = inset + radius;
    const hi = 1 - inset - radius;
    const cx = Math.min(Math.max(x, lo), hi);
    const cy = Math.min(Math.max(y, lo), hi);
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius;
  };
/** A band of width `w` along the line from (x0,y0) to (x1,y1). */
const stroke =
  (x0: number, y0: number, x1: number, y1: number, w: number): Shape =>
  (x, y) => {
    const dx = x1 - x0;
    const dy = y1 - y0;
    const t = Math.min(1, Math.max(0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy)) <= w / 2;
  };
const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));

// The app icon: a keel boat — hull, mast and sail — on a calm teal tile.
const hull: Shape = (x, y) => disc(0.5, 0.42, 0.3)(x, y) && y >= 0.6;
const mast = rect(0.475, 0.2, 0.525, 0.62);
const sail: Shape = (x, y) => y >= 0.24 && y <= 0.56 && x >= 0.55 && x <= 0.55 + (y - 0.24) * 0.75;

const APP_LAYERS: Layer[] = [
  { shape: roundedSquare(0.04, 0.2), color: [31, 111, 120, 255] },
  { shape: union(hull, mast, sail), color: [250, 248, 240, 255] },
  { shape: rect(0.22, 0.8, 0.78, 0.83), color: [160, 214, 214, 255] },
];

// Tray glyphs: one outline, a different centre per state, so they differ without colour too.
const TRAY_GLYPHS = {
  active: union(ring(0.5, 0.5, 0.44, 0.14), disc(0.5, 0.5, 0.14)),
  paused: union(ring(0.5, 0.5, 0.44, 0.14), rect(0.36, 0.32, 0.45, 0.68), rect(0.55, 0.32, 0.64, 0.68)),
  due: disc(0.5, 0.5, 0.44),
  offline: union(ring(0.5, 0.5, 0.44, 0.14), stroke(0.24, 0.76, 0.76, 0.24, 0.13)),
} as const;
const TRAY_COLORS: Record<keyof typeof TRAY_GLYPHS, Rgba> = {
  active: [46, 158, 107, 255],
  paused: [138, 143, 152, 255],
  due: [224, 165, 38, 255],
  offline: [208, 82, 74, 255],
};

// ---- Output --------------------------------------------------------------------------------------

function write(path: string, size: number, layers: Layer[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encodePng(size, render(size, layers, size <= 32 ? 8 : 3)));
}

export function makeIcons(resourcesDir: string): string[] {
  const written: string[] = [];
  const out = (relative: string, size: number, layers: Layer[]) => {
    write(join(resourcesDir, relative), size, layers);
    written.push(relative);
  };
  out('icon.png', 512, APP_LAYERS);
  out('icons/512x512.png', 512, APP_LAYERS);
  out('icons/256x256.png', 256, APP_LAYERS);
  for (const state of Object.keys(TRAY_GLYPHS) as Array<keyof typeof TRAY_GLYPHS>) {
    const coloured = [{ shape: TRAY_GLYPHS[state], color: TRAY_COLORS[state] }];
    const template = [{ shape: TRAY_GLYPHS[state], color: [0, 0, 0, 255] as Rgba }];
    out(`tray/keel-${state}.png`, 16, coloured);
    out(`tray/keel-${state}@2x.png`, 32, coloured);
    out(`tray/keel-${state}Template.png`, 16, template);
    out(`tray/keel-${state}Template@2x.png`, 32, template);
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = dirname(fileURLToPath(import.meta.url));
  for (const file of makeIcons(dir)) process.stdout.write(`wrote resources/${file}\n`);
}
