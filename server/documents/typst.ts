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

/**
 * Renders a Typst template to PDF. Data reaches the template only as JSON through
 * `sys.inputs.data`: text typed by people is never spliced into Typst source, so it
 * is always printed as text.
 */
export function renderPdf(template: string, data: unknown): Buffer {
  const pdf = typst().pdf({ mainFileContent: template, inputs: { data: JSON.stringify(data) } });
  typst().evictCache(30);
  return pdf;
}
