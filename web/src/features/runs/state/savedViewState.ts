// A saved view's state is the experiment page's URL query. Two queries show the same view when
// they hold the same parameters, whatever their order and whether the format version is written.

function canonical(state: string): string {
  const params = new URLSearchParams(state);
  params.delete('v');
  params.sort();
  return params.toString();
}

export function sameViewState(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}
