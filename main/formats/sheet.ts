// A report as a sheet: a title block (a title and labelled lines: class, date, site, …), then a
// table whose columns say what their cells are, so each file format writes real numbers and
// dates rather than text. A time is a Date whose UTC fields are the wall time to show (the
// caller shifts it into the rule set's zone): spreadsheets have no time zones, and the report
// must read the same on any PC.
export type SheetCell = string | number | Date | null;

export type SheetColumn = {
  header: string;
  /** Width in characters (a Chinese character counts two). */
  width: number;
  kind: 'text' | 'integer' | 'decimal' | 'time';
};

export type Sheet = {
  /** The tab's name. */
  name: string;
  title: string;
  info: [label: string, value: string][];
  columns: SheetColumn[];
  rows: SheetCell[][];
};

/** `YYYY-MM-DD HH:mm` of a shifted time (see above). */
export function sheetTime(date: Date): string {
  return date.toISOString().slice(0, 16).replace('T', ' ');
}
