/** The runtime bundle: src/index.ts with openapi-fetch inlined, minified ESM, then gzipped; and without it. */
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export interface BundleResult {
  entry: string;
  minifiedBytes: number;
  gzipBytes: number;
  /** This client's own layer, openapi-fetch left out (external). */
  layerGzipBytes: number;
  /** The inputs that made it into the bundle, with their minified share in bytes. */
  inputs: Record<string, number>;
  target: number;
  pass: boolean;
}

export async function measureBundle(): Promise<BundleResult> {
  const result = await bundle([]);
  const output = result.outputFiles[0];
  if (!output || result.outputFiles.length !== 1)
    throw new Error("esbuild: expected exactly one output file");
  const minifiedBytes = output.contents.byteLength;
  const gzipBytes = gzipSync(output.contents).byteLength; // zlib's default level, as most size reports use
  const layer = (await bundle(["openapi-fetch"])).outputFiles[0]!;
  const inputs: Record<string, number> = {};
  for (const meta of Object.values(result.metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(meta.inputs)) {
      if (bytesInOutput > 0) inputs[file] = bytesInOutput;
    }
  }
  const target = 5120;
  return {
    entry: "src/index.ts",
    minifiedBytes,
    gzipBytes,
    layerGzipBytes: gzipSync(layer.contents).byteLength,
    inputs,
    target,
    pass: gzipBytes <= target,
  };
}

function bundle(external: string[]) {
  const root = fileURLToPath(new URL("../", import.meta.url));
  return build({
    absWorkingDir: root,
    entryPoints: ["src/index.ts"],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
    external,
  });
}
