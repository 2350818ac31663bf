/** The address of the result page of one stored upload: where uploads and reports redirect. */
export function resultPath(
  storedName: string,
  model?: string,
  { reported = false }: { reported?: boolean } = {},
): string {
  const query = new URLSearchParams();
  if (model) query.set('model', model);
  if (reported) query.set('reported', '1');
  const search = query.toString();
  return `/results/${encodeURIComponent(storedName)}${search ? `?${search}` : ''}`;
}
