// The technician commands' common frame (provision, hub, hub-admin, ledger-recovery, the
// diagnostics bundle): `--help` prints the usage and exits 0; a mistake — an unknown option,
// a missing argument, a file that is not there, a site or station the hub does not know —
// prints one line, Chinese first and English after, and exits non-zero. A technician never
// sees a stack trace for their own mistake; an unexpected failure still prints one line (the
// stack only with LECTERN_DEBUG=1), because a trace helps nobody at a county classroom.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake a person can fix: both languages, and the exit code (2: usage, 1: refused). */
export class CliError extends Error {
  readonly zh: string;
  readonly exitCode: number;
  constructor(zh: string, en: string, exitCode = 1) {
    super(en);
    this.name = 'CliError';
    this.zh = zh;
    this.exitCode = exitCode;
  }
}

export function usageError(zh: string, en: string): CliError {
  return new CliError(`${zh}（用法见 --help）`, `${en} (see --help)`, 2);
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs, strict, with `--help`/`-h` added and its complaints turned into a usage line. */
export function parseCommandLine<O extends Options>(options: O, args: string[] = process.argv.slice(2)) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h', default: false } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usageError('命令行参数有误', error instanceof Error ? error.message : String(error));
  }
}

export function errorLine(name: string, error: unknown): string {
  if (error instanceof CliError) return `${name}：${error.zh} / ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `${name}：${message}`;
}

/**
 * Runs a command's body: `--help` anywhere prints `usage`; every error ends in one line on
 * stderr and a non-zero exit code. Resolves with the exit code it set.
 */
export async function runCli(name: string, usage: string, body: () => Promise<void> | void): Promise<number> {
  if (process.argv.slice(2).some((arg) => arg === '--help' || arg === '-h')) {
    console.log(usage);
    return 0;
  }
  try {
    await body();
    return (process.exitCode = typeof process.exitCode === 'number' ? process.exitCode : 0);
  } catch (error) {
    console.error(errorLine(name, error));
    if (process.env.LECTERN_DEBUG === '1' && error instanceof Error) console.error(error.stack);
    return (process.exitCode = error instanceof CliError ? error.exitCode : 1);
  }
}
