/**
 * What an install put on disk: the packages in a node_modules tree (nested and scoped ones too)
 * and the bytes of their files, as a Lambda zip of node_modules would hold them.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `name@version` of every package under `nodeModules`, sorted. */
export function installedPackages(nodeModules: string): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue; // .bin, .package-lock.json
      const path = join(dir, entry.name);
      if (entry.name.startsWith('@') && entry.isDirectory()) {
        visit(path);
        continue;
      }
      if (!entry.isDirectory()) continue;
      const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as { name: string; version: string };
      found.push(`${manifest.name}@${manifest.version}`);
      try {
        visit(join(path, 'node_modules'));
      } catch {
        // no nested node_modules
      }
    }
  };
  visit(nodeModules);
  return found.sort();
}

/** The sum of the sizes of the files under `dir` (symbolic links not followed; npm's hidden lockfile not counted). */
export function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.name === '.package-lock.json') continue;
    if (entry.isDirectory()) total += treeBytes(path);
    else if (entry.isFile()) total += lstatSync(path).size;
  }
  return total;
}
