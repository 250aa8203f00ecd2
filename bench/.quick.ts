import { measureOverhead } from "./overhead.js";
import { startBenchServer } from "./server.js";
const server = await startBenchServer();
const o = await measureOverhead(server, { requests: Number(process.argv[2] ?? 3000), warmup: 1000, block: 100 }, () => {});
for (const m of o.methods) console.log(m.method, m.ratios.clientOverOpenapiFetchMedian.toFixed(3), "raw", m.raw.medianMs.toFixed(3), "bare", m.openapiFetch.medianMs.toFixed(3), "client", m.client.medianMs.toFixed(3));
await server.close();
