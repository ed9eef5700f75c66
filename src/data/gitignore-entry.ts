/** Keeps versioned data out of git: `add` lists it in the `.gitignore` beside it. */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Anchored (`/name`) so only this entry is ignored, with glob characters escaped. */
export function gitignorePattern(name: string): string {
  return '/' + name.replace(/[\\*?[]/g, (c) => `\\${c}`).replace(/ $/, '\\ ');
}

/** Appends the entry unless it is already there; returns whether the file changed. */
export function ensureGitignored(dirAbs: string, name: string): boolean {
  const path = join(dirAbs, '.gitignore');
  const pattern = gitignorePattern(name);
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // no .gitignore yet: it is created below
  }
  const lines = text.split(/\r?\n/);
  if (lines.includes(pattern) || lines.includes(name)) return false;
  const lead = text === '' || text.endsWith('\n') ? '' : '\n';
  appendFileSync(path, `${lead}${pattern}\n`);
  return true;
}
