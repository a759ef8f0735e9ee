import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDataDir } from '../platform/app-paths';
import { resolveDataDir } from './data-dir';
import { buildProgram } from './program';

const savedHome = process.env.FIREBREAK_HOME;

afterEach(() => {
  if (savedHome === undefined) delete process.env.FIREBREAK_HOME;
  else process.env.FIREBREAK_HOME = savedHome;
});

function capture(argv: string[]): { out: string; code: number | undefined } {
  let out = '';
  const program = buildProgram((root) => root.exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) }));
  try {
    program.parse(['node', 'firebreak', ...argv]);
  } catch (error) {
    return { out, code: (error as { exitCode?: number }).exitCode };
  }
  return { out, code: undefined };
}

describe('firebreak CLI', () => {
  it('prints help with the global --data-dir option and the serve command', () => {
    const { out, code } = capture(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('--data-dir <dir>');
    expect(out).toContain('serve');
  });

  it('prints the package version', () => {
    const { out } = capture(['--version']);
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rejects a bad port with a message naming the option', () => {
    const { out, code } = capture(['serve', '--port', 'abc']);
    expect(code).toBe(1);
    expect(out).toContain("option '-p, --port <port>' argument 'abc' is invalid");
  });

  it('chooses the data folder from --data-dir, then FIREBREAK_HOME, then the default', () => {
    process.env.FIREBREAK_HOME = '/tmp/from-env';
    const program = buildProgram();
    program.parseOptions(['--data-dir', 'relative/dir']);
    expect(resolveDataDir(program)).toBe(path.resolve('relative/dir'));
    expect(resolveDataDir(buildProgram())).toBe('/tmp/from-env');
    delete process.env.FIREBREAK_HOME;
    expect(resolveDataDir(buildProgram())).toBe(defaultDataDir());
  });
});

describe('defaultDataDir', () => {
  it('matches Electron userData per platform', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/Firebreak');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('Firebreak');
    expect(defaultDataDir({}, 'darwin')).toContain(path.join('Library', 'Application Support', 'Firebreak'));
  });
});
