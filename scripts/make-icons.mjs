#!/usr/bin/env node
// Draws the Scorecard RAG icon (a traffic light: red, amber and green dots on a dark rounded square)
// and writes it as PNGs to assets/icon-<size>.png. Uses only Node built-ins (zlib), so it runs anywhere.
//
//   node scripts/make-icons.mjs            writes assets/icon-{16,32,64,80,128}.png
//   node scripts/make-icons.mjs --check    exits 1 if a committed PNG differs from what this script draws
import { deflateSync } from "node:zlib";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ICON_SIZES = [16, 32, 64, 80, 128];

const BACKGROUND = [0x1f, 0x2d, 0x3d]; // dark slate
const DOTS = [
  [0xd1, 0x34, 0x38], // red
  [0xf2, 0xa9, 0x00], // amber
  [0x10, 0x7c, 0x10], // green
];

/** Whether (x, y) lies inside the rounded square, in unit coordinates where the icon spans 0..1. */
function roundedSquare(x, y) {
  const inset = 0.04;
  const radius = 0.2;
  const lo = inset + radius;
  const hi = 1 - inset - radius;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return Math.hypot(dx, dy) <= radius;
}

function dotAt(x, y) {
  const radius = 0.118;
  const centres = [0.245, 0.5, 0.755];
  for (let i = 0; i < centres.length; i++) {
    if (Math.hypot(x - 0.5, y - centres[i]) <= radius) return i;
  }
  return -1;
}

/** Renders one size as RGBA bytes, 4x4 supersampled for smooth edges. */
export function renderIcon(size) {
  const samples = 4;
  const rgba = Buffer.alloc(size * size * 4);
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
          if (!roundedSquare(x, y)) continue;
          const dot = dotAt(x, y);
          const colour = dot >= 0 ? DOTS[dot] : BACKGROUND;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
        rgba[o + 3] = Math.round((255 * a) / (samples * samples));
      }
    }
  }
  return rgba;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes RGBA bytes as a PNG (8-bit RGBA, no interlace, filter 0 on every row). */
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // interlace
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (stride + 1)] = 0;
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function main() {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const assets = join(root, "assets");
  const check = process.argv.includes("--check");
  mkdirSync(assets, { recursive: true });
  let stale = 0;
  for (const size of ICON_SIZES) {
    const file = join(assets, `icon-${size}.png`);
    const png = encodePng(size, renderIcon(size));
    if (check) {
      const same = existsSync(file) && readFileSync(file).equals(png);
      console.log(`${same ? "ok   " : "STALE"} assets/icon-${size}.png`);
      if (!same) stale++;
    } else {
      writeFileSync(file, png);
      console.log(`wrote assets/icon-${size}.png (${png.length} bytes)`);
    }
  }
  if (stale > 0) {
    console.error(
      `${stale} icon(s) differ from scripts/make-icons.mjs: run node scripts/make-icons.mjs`
    );
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
