// Hand-written: a dozen lines, and no CSV package in the project; the formula guard is ours either way.

/** A cell a spreadsheet would run as a formula (= + - @, or a tab or carriage return before one) is prefixed with '. */
function neutralized(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** RFC 4180: quoted when it holds a comma, quote or line break, with quotes doubled. */
function quoted(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** Rows as RFC 4180 CSV (CRLF line ends), safe to open in a spreadsheet. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map((cell) => quoted(neutralized(cell))).join(',') + '\r\n').join('');
}
