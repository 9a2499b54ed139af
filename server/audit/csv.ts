// A cell a spreadsheet would run as a formula (CSV injection); prefixed with ' to show it as text
const formulaStart = /^[=+\-@\t\r]/;

/** One RFC 4180 field: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string | undefined): string {
  let text = value ?? '';
  if (formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CRLF-terminated record. */
export const csvRow = (fields: readonly (string | undefined)[]) => `${fields.map(csvField).join(',')}\r\n`;
