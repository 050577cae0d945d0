// Removes build output (cross-platform `rm -rf dist custom-elements.json`).
import { rmSync } from 'node:fs';
for (const p of ['dist', 'custom-elements.json']) rmSync(p, { recursive: true, force: true });
