// Runs tests/pyodide_probe.py under Pyodide in Node: node pyodide_run.mjs PYODIDE_DIR PROBE PAYLOAD TODAY WHEEL...
// Wheels are unpacked into site-packages (no network: micropip is not used); prints the probe's JSON line.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, probe, payload, today, ...wheels] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: pyodideDir + path.sep });
for (const wheel of wheels) {
  py.unpackArchive(new Uint8Array(fs.readFileSync(wheel)), "wheel");
}
py.globals.set("probe_source", fs.readFileSync(probe, "utf8"));
py.globals.set("payload_text", fs.readFileSync(payload, "utf8"));
py.globals.set("today", today);
let out;
try {
  out = await py.runPythonAsync(`
import json
namespace = {"__name__": "pyodide_probe"}
exec(compile(probe_source, "pyodide_probe.py", "exec"), namespace)
json.dumps(await namespace["summary"](json.loads(payload_text), today), ensure_ascii=False)
`);
} catch (error) {
  console.error(error.message);  // the Python traceback, without Pyodide's minified source
  process.exit(1);
}
console.log(out);
