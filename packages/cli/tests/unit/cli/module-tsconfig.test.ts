import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findBaseTsconfig, moduleTsconfig, withModuleTsconfig } from '../../../src/cli/module-tsconfig';

describe('moduleTsconfig', () => {
  it("extends the user's tsconfig, forces experimentalDecorators and covers every file under the module's root", () => {
    expect(moduleTsconfig('/repo/tsconfig.json', '/repo/handler.ts')).toEqual({
      extends: '/repo/tsconfig.json',
      compilerOptions: { experimentalDecorators: true },
      include: ['/**/*'],
      exclude: [],
    });
  });

  it('extends nothing when the user has no tsconfig', () => {
    expect(moduleTsconfig(undefined, '/scratch/handler.ts')).toEqual({ compilerOptions: { experimentalDecorators: true }, include: ['/**/*'], exclude: [] });
  });
});

describe('findBaseTsconfig', () => {
  let root: string;
  const file = (path: string, text = '{}') => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
    return join(root, path);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'shardline-find-tsconfig-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('takes the nearest tsconfig.json above the module, not the one of the working directory', () => {
    // Arrange
    const project = file('project/tsconfig.json');
    file('project/packages/orders/tsconfig.json');
    const handler = file('project/handler.ts', '');

    // Act
    const base = findBaseTsconfig(handler, {}, join(root, 'project/packages/orders'));

    // Assert
    expect(base).toBe(project);
  });

  it('climbs from a nested directory', () => {
    const project = file('project/tsconfig.json');
    const handler = file('project/src/handlers/deep/handler.ts', '');

    expect(findBaseTsconfig(handler, {}, root)).toBe(project);
  });

  it("falls back to the working directory's tsconfig, where tsx looks, when none is above the module", () => {
    // Arrange
    const cwdConfig = file('project/tsconfig.json');
    const handler = file('scratch/handler.ts', '');

    // Act
    const base = findBaseTsconfig(handler, {}, join(root, 'project'));

    // Assert: unless a tsconfig.json sits above the temporary directory itself, which this machine does not have.
    expect(base).toBe(cwdConfig);
  });

  it('respects TSX_TSCONFIG_PATH, relative to the working directory', () => {
    file('project/tsconfig.json');
    const custom = file('project/tsconfig.dev.json');
    const handler = file('project/handler.ts', '');

    expect(findBaseTsconfig(handler, { TSX_TSCONFIG_PATH: 'tsconfig.dev.json' }, join(root, 'project'))).toBe(custom);
  });
});

describe('withModuleTsconfig', () => {
  const saved = process.env.TSX_TSCONFIG_PATH;

  afterEach(() => {
    if (saved === undefined) delete process.env.TSX_TSCONFIG_PATH;
    else process.env.TSX_TSCONFIG_PATH = saved;
  });

  it('points TSX_TSCONFIG_PATH at the generated tsconfig while register runs', () => {
    // Act
    const seen = withModuleTsconfig('/repo/handler.ts', '/repo/tsconfig.json', () => {
      const path = process.env.TSX_TSCONFIG_PATH!;
      return { path, config: JSON.parse(readFileSync(path, 'utf8')) as unknown };
    });

    // Assert
    expect(seen.config).toEqual(moduleTsconfig('/repo/tsconfig.json', '/repo/handler.ts'));
  });

  it('restores the environment and deletes the file afterwards, also when register throws', () => {
    // Arrange
    process.env.TSX_TSCONFIG_PATH = '/mine/tsconfig.json';
    let generated = '';

    // Act
    const act = () =>
      withModuleTsconfig('/repo/handler.ts', undefined, () => {
        generated = process.env.TSX_TSCONFIG_PATH!;
        throw new Error('bad tsconfig');
      });

    // Assert
    expect(act).toThrow('bad tsconfig');
    expect(process.env.TSX_TSCONFIG_PATH).toBe('/mine/tsconfig.json');
    expect(generated).not.toBe('/mine/tsconfig.json');
    expect(existsSync(generated)).toBe(false);
    expect(existsSync(dirname(generated))).toBe(false);
  });

  it('leaves TSX_TSCONFIG_PATH unset when it was unset', () => {
    delete process.env.TSX_TSCONFIG_PATH;

    withModuleTsconfig('/repo/handler.ts', undefined, () => undefined);

    expect('TSX_TSCONFIG_PATH' in process.env).toBe(false);
  });
});
