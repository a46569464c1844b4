// The streaming-parse floor of bench:cli, as a plain Node script (no loader,
// no bundle): every worksheet part of an .xlsx inflated as a stream with
// node:zlib and fed to saxes, a well-kept SAX parser that checks
// well-formedness, counting cells. Nothing is kept: the least that reading
// the sheets costs with a real XML parser. Prints the cell count.
// Run: node bench/parse-floor.mjs workbook.xlsx
import { readFileSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { createInflateRaw } from "node:zlib";
import { SaxesParser } from "saxes";

const zip = readFileSync(process.argv[2]);
// The end-of-central-directory record, then each directory entry (no Zip64: the bench's files are small).
let end = zip.length - 22;
while (end > 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
let at = zip.readUInt32LE(end + 16);
const count = zip.readUInt16LE(end + 10);
let cells = 0;
for (let i = 0; i < count; i++) {
  const nameLength = zip.readUInt16LE(at + 28);
  const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
  const method = zip.readUInt16LE(at + 10);
  const size = zip.readUInt32LE(at + 20);
  const offset = zip.readUInt32LE(at + 42);
  at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
  const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
  const body = zip.subarray(start, start + size);
  const parser = new SaxesParser();
  parser.on("opentag", (tag) => {
    if (tag.name === "c") cells++;
  });
  const decoder = new StringDecoder("utf8");
  if (method === 0) parser.write(decoder.write(body));
  else {
    const inflater = createInflateRaw();
    inflater.end(body);
    for await (const chunk of inflater) parser.write(decoder.write(chunk));
  }
  parser.write(decoder.end()).close();
}
process.stdout.write(`${cells}\n`);
