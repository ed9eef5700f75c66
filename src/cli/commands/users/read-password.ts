/**
 * A new user's password: from STRATA_USER_PASSWORD (scripts), else typed at a terminal twice
 * without echo, else read from stdin (`echo "$PW" | strata users create …`). Never a flag: a
 * flag lands in shell history and in `ps`.
 */
import { UsageError, type CliContext } from '../../cli-context.js';

export interface PasswordSource {
  stdin: NodeJS.ReadStream;
  stderr: { write(text: string): unknown };
}

export async function readNewPassword(ctx: CliContext, source: PasswordSource = { stdin: process.stdin, stderr: process.stderr }): Promise<string> {
  const fromEnv = ctx.env.STRATA_USER_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!source.stdin.isTTY) return readAll(source.stdin);
  const first = await promptHidden(source, 'Password: ');
  const second = await promptHidden(source, 'Again: ');
  if (first !== second) throw new UsageError('the two passwords differ');
  return first;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (text === '') throw new UsageError('no password on stdin (pipe one in, type it at a terminal, or set STRATA_USER_PASSWORD)');
  return text;
}

function promptHidden({ stdin, stderr }: PasswordSource, prompt: string): Promise<string> {
  stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new UsageError('cancelled'));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}
