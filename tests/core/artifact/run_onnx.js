// Runs ONNX models in onnxruntime-node for tst_onnx_export.
// Usage: node run_onnx.js JOBS.json RESULTS.json
// JOBS: [{"model": "/path/m.onnx", "rows": N,
//         "inputs": {"<name>": {"type": "double" | "string", "data": [...]}}}]
//   (inputs are [N, 1] tensors; null in a double input is NaN)
// RESULTS: one entry per job: {"outputs": {"<name>": {"dims": [...], "data": [...]}}} or
//   {"error": "..."} (non-finite numbers are written as null).
'use strict';
const fs = require('fs');

let ort;
try {
    ort = require('onnxruntime-node');
} catch (e) {
    console.error('run_onnx.js: cannot load onnxruntime-node (NODE_PATH=' +
                  (process.env.NODE_PATH || '') + '): ' + e.message);
    process.exit(3);
}

async function runJob(job) {
    const session = await ort.InferenceSession.create(job.model);
    const feeds = {};
    for (const [name, input] of Object.entries(job.inputs)) {
        const n = input.data.length;
        if (input.type === 'string')
            feeds[name] = new ort.Tensor('string', input.data, [n, 1]);
        else
            feeds[name] = new ort.Tensor(
                'float64', Float64Array.from(input.data, v => (v === null ? NaN : v)), [n, 1]);
    }
    const results = await session.run(feeds);
    const outputs = {};
    for (const [name, tensor] of Object.entries(results)) {
        outputs[name] = {
            dims: Array.from(tensor.dims, Number),
            data: Array.from(tensor.data,
                             v => (typeof v === 'number' && !Number.isFinite(v) ? null
                                   : typeof v === 'bigint' ? Number(v) : v)),
        };
    }
    return {outputs};
}

async function main() {
    const [jobsPath, resultsPath] = process.argv.slice(2);
    const jobs = JSON.parse(fs.readFileSync(jobsPath, 'utf8'));
    const out = [];
    for (const job of jobs) {
        try {
            out.push(await runJob(job));
        } catch (e) {
            out.push({error: String((e && e.message) || e)});
        }
    }
    fs.writeFileSync(resultsPath, JSON.stringify(out));
}

main().catch(e => {
    console.error('run_onnx.js: ' + ((e && e.stack) || e));
    process.exit(1);
});
