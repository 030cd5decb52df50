#!/usr/bin/env node
// Packs what a GPU benchmark run needs into .gpu-carry/app.tar.xz: the compiled dist/ and the
// node_modules closure of the engine's runtime packages (the GPU machine has no Node packages and no
// network). Usage: npm run build && node scripts/gpu/pack-carry.js
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const roots = ['onnxruntime-node', 'sharp', '@lenml/tokenizers', 'zod', 'pure-rand', 'commander'];
const seen = new Set();
function visit(name) {
  if (seen.has(name)) return;
  const dir = path.join(root, 'node_modules', name);
  if (!fs.existsSync(dir)) return; // optional dependency for another platform
  seen.add(name);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep);
}
roots.forEach(visit);
const paths = ['dist', ...[...seen].map((name) => path.join('node_modules', name))];
fs.mkdirSync(path.join(root, '.gpu-carry'), { recursive: true });
// onnxruntime-node ships every platform's binaries: keep linux/x64 only.
const excludes = ['darwin', 'win32', 'linux/arm64'].map(
  (p) => `--exclude=node_modules/onnxruntime-node/bin/napi-v6/${p}`,
);
execFileSync(
  'tar',
  ['-C', root, ...excludes, '-cJf', path.join(root, '.gpu-carry', 'app.tar.xz'), ...paths],
  {
    stdio: 'inherit',
    env: { ...process.env, XZ_OPT: '-T2 -6' },
  },
);
console.log(`packed ${paths.length} paths:`, paths.join(' '));
