import { describe, expect, it } from 'vitest';
import { duplicateNumbers, guessMapping, mappingProblem, parseImportRow, type ImportRow } from '@/server/keeping/import-rows';

const mapping = guessMapping(['เลขทะเบียนรับ', 'วันที่รับ', 'ที่', 'ลงวันที่', 'จาก', 'ถึง', 'เรื่อง', 'การปฏิบัติ', 'หมายเหตุ', 'ไฟล์']);
const cells = (over: Record<number, string | Date> = {}) => {
  const row: Array<string | Date> = ['12', '24/11/2565', 'กค 0402/ว 12', '20/11/2565', 'กรมบัญชีกลาง', 'อธิบดี', 'แจ้งแนวทาง', 'ทราบ', '', 'a.pdf; b.pdf'];
  for (const [i, v] of Object.entries(over)) row[Number(i)] = v;
  return row;
};

describe('an imported register line', () => {
  it('maps the regulation’s headings to their fields, and a mapping must name every required field once', () => {
    expect(mapping).toEqual({ number: 0, registeredOn: 1, documentNumber: 2, letterDate: 3, fromText: 4, toText: 5, subject: 6, actions: 7, remarks: 8, files: 9 });
    expect(guessMapping(['เลขทะเบียนส่ง', 'วันที่ส่ง'])).toMatchObject({ number: 0, registeredOn: 1 });
    expect(mappingProblem(mapping, 10)).toBeNull();
    expect(mappingProblem({ ...mapping, subject: null }, 10)).toBe('import_mapping_incomplete');
    expect(mappingProblem({ ...mapping, remarks: 6 }, 10)).toBe('import_mapping_invalid');
    expect(mappingProblem({ ...mapping, files: 12 }, 10)).toBe('import_mapping_invalid');
  });

  it('reads Buddhist-era dates (Thai digits too) and workbook dates, and refuses Christian-era years by name', () => {
    expect(parseImportRow(cells(), 2, mapping)).toMatchObject({ number: 12, registeredOn: '2022-11-24', letterDate: '2022-11-20', files: ['a.pdf', 'b.pdf'] });
    expect(parseImportRow(cells({ 0: '๑๒', 1: '๒๔/๑๑/๒๕๖๕' }), 2, mapping)).toMatchObject({ number: 12, registeredOn: '2022-11-24' });
    expect(parseImportRow(cells({ 1: new Date(Date.UTC(2022, 10, 24)) }), 2, mapping)).toMatchObject({ registeredOn: '2022-11-24' });
    expect(parseImportRow(cells({ 1: new Date(Date.UTC(2565, 10, 24)) }), 2, mapping)).toMatchObject({ registeredOn: '2022-11-24' });
    expect(parseImportRow(cells({ 1: '24/11/2022' }), 2, mapping)).toEqual({ row: 2, reason: 'import_date_christian', detail: 'registeredOn' });
    expect(parseImportRow(cells({ 3: '31/02/2565' }), 2, mapping)).toEqual({ row: 2, reason: 'import_date_invalid', detail: 'letterDate' });
    expect(parseImportRow(cells({ 0: 'สิบสอง' }), 2, mapping)).toMatchObject({ reason: 'import_number_invalid' });
    expect(parseImportRow(cells({ 6: '' }), 2, mapping)).toEqual({ row: 2, reason: 'import_field_missing', detail: 'subject' });
    expect(parseImportRow(cells({ 6: 'ก'.repeat(1001) }), 2, mapping)).toEqual({ row: 2, reason: 'import_field_too_long', detail: 'subject' });
  });

  it('refuses every line of a number a year already has in the file', () => {
    const rows = [['1', '2565'], ['2', '2565'], ['1', '2565'], ['1', '2566']].map(([n, y], i) => parseImportRow(cells({ 0: n!, 1: `01/01/${y}` }), i + 2, mapping) as ImportRow);
    expect([...duplicateNumbers(rows)].sort()).toEqual([2, 4]);
  });
});
