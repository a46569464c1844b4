import { createRequire } from "node:module";
import type ExcelJS from "exceljs";
import { ownedNamesForFallback, withOwnedNames } from "./owned-names";
import { ZipWriter } from "../../src/xlsx/zip";

/*
 * Saving a workbook: ExcelJS renders the parts, exactly as its own
 * `xlsx.writeBuffer()` would (same steps, order and options), with two
 * changes to how the bytes are produced, not to what they say:
 *
 * - the zip is written by Node's zlib (zip.ts) instead of JSZip;
 * - each worksheet is rendered into a stream that hands its text to the zip
 *   as UTF-8 bytes every so many elements, compressed while the rest renders.
 *   ExcelJS builds a sheet as one array of small strings (about ten per cell)
 *   joined at the end, which for a 50,000-row sheet is tens of millions of
 *   strings and a string of over 100 MB next to its bytes: the peak memory
 *   and much of the garbage collection of a save.
 *
 * Both lean on ExcelJS 4.4's internals (lib/xlsx/xlsx.js `write` and
 * `addWorksheets`, lib/utils/xml-stream.js). If they are not as expected, the
 * workbook is saved with `writeBuffer()` instead.
 */

/** ExcelJS's XmlStream (lib/utils/xml-stream.js), the parts used here. */
interface XmlStream {
  _xml: string[];
  readonly _rollbacks: readonly unknown[];
  openNode(name: string, attributes?: unknown): void;
  closeAll(): void;
}
type XmlStreamClass = new () => XmlStream;
type RenderXform = new () => { render(stream: XmlStream, model: unknown): void };

/** What ExcelJS's XLSX writer does, step by step (lib/xlsx/xlsx.js `write`). */
interface XlsxWriterInternals {
  prepareModel(model: unknown, options: object): void;
  addContentTypes(zip: ZipWriter, model: unknown): Promise<void>;
  addOfficeRels(zip: ZipWriter, model: unknown): Promise<void>;
  addWorkbookRels(zip: ZipWriter, model: unknown): Promise<void>;
  addSharedStrings(zip: ZipWriter, model: unknown): Promise<void>;
  addDrawings(zip: ZipWriter, model: unknown): void;
  addTables(zip: ZipWriter, model: unknown): void;
  addThemes(zip: ZipWriter, model: unknown): Promise<void>;
  addStyles(zip: ZipWriter, model: unknown): Promise<void>;
  addMedia(zip: ZipWriter, model: unknown): Promise<void>;
  addApp(zip: ZipWriter, model: unknown): Promise<void>;
  addCore(zip: ZipWriter, model: unknown): Promise<void>;
  addWorkbook(zip: ZipWriter, model: unknown): Promise<void>;
}

const STEPS: readonly (keyof XlsxWriterInternals)[] = [
  "prepareModel",
  "addContentTypes",
  "addOfficeRels",
  "addWorkbookRels",
  "addSharedStrings",
  "addDrawings",
  "addTables",
  "addThemes",
  "addStyles",
  "addMedia",
  "addApp",
  "addCore",
  "addWorkbook",
];

/** A worksheet as ExcelJS's model has it when it is rendered. */
interface WorksheetModel {
  readonly id: number;
  readonly rels?: readonly unknown[];
  readonly comments: readonly unknown[];
}

interface Renderers {
  readonly ChunkedStream: new (sink: (bytes: Buffer) => void) => XmlStream & { end(): void };
  readonly WorksheetXform: RenderXform;
  readonly RelationshipsXform: RenderXform;
  readonly CommentsXform: RenderXform;
  readonly VmlNotesXform: RenderXform;
}

/** Elements between conversions to bytes: large enough to amortise, small enough to stay cheap. */
const CHUNK_ELEMENTS = 65536;

let renderers: Renderers | null | undefined;

/** ExcelJS's renderers and a chunked stream on its XmlStream, or `null` if ExcelJS is laid out differently. */
function loadRenderers(): Renderers | null {
  if (renderers !== undefined) return renderers;
  renderers = null;
  try {
    const require = createRequire(import.meta.url);
    const load = <T>(path: string): T => require(`exceljs/lib/${path}`) as T;
    const Base = load<XmlStreamClass>("utils/xml-stream.js");
    const probe = new Base();
    if (!Array.isArray(probe._xml) || !Array.isArray(probe._rollbacks)) return null;

    class ChunkedStream extends Base {
      private readonly sink: (bytes: Buffer) => void;

      constructor(sink: (bytes: Buffer) => void) {
        super();
        this.sink = sink;
      }

      override openNode(name: string, attributes?: unknown): void {
        // Never while a rollback is pending: it would splice back into the text.
        if (this._xml.length >= CHUNK_ELEMENTS && this._rollbacks.length === 0) this.flush();
        super.openNode(name, attributes);
      }

      private flush(): void {
        if (this._xml.length > 0) this.sink(Buffer.from(this._xml.join(""), "utf8"));
        this._xml = [];
      }

      /** Closes every open element (as ExcelJS's `xml` getter does) and hands over the rest. */
      end(): void {
        this.closeAll();
        this.flush();
      }
    }
    renderers = {
      ChunkedStream,
      WorksheetXform: load<RenderXform>("xlsx/xform/sheet/worksheet-xform.js"),
      RelationshipsXform: load<RenderXform>("xlsx/xform/core/relationships-xform.js"),
      CommentsXform: load<RenderXform>("xlsx/xform/comment/comments-xform.js"),
      VmlNotesXform: load<RenderXform>("xlsx/xform/comment/vml-notes-xform.js"),
    };
  } catch {
    renderers = null;
  }
  return renderers;
}

/** As ExcelJS's `addWorksheets`: each sheet, its relationships, its notes and their drawing. */
function addWorksheets(zip: ZipWriter, worksheets: readonly WorksheetModel[], r: Renderers): void {
  const worksheetXform = new r.WorksheetXform();
  const relationshipsXform = new r.RelationshipsXform();
  const commentsXform = new r.CommentsXform();
  const vmlNotesXform = new r.VmlNotesXform();
  // Each part goes to the zip in pieces as it is rendered, compressed meanwhile.
  const render = (name: string, xform: InstanceType<RenderXform>, model: unknown): void => {
    const entry = zip.entry(name);
    const stream = new r.ChunkedStream((bytes) => entry.write(bytes));
    xform.render(stream, model);
    stream.end();
    entry.end();
  };
  for (const worksheet of worksheets) {
    render(`xl/worksheets/sheet${worksheet.id}.xml`, worksheetXform, worksheet);
    if (worksheet.rels && worksheet.rels.length > 0)
      render(
        `xl/worksheets/_rels/sheet${worksheet.id}.xml.rels`,
        relationshipsXform,
        worksheet.rels
      );
    if (worksheet.comments.length > 0) {
      render(`xl/comments${worksheet.id}.xml`, commentsXform, worksheet);
      render(`xl/drawings/vmlDrawing${worksheet.id}.vml`, vmlNotesXform, worksheet);
    }
  }
}

/**
 * The workbook as .xlsx bytes, as `workbook.xlsx.writeBuffer()` would write
 * them, faster and in less memory (see above).
 */
export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Buffer> {
  const xlsx = workbook.xlsx as unknown as Partial<XlsxWriterInternals>;
  const r = loadRenderers();
  if (!r || !STEPS.every((step) => typeof xlsx[step] === "function")) {
    ownedNamesForFallback(workbook);
    return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  }
  const writer = xlsx as XlsxWriterInternals;
  const model = (workbook as unknown as { model: { worksheets: WorksheetModel[] } }).model;
  const zip = new ZipWriter();
  // As XLSX.write (ExcelJS 4.4), step for step.
  writer.prepareModel(model, {});
  await writer.addContentTypes(zip, model);
  await writer.addOfficeRels(zip, model);
  await writer.addWorkbookRels(zip, model);
  addWorksheets(zip, model.worksheets, r);
  await writer.addSharedStrings(zip, model); // always after the worksheets
  writer.addDrawings(zip, model);
  writer.addTables(zip, model);
  await Promise.all([writer.addThemes(zip, model), writer.addStyles(zip, model)]);
  await writer.addMedia(zip, model);
  await Promise.all([writer.addApp(zip, model), writer.addCore(zip, model)]);
  // The add-in's own names go into xl/workbook.xml hidden, which ExcelJS cannot write (owned-names.ts).
  const workbookPart: Pick<ZipWriter, "append"> = {
    append: (data, options) =>
      zip.append(
        options.name === "xl/workbook.xml" && typeof data === "string"
          ? withOwnedNames(workbook, data)
          : data,
        options
      ),
  };
  await writer.addWorkbook(workbookPart as ZipWriter, model);
  return zip.finish();
}
