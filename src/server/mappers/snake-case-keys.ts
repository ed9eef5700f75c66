/** camelCase → snake_case for the keys of domain records that travel as free-form JSON objects. */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
