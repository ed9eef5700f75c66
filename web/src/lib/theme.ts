/** A CSS custom property's current value (light or dark theme), for canvas code that cannot use CSS. */
export function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}
