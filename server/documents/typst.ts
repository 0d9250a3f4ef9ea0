import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';

const fontDir = path.join(process.cwd(), 'node_modules', '@expo-google-fonts', 'sarabun');
const fonts = ['400Regular/Sarabun_400Regular.ttf', '700Bold/Sarabun_700Bold.ttf', '400Regular_Italic/Sarabun_400Regular_Italic.ttf']
  .map((file) => path.join(fontDir, file));

let compiler: NodeCompiler | undefined;

/** One Typst compiler per process, with the Sarabun fonts (TH Sarabun-compatible, OFL) from npm. */
function typst() {
  if (!compiler) {
    compiler = NodeCompiler.create({ fontArgs: [{ fontBlobs: fonts.map((f) => readFileSync(f)) }] });
    // Assets templates may use as "/assets/…" (in memory, read once per process).
    compiler.mapShadow(path.join(process.cwd(), 'assets', 'garuda.svg'), readFileSync(path.join(process.cwd(), 'public', 'garuda.svg')));
  }
  return compiler;
}

export type PdfOptions = {
  /** A PDF/A level ("a-3u": archival, every glyph mapped to Unicode, files may be attached). */
  standard?: 'a-3u';
  /** Further `sys.inputs` (an attached file's content, as text). */
  inputs?: Record<string, string>;
  /** The document's creation time (PDF/A records it in the metadata). */
  at?: Date;
};

/**
 * Renders a Typst template to PDF. Data reaches the template only as JSON through
 * `sys.inputs.data`: text typed by people is never spliced into Typst source, so it
 * is always printed as text.
 */
export function renderPdf(template: string, data: unknown, options: PdfOptions = {}): Buffer {
  const pdf = typst().pdf(
    { mainFileContent: template, inputs: { ...options.inputs, data: JSON.stringify(data) } },
    options.standard ? { pdfStandard: options.standard, creationTimestamp: Math.floor((options.at ?? new Date()).getTime() / 1000) } : undefined,
  );
  typst().evictCache(30);
  return pdf;
}

/** The values of the `metadata` elements with a label in a template's laid-out document (its introspection). */
export function queryMetadata(template: string, data: unknown, label: string): unknown[] {
  const typstCompiler = typst();
  const compiled = typstCompiler.compile({ mainFileContent: template, inputs: { data: JSON.stringify(data) } });
  if (!compiled.result) throw new Error(`the template did not compile: ${JSON.stringify(compiled.takeDiagnostics()?.shortDiagnostics ?? [])}`);
  const values = typstCompiler.query(compiled.result, { selector: `<${label}>`, field: 'value' }) as unknown[];
  typstCompiler.evictCache(30);
  return values;
}
