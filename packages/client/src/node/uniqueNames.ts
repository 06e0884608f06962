/** How many numbered alternatives to try before giving up. */
const MAX_ALTERNATIVES = 9999;

/**
 * `report.pdf`, then `report (1).pdf`, `report (2).pdf`, … : the names a received file may take
 * so that it never replaces one already in the folder (the numbering browsers use for downloads).
 */
export function* uniqueNames(name: string): Generator<string> {
  yield name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; n <= MAX_ALTERNATIVES; n++) yield `${stem} (${n})${ext}`;
}
