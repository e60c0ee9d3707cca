// Draws images/icon.png (128×128): the island mountain of Penglai over the sea, in a rounded
// square. Kept as a script so the icon can be regenerated rather than edited as a binary.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const pixels = Buffer.alloc(SIZE * SIZE * 4);
const set = (x, y, [r, g, b, a]) => pixels.set([r, g, b, a], (y * SIZE + x) * 4);
const inRoundedSquare = (x, y) => {
  const r = 22;
  const cx = Math.min(Math.max(x, r), SIZE - 1 - r);
  const cy = Math.min(Math.max(y, r), SIZE - 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    if (!inRoundedSquare(x, y)) continue;
    let colour = [22, 48, 74, 255]; // night sky
    const peak = (px, h, w) => y >= 96 - h + Math.abs(x - px) * (h / w);
    if (peak(64, 70, 44)) colour = [236, 200, 96, 255]; // the main peak
    else if (peak(34, 40, 30) || peak(96, 46, 32)) colour = [196, 150, 70, 255];
    if (y >= 92) colour = (Math.floor(y / 4) + Math.floor(x / 16)) % 2 ? [46, 130, 160, 255] : [38, 110, 140, 255]; // sea
    if ((x - 98) ** 2 + (y - 28) ** 2 <= 64) colour = [250, 244, 220, 255]; // moon
    set(x, y, colour);
  }
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) pixels.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw)),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
