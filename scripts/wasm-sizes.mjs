import { readFileSync } from 'node:fs';
const buf = readFileSync(process.argv[2]);
let p = 8;
const u32 = () => { let r = 0, s = 0, b; do { b = buf[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
let imports = 0, bodies = [], names = new Map(), dataBytes = 0; const secs = {};
while (p < buf.length) {
  const id = buf[p++]; const size = u32(); const start = p; const end = p + size;
  secs[id] = (secs[id] || 0) + size;
  if (id === 2) { const n = u32(); for (let i = 0; i < n; i++) { let l = u32(); p += l; l = u32(); p += l; const k = buf[p++]; if (k === 0) { u32(); imports++; } else if (k === 1) { p++; const f = buf[p++]; u32(); if (f & 1) u32(); } else if (k === 2) { const f = buf[p++]; u32(); if (f & 1) u32(); } else if (k === 3) { p += 2; } } }
  if (id === 10) { const n = u32(); for (let i = 0; i < n; i++) { const s = u32(); bodies.push(s); p += s; } }
  if (id === 11) dataBytes += size;
  if (id === 0) { const nl = u32(); const nm = buf.slice(p, p + nl).toString(); p += nl; if (nm === 'name') { while (p < end) { const sid = buf[p++]; const ss = u32(); const se = p + ss; if (sid === 1) { const n = u32(); for (let i = 0; i < n; i++) { const idx = u32(); const l = u32(); names.set(idx, buf.slice(p, p + l).toString()); p += l; } } p = se; } } }
  p = end;
}
const rows = bodies.map((s, i) => [s, names.get(i + imports) || `f${i + imports}`]).sort((a, b) => b[0] - a[0]);
const total = bodies.reduce((a, b) => a + b, 0);
console.log('sections', secs, 'code', total, 'data', dataBytes);
const groups = {};
for (const [s, n] of rows) { const m = n.match(/(num_bigint|serde_wasm_bindgen|serde_json|serde|core::fmt|cognito_wasm::[a-z_]+|wasm_bindgen|js_sys|alloc|core|std|sha2|hmac|base64|dlmalloc)/); const g = m ? m[1] : 'other'; groups[g] = (groups[g] || 0) + s; }
console.log(Object.entries(groups).sort((a, b) => b[1] - a[1]).slice(0, 25));
for (const [s, n] of rows.slice(0, +process.argv[3] || 40)) console.log(s, n.slice(0, 150));
