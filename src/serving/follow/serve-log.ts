/** Where the serving process's own lines go (pino in the CLI, an array in tests). */
export interface ServeLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Lines as `level: message` into `lines`, for tests. */
export function memoryLog(lines: string[] = []): ServeLog & { lines: string[] } {
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
  };
}
